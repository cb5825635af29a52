package io.netdrift.core.model.graph;

import io.netdrift.core.model.ModelDirectory;
import io.netdrift.core.model.ModelLoadException;
import io.netdrift.core.model.ModelMetadata;
import io.netdrift.core.model.ModelWeights;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes a {@link ModelDirectory}: SavedModel, weights, metadata and {@code metrics.json}. It lives
 * beside {@link SavedModelWriter} because the export needs TensorFlow, so the plain {@code
 * io.netdrift.core.model} package (which reads directories) does not depend on this one.
 *
 * <p>A directory is written next to its target and renamed into place, so a reader never sees half
 * a model; writing over an existing model bumps its version.
 */
public final class ModelDirectoryWriter {
  private ModelDirectoryWriter() {}

  /**
   * Writes a model directory (atomically replaced). The version in {@code metadata} is raised above
   * the version of a model already at {@code dir}.
   *
   * @return the directory as written (with its final version)
   */
  public static ModelDirectory write(Path dir, ModelMetadata metadata, ModelWeights weights)
      throws IOException {
    return write(dir, metadata, weights, Map.of());
  }

  /**
   * Writes a model directory whose {@code metrics.json} carries extra fields after model and
   * persistence (e.g. {@code TrainingResult.metricsJsonFields()}).
   *
   * @param metricsFields field name to value (see {@link ModelDirectory#metricsJson}), in order
   */
  public static ModelDirectory write(
      Path dir, ModelMetadata metadata, ModelWeights weights, Map<String, ?> metricsFields)
      throws IOException {
    Path abs = dir.toAbsolutePath();
    Files.createDirectories(abs.getParent());
    long version = metadata.modelVersion();
    if (Files.isRegularFile(abs.resolve(ModelDirectory.METADATA))) {
      try {
        version = Math.max(version, ModelDirectory.open(abs).metadata().modelVersion() + 1);
      } catch (ModelLoadException e) {
        // an unreadable old model is simply replaced
      }
    }
    ModelMetadata m = metadata.withModelVersion(version);
    Path tmp = Files.createTempDirectory(abs.getParent(), abs.getFileName() + ".writing");
    try {
      SavedModelWriter.export(m.config(), weights, tmp.resolve(ModelDirectory.SAVED_MODEL));
      weights.write(tmp.resolve(ModelDirectory.WEIGHTS));
      try (OutputStream out = Files.newOutputStream(tmp.resolve(ModelDirectory.METADATA))) {
        m.toProperties()
            .store(
                new OutputStreamWriter(out, StandardCharsets.UTF_8),
                "netdrift model " + m.config().kind().id() + " v" + version);
      }
      Files.writeString(
          tmp.resolve(ModelDirectory.METRICS),
          ModelDirectory.metricsJson(m, metricsFields),
          StandardCharsets.UTF_8);
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
    return ModelDirectory.open(abs);
  }

  private static void deleteTree(Path p) {
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
