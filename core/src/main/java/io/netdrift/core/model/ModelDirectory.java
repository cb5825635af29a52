package io.netdrift.core.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * A versioned model directory, the unit the trainer writes and the operator loads:
 *
 * <pre>
 * MODEL_DIR/
 *   model.properties        metadata: format, version, architecture, inputs, normalisation,
 *                           training range, links and scales, optimizer, metrics
 *   metrics.json            {"model": {"rmse", "mape"}, "persistence": {"rmse", "mape"}, "split",
 *                           ...}: on the test split when training had one; a trained model adds
 *                           the validation figures, the data ranges and the seed
 *   weights.bin             named weights (ModelWeights), for the plain-Java reference and
 *                           fine-tuning
 *   saved_model/            TensorFlow SavedModel (saved_model.pb + variables/), served by DJL
 * </pre>
 *
 * This class reads a directory and defines its files; {@code
 * io.netdrift.core.model.graph.ModelDirectoryWriter} writes one (the SavedModel export needs
 * TensorFlow, which this package does not).
 */
public final class ModelDirectory {
  public static final String METADATA = "model.properties";
  public static final String METRICS = "metrics.json";
  public static final String WEIGHTS = "weights.bin";
  public static final String SAVED_MODEL = "saved_model";

  private static final ObjectMapper JSON = new ObjectMapper();
  // two-space indent and "name": value, as the file was written before it went through Jackson
  private static final ObjectWriter JSON_FILE =
      JSON.writer(
          new DefaultPrettyPrinter()
              .withSeparators(
                  Separators.createDefaultInstance()
                      .withObjectFieldValueSpacing(Separators.Spacing.AFTER)));

  private final Path dir;
  private final ModelMetadata metadata;

  private ModelDirectory(Path dir, ModelMetadata metadata) {
    this.dir = dir;
    this.metadata = metadata;
  }

  public Path path() {
    return dir;
  }

  public ModelMetadata metadata() {
    return metadata;
  }

  public Path savedModel() {
    return dir.resolve(SAVED_MODEL);
  }

  /** Reads the weights. */
  public ModelWeights weights() {
    try {
      return ModelWeights.read(dir.resolve(WEIGHTS));
    } catch (IOException e) {
      throw new ModelLoadException("model directory " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Opens and validates a model directory.
   *
   * @throws ModelLoadException naming what is missing or corrupt
   */
  public static ModelDirectory open(Path dir) {
    if (dir == null) {
      throw new ModelLoadException("no model directory given");
    }
    if (!Files.exists(dir)) {
      throw new ModelLoadException("model directory " + dir + " does not exist");
    }
    if (!Files.isDirectory(dir)) {
      throw new ModelLoadException(dir + " is not a directory (expected a model directory)");
    }
    Path props = dir.resolve(METADATA);
    if (!Files.isRegularFile(props)) {
      throw new ModelLoadException(
          "model directory " + dir + " has no " + METADATA + ": not a netdrift model directory");
    }
    ModelMetadata metadata;
    try (InputStream in = Files.newInputStream(props)) {
      Properties p = new Properties();
      p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
      metadata = ModelMetadata.fromProperties(p);
    } catch (IOException | RuntimeException e) {
      throw new ModelLoadException(
          "model directory " + dir + ": corrupt " + METADATA + ": " + e.getMessage(), e);
    }
    if (!Files.isRegularFile(dir.resolve(SAVED_MODEL).resolve("saved_model.pb"))) {
      throw new ModelLoadException(
          "model directory " + dir + " has no " + SAVED_MODEL + "/saved_model.pb");
    }
    if (!Files.isDirectory(dir.resolve(SAVED_MODEL).resolve("variables"))) {
      throw new ModelLoadException(
          "model directory " + dir + " has no " + SAVED_MODEL + "/variables/");
    }
    if (!Files.isRegularFile(dir.resolve(WEIGHTS))) {
      throw new ModelLoadException("model directory " + dir + " has no " + WEIGHTS);
    }
    return new ModelDirectory(dir, metadata);
  }

  /**
   * The metrics file: model and persistence, the model's id and version, then {@code fields} (a
   * {@code split} field there replaces the default {@code "validation"}). Values are anything
   * Jackson writes: numbers, strings, booleans, {@code null}, maps and lists of those; names and
   * strings are escaped.
   */
  public static String metricsJson(ModelMetadata m, Map<String, ?> fields) {
    ObjectNode root = JSON.createObjectNode();
    root.set("model", JSON.valueToTree(m.validation().toMap()));
    root.set("persistence", JSON.valueToTree(m.persistence().toMap()));
    root.put("modelId", m.config().kind().id());
    root.put("modelVersion", m.modelVersion());
    if (!fields.containsKey("split")) {
      root.put("split", "validation");
    }
    fields.forEach((name, value) -> root.set(name, JSON.valueToTree(value)));
    try {
      return JSON_FILE.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("metrics.json field not writable as JSON", e);
    }
  }
}
