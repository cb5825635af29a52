package io.netdrift.core.adaptation;

import io.netdrift.core.model.ModelDirectory;
import io.netdrift.core.model.ModelMetadata;
import io.netdrift.core.model.ModelWeights;
import io.netdrift.core.model.graph.ModelDirectoryWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Where the versions of the adaptive lanes live: {@code ROOT/<lane>/subtask-<i>/v<version>/}, each
 * a complete model directory ({@link ModelDirectory}: SavedModel, weights, metadata) plus {@code
 * version.properties} with its lineage. A version directory is written once and never replaced or
 * deleted by the job; a version number already on disk (written before a crash, after the last
 * checkpoint) is skipped, not overwritten.
 *
 * <p>Versions are per subtask: link keys are partitioned over subtasks, so each subtask adapts the
 * links it owns. The root is a local directory by default; on a cluster give every TaskManager the
 * same shared path.
 */
public final class ModelStore {
  private final Path root;

  public ModelStore(Path root) {
    this.root = root.toAbsolutePath();
  }

  public Path root() {
    return root;
  }

  public Path directory(String lane, int subtask, long version) {
    return root.resolve(lane).resolve("subtask-" + subtask).resolve("v" + version);
  }

  /** The lowest version number ≥ {@code floor} with nothing on disk at it or above it. */
  public long nextFreeVersion(String lane, int subtask, long floor) {
    Path dir = root.resolve(lane).resolve("subtask-" + subtask);
    long next = floor;
    if (Files.isDirectory(dir)) {
      try (Stream<Path> children = Files.list(dir)) {
        for (Path child : (Iterable<Path>) children::iterator) {
          String name = child.getFileName().toString();
          if (name.matches("v\\d+")) {
            next = Math.max(next, Long.parseLong(name.substring(1)) + 1);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list the model store at " + dir, e);
      }
    }
    return next;
  }

  /**
   * Reserves the lowest free version number ≥ {@code floor} by creating its directory atomically:
   * two writers (a trainer of a task that is being cancelled and the restored task's) can never get
   * the same number.
   *
   * @throws UncheckedIOException when the store cannot be written
   */
  public long reserve(String lane, int subtask, long floor) {
    long number = nextFreeVersion(lane, subtask, floor);
    try {
      Files.createDirectories(directory(lane, subtask, number).getParent());
      while (true) {
        try {
          Files.createDirectory(directory(lane, subtask, number));
          return number;
        } catch (java.nio.file.FileAlreadyExistsException taken) {
          number++;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reserve a model version in " + root, e);
    }
  }

  /**
   * Writes an accepted version into its {@link #reserve reserved} directory.
   *
   * @throws UncheckedIOException when the store cannot be written
   * @throws IllegalStateException when the version directory was not reserved or holds a model
   */
  public ModelDirectory write(
      int subtask, ModelVersion version, ModelMetadata metadata, ModelWeights weights) {
    Path dir = directory(version.lane(), subtask, version.version());
    try (Stream<Path> content = Files.list(dir)) {
      if (content.findAny().isPresent()) {
        throw new IllegalStateException("model version already in the store: " + dir);
      }
    } catch (IOException e) {
      throw new IllegalStateException("model version directory not reserved: " + dir, e);
    }
    try {
      ModelDirectory written =
          ModelDirectoryWriter.write(dir, metadata.withModelVersion(version.version()), weights);
      try (OutputStream out = Files.newOutputStream(dir.resolve("version.properties"))) {
        version
            .toProperties()
            .store(
                new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8),
                "netdrift model version lineage");
      }
      return written;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write model version " + dir, e);
    }
  }
}
