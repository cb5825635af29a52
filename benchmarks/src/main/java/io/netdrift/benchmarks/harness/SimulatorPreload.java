package io.netdrift.benchmarks.harness;

import io.netdrift.simulator.KafkaPublisherConfig;
import io.netdrift.simulator.KafkaStepPublisher;
import io.netdrift.simulator.NetworkSimulator;

/** Publishes the simulator's first steps into a run's input topics before the job starts. */
public final class SimulatorPreload {
  private SimulatorPreload() {}

  /** The simulator's records did not all reach the broker; the run never started. */
  public static final class PreloadFailedException extends RuntimeException {
    PreloadFailedException(Throwable cause) {
      super(cause.getMessage(), cause);
    }
  }

  /**
   * Publishes {@code steps} steps to the input topics of {@code topics}, logging every tenth of
   * them; returns the seconds it took.
   */
  public static double publish(
      NetworkSimulator simulator,
      int steps,
      String bootstrapServers,
      RunTopics topics,
      BenchmarkConsole console) {
    long t0 = System.nanoTime();
    console.log(
        "pre-loading %d steps into %s, %s, %s ...",
        steps, topics.telemetry(), topics.traffic(), topics.networkEvents());
    KafkaPublisherConfig config =
        KafkaPublisherConfig.defaults(bootstrapServers)
            .withTopics(topics.telemetry(), topics.traffic(), topics.networkEvents());
    try (KafkaStepPublisher publisher = new KafkaStepPublisher(config)) {
      long tenth = Math.max(1, steps / 10);
      publisher.publish(
          simulator,
          steps,
          done -> {
            if (done % tenth == 0) {
              console.log(
                  "  pre-load: %d/%d steps (%.0f s)", done, steps, (System.nanoTime() - t0) / 1e9);
            }
          });
    } catch (IllegalStateException e) {
      throw new PreloadFailedException(e);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    console.log("pre-loaded in %.1f s", seconds);
    return seconds;
  }
}
