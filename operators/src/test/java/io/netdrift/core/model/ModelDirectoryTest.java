package io.netdrift.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netdrift.core.model.runtime.DeviceSelection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Missing, incomplete and corrupt model directories give clear errors. */
class ModelDirectoryTest {
  @TempDir Path tmp;

  private final ModelConfig config = new ModelConfig(ModelKind.GRU, 3, 1, 4, 4, 6, 0, 60f);

  private Path model() throws Exception {
    Path dir = tmp.resolve("model");
    ModelDirectory.write(
        dir,
        ModelTestSupport.untrainedMetadata(config),
        ModelArchitecture.initialWeights(config, 1));
    return dir;
  }

  @Test
  void missingDirectory() {
    assertThatThrownBy(() -> ModelRegistry.load(tmp.resolve("absent"), DeviceSelection.CPU))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void notAModelDirectory() throws Exception {
    Files.createDirectories(tmp.resolve("empty"));
    assertThatThrownBy(() -> ModelDirectory.open(tmp.resolve("empty")))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("model.properties");
  }

  @Test
  void corruptMetadata() throws Exception {
    Path dir = model();
    Files.writeString(dir.resolve("model.properties"), "format.version=1\nmodel.kind=cfc\n");
    assertThatThrownBy(() -> ModelDirectory.open(dir))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("corrupt model.properties");
  }

  @Test
  void missingSavedModel() throws Exception {
    Path dir = model();
    Files.delete(dir.resolve("saved_model").resolve("saved_model.pb"));
    assertThatThrownBy(() -> ModelDirectory.open(dir))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("saved_model.pb");
  }

  @Test
  void corruptSavedModelFailsAtLoadWithThePath() throws Exception {
    Path dir = model();
    Files.write(dir.resolve("saved_model").resolve("saved_model.pb"), new byte[] {1, 2, 3, 4});
    assertThatThrownBy(() -> ModelRegistry.load(dir, DeviceSelection.CPU))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("cannot load SavedModel");
  }

  @Test
  void corruptWeights() throws Exception {
    Path dir = model();
    Files.write(dir.resolve("weights.bin"), new byte[] {0, 1});
    assertThatThrownBy(() -> ModelDirectory.open(dir).weights())
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("weights.bin");
  }

  @Test
  void rewriteBumpsVersionAndKeepsMetadata() throws Exception {
    Path dir = model();
    ModelDirectory again =
        ModelDirectory.write(
            dir,
            ModelTestSupport.untrainedMetadata(config),
            ModelArchitecture.initialWeights(config, 2));
    assertThat(again.metadata().modelVersion()).isEqualTo(2);
    assertThat(again.metadata().config()).isEqualTo(config);
    assertThat(Files.readString(dir.resolve("metrics.json"))).contains("\"persistence\"");
    try (Stream<Path> s = Files.list(tmp)) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactly("model");
    }
  }
}
