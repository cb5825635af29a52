package io.netdrift.benchmarks.harness;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options several benchmarks share, as picocli mixins ({@code @Mixin}). */
public final class SharedOptions {
  private SharedOptions() {}

  /** {@code --out}: the directory the results are written to. */
  public static final class ResultsDirectory {
    @Option(
        names = "--out",
        defaultValue = "benchmarks/results",
        description = "Directory of the results (default: ${DEFAULT-VALUE}).")
    private Path out;

    public Path path() {
      return out;
    }
  }

  /** {@code --checkpoint-interval-ms}: the job's exactly-once checkpoint interval. */
  public static final class CheckpointInterval {
    @Option(
        names = "--checkpoint-interval-ms",
        defaultValue = "1000",
        description = "Checkpoint interval in ms (default: ${DEFAULT-VALUE}).")
    private long checkpointIntervalMs;

    public long millis() {
      return checkpointIntervalMs;
    }
  }

  /** {@code --seed}: the simulator's seed. */
  public static final class SimulatorSeed {
    @Option(names = "--seed", defaultValue = "7", description = "Simulator seed (default: 7).")
    private long seed;

    public long value() {
      return seed;
    }
  }
}
