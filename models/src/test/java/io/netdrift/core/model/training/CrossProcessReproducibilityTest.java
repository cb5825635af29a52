package io.netdrift.core.model.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdrift.core.model.ModelArchitecture;
import io.netdrift.core.model.ModelConfig;
import io.netdrift.core.model.ModelKind;
import io.netdrift.core.model.ModelTestSupport;
import io.netdrift.core.model.ModelWeights;
import io.netdrift.core.model.runtime.DeviceSelection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A seeded training gives the same weights in separate JVMs. In one JVM it always did; across
 * processes TensorFlow's gradient builder creates the gradient nodes in a different order each
 * time, and without {@link GradientSumOrder} and the arithmetic optimizer off the recurrent models
 * differed after the first step (the MLP has no shared sums, it is the control).
 */
class CrossProcessReproducibilityTest {

  @ParameterizedTest
  @ValueSource(strings = {"gru", "cfc", "mlp"})
  void twoProcessesTrainTheSameWeights(String kind) throws Exception {
    String first = trainInNewJvm(kind);
    String second = trainInNewJvm(kind);
    assertThat(first).as("weights digest").matches("[0-9a-f]{64}");
    assertThat(second).isEqualTo(first);
  }

  private static String trainInNewJvm(String kind) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String p : new String[] {"TENSORFLOW_LIBRARY_PATH", "ai.djl.offline"}) {
      if (System.getProperty(p) != null) {
        cmd.add("-D" + p + "=" + System.getProperty(p));
      }
    }
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(TrainOnce.class.getName());
    cmd.add(kind);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    String[] lines = out.strip().split("\n");
    return lines[lines.length - 1].strip();
  }

  /** Trains a small seeded model and prints the SHA-256 of its weights (the child JVM's main). */
  public static final class TrainOnce {
    public static void main(String[] args) throws Exception {
      ModelConfig c = ModelConfig.defaults(ModelKind.parse(args[0]), 300f);
      TrainingConfig t = TrainingConfig.defaults().withEpochs(2, 6).withTestFraction(0).withSeed(5);
      ModelWeights start = ModelArchitecture.initialWeights(c, 3);
      List<LinkSeries> links = ModelTestSupport.sines(3, 400, 24, 5);
      TrainingResult r =
          ModelTrainer.train(c, t, links, Map.of(), DeviceSelection.parse("cpu"), start);
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (String name : new TreeSet<>(r.weights().asMap().keySet())) {
        for (float v : r.weights().values(name)) {
          int bits = Float.floatToRawIntBits(v);
          md.update(
              new byte[] {
                (byte) bits, (byte) (bits >> 8), (byte) (bits >> 16), (byte) (bits >> 24)
              });
        }
      }
      System.out.println(HexFormat.of().formatHex(md.digest()));
    }
  }
}
