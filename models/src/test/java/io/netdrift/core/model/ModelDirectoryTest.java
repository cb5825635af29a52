package io.netdrift.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netdrift.core.model.graph.ModelDirectoryWriter;
import io.netdrift.core.model.runtime.DeviceSelection;
import io.netdrift.core.model.serving.ModelRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Missing, incomplete and corrupt model directories give clear errors. */
class ModelDirectoryTest {
  @TempDir Path tmp;

  private final ModelConfig config = new ModelConfig(ModelKind.GRU, 3, 1, 4, 4, 6, 0, 60f);

  private Path model() throws Exception {
    Path dir = tmp.resolve("model");
    ModelDirectoryWriter.write(
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
        ModelDirectoryWriter.write(
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

  @Test
  void metricsJsonEscapesNamesAndStringsAndRoundTrips() throws Exception {
    String name = "link \"A\\B\" / \u00e9\t\n";
    String value = "C:\\models\\\"cfc\"";
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("quote\"d", List.of(1.5, "back\\slash"));
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put(name, value);
    fields.put("nested", nested);
    fields.put("split", "test");

    String json = ModelDirectory.metricsJson(ModelTestSupport.untrainedMetadata(config), fields);
    JsonNode tree = new ObjectMapper().readTree(json);

    assertThat(tree.get(name).asText()).isEqualTo(value);
    assertThat(
            new ObjectMapper()
                .convertValue(tree.get("nested"), new TypeReference<Map<String, Object>>() {}))
        .isEqualTo(nested);
    assertThat(tree.get("split").asText()).isEqualTo("test");
    assertThat(tree.get("modelId").asText()).isEqualTo(ModelKind.GRU.id());
    // an untrained model has no error figures: JSON null, not the invalid token NaN
    assertThat(tree.at("/model/rmse").isNull()).isTrue();
    assertThat(tree.at("/persistence/count").asLong()).isZero();
  }
}
