package io.netdrift.core.model;

import io.netdrift.core.model.graph.SavedModelWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;

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
 * A directory is written next to its target and renamed into place, so a reader never sees half a
 * model; writing over an existing model bumps its version.
 */
public final class ModelDirectory {
  public static final String METADATA = "model.properties";
  public static final String METRICS = "metrics.json";
  public static final String WEIGHTS = "weights.bin";
  public static final String SAVED_MODEL = "saved_model";

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
   * Writes a model directory (atomically replaced). The version in {@code metadata} is raised above
   * the version of a model already at {@code dir}.
   *
   * @return the directory as written (with its final version)
   */
  public static ModelDirectory write(Path dir, ModelMetadata metadata, ModelWeights weights)
      throws IOException {
    return write(dir, metadata, weights, java.util.Map.of());
  }

  /**
   * Writes a model directory whose {@code metrics.json} carries extra fields after model and
   * persistence (e.g. {@code TrainingResult.metricsJsonFields()}).
   *
   * @param metricsFields field name to raw JSON value, in order
   */
  public static ModelDirectory write(
      Path dir,
      ModelMetadata metadata,
      ModelWeights weights,
      java.util.Map<String, String> metricsFields)
      throws IOException {
    Path abs = dir.toAbsolutePath();
    Files.createDirectories(abs.getParent());
    long version = metadata.modelVersion();
    if (Files.isRegularFile(abs.resolve(METADATA))) {
      try {
        version = Math.max(version, open(abs).metadata().modelVersion() + 1);
      } catch (ModelLoadException e) {
        // an unreadable old model is simply replaced
      }
    }
    ModelMetadata m =
        new ModelMetadata(
            metadata.formatVersion(),
            version,
            metadata.config(),
            metadata.optimizer(),
            metadata.trainedAt(),
            metadata.trainingFrom(),
            metadata.trainingTo(),
            metadata.validationTo(),
            metadata.linkScales(),
            metadata.trainingSteps(),
            metadata.trainingStepsPerSecond(),
            metadata.validation(),
            metadata.persistence());
    Path tmp = Files.createTempDirectory(abs.getParent(), abs.getFileName() + ".writing");
    try {
      SavedModelWriter.export(m.config(), weights, tmp.resolve(SAVED_MODEL));
      weights.write(tmp.resolve(WEIGHTS));
      try (OutputStream out = Files.newOutputStream(tmp.resolve(METADATA))) {
        m.toProperties()
            .store(
                new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8),
                "netdrift model " + m.config().kind().id() + " v" + version);
      }
      Files.writeString(
          tmp.resolve(METRICS), metricsJson(m, metricsFields), StandardCharsets.UTF_8);
      if (Files.exists(abs)) {
        Path old = Files.createTempDirectory(abs.getParent(), abs.getFileName() + ".old");
        Files.delete(old);
        Files.move(abs, old, StandardCopyOption.ATOMIC_MOVE);
        Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE);
        deleteTree(old);
      } else {
        Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE);
      }
    } finally {
      deleteTree(tmp);
    }
    return open(abs);
  }

  /** The metrics file: model and persistence (on the validation split, say no fields more). */
  public static String metricsJson(ModelMetadata m) {
    return metricsJson(m, java.util.Map.of());
  }

  /**
   * The metrics file: model and persistence, the model's id and version, then {@code fields} (a
   * {@code split} field there replaces the default {@code "validation"}).
   */
  public static String metricsJson(ModelMetadata m, java.util.Map<String, String> fields) {
    StringBuilder b =
        new StringBuilder("{\n  \"model\": ")
            .append(m.validation().toJson())
            .append(",\n  \"persistence\": ")
            .append(m.persistence().toJson())
            .append(",\n  \"modelId\": \"")
            .append(m.config().kind().id())
            .append("\",\n  \"modelVersion\": ")
            .append(m.modelVersion());
    if (!fields.containsKey("split")) {
      b.append(",\n  \"split\": \"validation\"");
    }
    fields.forEach((k, v) -> b.append(",\n  \"").append(k).append("\": ").append(v));
    return b.append("\n}\n").toString();
  }

  static void deleteTree(Path p) {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(q);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
