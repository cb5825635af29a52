package io.netdrift.benchmarks.scale;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.state.StateObject;

/**
 * What a savepoint holds: its directory size on disk and, from its {@code _metadata}, the keyed and
 * operator state of every operator (Flink's own handle sizes: inline bytes or file ranges).
 */
record SavepointSizes(
    long directoryBytes, long metadataBytes, Map<String, OperatorSize> operators) {

  /** Keyed and operator (non-keyed) state bytes of one operator, over its subtasks. */
  record OperatorSize(long keyedBytes, long operatorBytes) {
    long totalBytes() {
      return keyedBytes + operatorBytes;
    }
  }

  long keyedBytes() {
    return operators.values().stream().mapToLong(OperatorSize::keyedBytes).sum();
  }

  /** Reads a savepoint by the path {@code stopWithSavepoint} returned (a URI or a plain path). */
  static SavepointSizes read(String pointer) {
    Path dir = pointer.startsWith("file:") ? Path.of(URI.create(pointer)) : Path.of(pointer);
    try {
      long total;
      try (Stream<Path> files = Files.walk(dir)) {
        total =
            files
                .filter(Files::isRegularFile)
                .mapToLong(
                    p -> {
                      try {
                        return Files.size(p);
                      } catch (IOException e) {
                        throw new UncheckedIOException(e);
                      }
                    })
                .sum();
      }
      Path metadataFile = dir.resolve("_metadata");
      CheckpointMetadata metadata;
      try (InputStream in = Files.newInputStream(metadataFile)) {
        metadata =
            Checkpoints.loadCheckpointMetadata(
                new DataInputStream(in),
                SavepointSizes.class.getClassLoader(),
                dir.toUri().toString());
      }
      Map<String, OperatorSize> operators = new LinkedHashMap<>();
      for (OperatorState operator : metadata.getOperatorStates()) {
        long keyed = 0;
        long nonKeyed = 0;
        for (OperatorSubtaskState subtask : operator.getStates()) {
          keyed += size(subtask.getManagedKeyedState()) + size(subtask.getRawKeyedState());
          nonKeyed += size(subtask.getManagedOperatorState()) + size(subtask.getRawOperatorState());
        }
        if (keyed + nonKeyed == 0) {
          continue;
        }
        String name =
            operator.getOperatorName().orElse("operator " + operator.getOperatorID())
                + operator.getOperatorUid().map(uid -> " [" + uid + "]").orElse("");
        operators.merge(
            name,
            new OperatorSize(keyed, nonKeyed),
            (a, b) ->
                new OperatorSize(
                    a.keyedBytes() + b.keyedBytes(), a.operatorBytes() + b.operatorBytes()));
      }
      return new SavepointSizes(total, Files.size(metadataFile), operators);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long size(Iterable<? extends StateObject> handles) {
    long bytes = 0;
    for (StateObject handle : handles) {
      bytes += handle.getStateSize();
    }
    return bytes;
  }
}
