package io.netdrift.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every committed previous version of a topic schema ({@code src/test/resources/schemas/vN/}) must
 * stay readable by the current schema ({@code src/main/avro/}): consumers upgraded first still
 * decode records that old producers wrote (backward compatibility). A new version directory, a
 * field removed from the current schema without a default, or a changed type fails here.
 */
class SchemaCompatibilityTest {

  private static final Path CURRENT = Path.of("src", "main", "avro");

  @TestFactory
  Stream<DynamicTest> currentSchemaReadsEveryPreviousVersion() throws Exception {
    List<Path> previous = previousVersions();
    assertThat(previous)
        .as("committed previous versions under schemas/")
        .extracting(p -> p.getFileName().toString())
        .contains(
            "AdaptationEvent.avsc",
            "DeadLetter.avsc",
            "LinkTelemetry.avsc",
            "LoadPrediction.avsc",
            "NetworkEvent.avsc",
            "TrafficSample.avsc");
    return previous.stream()
        .map(
            old ->
                DynamicTest.dynamicTest(
                    old.getParent().getFileName() + "/" + old.getFileName(),
                    () -> {
                      Path current = CURRENT.resolve(old.getFileName().toString());
                      assertThat(current)
                          .as("%s was removed from src/main/avro", old.getFileName())
                          .exists();
                      SchemaPairCompatibility result =
                          SchemaCompatibility.checkReaderWriterCompatibility(
                              parse(current), parse(old));
                      assertThat(result.getType())
                          .as(
                              "current %s cannot read data written with %s: %s",
                              current, old, result.getResult().getIncompatibilities())
                          .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
                    }));
  }

  @Test
  void everyCurrentSchemaHasAPreviousVersion() throws Exception {
    List<String> committed =
        previousVersions().stream().map(p -> p.getFileName().toString()).toList();
    try (Stream<Path> files = Files.list(CURRENT)) {
      assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".avsc")))
          .allSatisfy(name -> assertThat(committed).contains(name));
    }
  }

  @Test
  void checkReportsARequiredFieldAddedWithoutDefaultAsIncompatible() {
    Schema old =
        new Schema.Parser()
            .parse(
                """
                {"type": "record", "name": "TrafficSample", "namespace": "io.netdrift.schema",
                 "fields": [{"name": "timestampMs", "type": "long"}]}
                """);
    Schema withRequiredField =
        new Schema.Parser()
            .parse(
                """
                {"type": "record", "name": "TrafficSample", "namespace": "io.netdrift.schema",
                 "fields": [{"name": "timestampMs", "type": "long"},
                            {"name": "demandMbps", "type": "double"}]}
                """);
    Schema withDefault =
        new Schema.Parser()
            .parse(
                """
                {"type": "record", "name": "TrafficSample", "namespace": "io.netdrift.schema",
                 "fields": [{"name": "timestampMs", "type": "long"},
                            {"name": "demandMbps", "type": "double", "default": 0.0}]}
                """);

    assertThat(SchemaCompatibility.checkReaderWriterCompatibility(withRequiredField, old).getType())
        .isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
    assertThat(SchemaCompatibility.checkReaderWriterCompatibility(withDefault, old).getType())
        .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
  }

  @Test
  void checkReportsAnIncompatibleTypeChangeOfACurrentSchema() throws IOException {
    Schema current = parse(CURRENT.resolve("LinkTelemetry.avsc"));
    String json = Files.readString(CURRENT.resolve("LinkTelemetry.avsc"));
    // a writer that sent loadMbps as a string cannot be read by the current double field
    Schema stringLoad =
        new Schema.Parser()
            .parse(
                json.replace(
                    "{\"name\": \"loadMbps\", \"type\": \"double\"",
                    "{\"name\": \"loadMbps\", \"type\": \"string\""));
    assertThat(stringLoad.getField("loadMbps").schema().getType()).isEqualTo(Schema.Type.STRING);
    assertThat(SchemaCompatibility.checkReaderWriterCompatibility(current, stringLoad).getType())
        .isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
  }

  private static List<Path> previousVersions() throws IOException, URISyntaxException {
    URL root = SchemaCompatibilityTest.class.getResource("/schemas");
    assertThat(root).as("test resource directory /schemas").isNotNull();
    try (Stream<Path> files = Files.walk(Path.of(root.toURI()))) {
      return files.filter(p -> p.toString().endsWith(".avsc")).sorted().toList();
    }
  }

  private static Schema parse(Path file) throws IOException {
    return new Schema.Parser().parse(file.toFile());
  }
}
