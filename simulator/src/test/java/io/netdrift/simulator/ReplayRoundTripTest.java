package io.netdrift.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdrift.core.network.BuiltInTopologies;
import io.netdrift.core.network.Topology;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayRoundTripTest {

  @Test
  void replayingTheWrittenTrafficReproducesTheLinkLoads(@TempDir Path directory)
      throws IOException {
    Path generated = directory.resolve("generated");
    NetworkSimulator simulator =
        NetworkSimulator.builder()
            .seed(4)
            .scenario(FailureScenario.DRASTIC, 2, 4)
            .maxSteps(6)
            .build();
    write(simulator, generated);

    Topology topology = BuiltInTopologies.euro28();
    Path replayed = directory.resolve("replayed");
    NetworkSimulator replay =
        NetworkSimulator.builder()
            .topology(topology)
            .traffic(ReplayTrafficModel.read(generated.resolve("traffic.csv"), topology))
            .scenario(FailureScenario.DRASTIC, 2, 4)
            .build();
    write(replay, replayed);

    List<String> original = Files.readAllLines(generated.resolve("link_load.csv"));
    List<String> again = Files.readAllLines(replayed.resolve("link_load.csv"));
    assertThat(again).hasSameSizeAs(original);
    for (int i = 1; i < original.size(); i++) {
      String[] before = original.get(i).split(",");
      String[] after = again.get(i).split(",");
      // Same direction, same measured load; the replay's expected load is its measured load.
      assertThat(List.of(after).subList(0, 5)).isEqualTo(List.of(before).subList(0, 5));
      assertThat(after[5]).isEqualTo(before[4]);
    }
  }

  private static void write(NetworkSimulator simulator, Path directory) {
    try (CsvStepWriter writer = new CsvStepWriter(directory, simulator.topology())) {
      while (simulator.hasNext()) {
        writer.write(simulator.next());
      }
      writer.commit();
    }
  }

  @Property(tries = 50)
  void aWrittenMatrixReadsBackExactly(
      @ForAll @Size(min = 1, max = 30) List<@DoubleRange(min = 0, max = 1e6) Double> demands,
      @ForAll @IntRange(min = 1, max = 5) int steps) {
    Topology triangle = ReplayTrafficModelTest.triangle();
    String[][] pairs = {{"X", "Y"}, {"Y", "Z"}, {"Z", "X"}, {"X", "Z"}, {"Y", "X"}, {"Z", "Y"}};
    StringBuilder csv = new StringBuilder("timestamp,src,dst,mbps\n");
    int index = 0;
    for (int step = 0; step < steps; step++) {
      for (int p = 0; p < pairs.length && index < demands.size(); p++, index++) {
        csv.append(java.time.Instant.ofEpochSecond(60L * step))
            .append(',')
            .append(pairs[p][0])
            .append(',')
            .append(pairs[p][1])
            .append(',')
            .append(demands.get(index))
            .append('\n');
      }
    }
    int written = index;
    ReplayTrafficModel model =
        ReplayTrafficModel.read("m.csv", new StringReader(csv.toString()), triangle);
    var offered = new io.netdrift.core.network.DemandMatrix(triangle);
    var expected = new io.netdrift.core.network.DemandMatrix(triangle);
    index = 0;
    while (model.hasNext()) {
      model.next(offered, expected);
      for (int p = 0; p < pairs.length && index < written; p++, index++) {
        assertThat(offered.get(pairs[p][0], pairs[p][1])).isEqualTo(demands.get(index));
      }
    }
    assertThat(index).isEqualTo(written);
  }
}
