package io.netdrift.benchmarks.scale;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.runtime.checkpoint.CompletedCheckpointStats;

/**
 * What the latest completed checkpoint of a job costs: Flink's own figures (the full state it
 * references and the bytes it uploaded itself) and the checkpoint's files on disk. A checkpoint
 * directory {@code <checkpointDir>/<jobId>/} holds {@code chk-N/} (what belongs to checkpoint N
 * alone: the heap backend's whole snapshot, RocksDB's private files and metadata), {@code shared/}
 * (RocksDB's SST files, referenced by every incremental checkpoint that still needs them) and
 * {@code taskowned/}. With one retained checkpoint (Flink's default) {@code shared/} holds what the
 * latest checkpoint references, plus whatever a checkpoint in progress has uploaded already.
 *
 * @param id the checkpoint's number N
 * @param stateBytes the full state the checkpoint references ({@code getStateSize}: for RocksDB's
 *     incremental checkpoints the shared files too)
 * @param uploadedBytes what this checkpoint wrote itself ({@code getCheckpointedSize}: for the heap
 *     backend the whole snapshot)
 * @param exclusiveBytes {@code chk-N/} on disk
 * @param sharedBytes {@code shared/} on disk
 * @param taskOwnedBytes {@code taskowned/} on disk
 */
record CheckpointFootprint(
    long id,
    long stateBytes,
    long uploadedBytes,
    long exclusiveBytes,
    long sharedBytes,
    long taskOwnedBytes) {

  /** What a restore from this checkpoint finds on disk: {@code chk-N/}, shared and task-owned. */
  long directoryBytes() {
    return exclusiveBytes + sharedBytes + taskOwnedBytes;
  }

  /**
   * Measures a completed checkpoint. Empty when its directory disappeared while it was read (a
   * newer checkpoint subsumed it): the caller takes the next one.
   */
  static java.util.Optional<CheckpointFootprint> of(CompletedCheckpointStats checkpoint) {
    String pointer = checkpoint.getExternalPath();
    Path exclusive = pointer.startsWith("file:") ? Path.of(URI.create(pointer)) : Path.of(pointer);
    Path jobDir = exclusive.getParent();
    try {
      long exclusiveBytes = bytes(exclusive);
      if (!Files.exists(exclusive.resolve("_metadata"))) {
        return java.util.Optional.empty();
      }
      return java.util.Optional.of(
          new CheckpointFootprint(
              checkpoint.getCheckpointId(),
              checkpoint.getStateSize(),
              checkpoint.getCheckpointedSize(),
              exclusiveBytes,
              bytes(jobDir.resolve("shared")),
              bytes(jobDir.resolve("taskowned"))));
    } catch (NoSuchFileException e) {
      return java.util.Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Bytes of the regular files below {@code dir}; files deleted while walking count 0. */
  static long bytes(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = walk.filter(Files::isRegularFile).toList();
    } catch (UncheckedIOException e) {
      if (e.getCause() instanceof NoSuchFileException missing) {
        throw missing;
      }
      throw e;
    }
    long total = 0;
    for (Path file : files) {
      try {
        total += Files.size(file);
      } catch (NoSuchFileException e) {
        // subsumed and deleted meanwhile: not part of the latest checkpoint
      }
    }
    return total;
  }
}
