package io.netdrift.benchmarks.harness;

import io.netdrift.core.network.Topology;
import io.netdrift.simulator.FailureScenario;
import io.netdrift.simulator.NetworkSimulator;
import java.time.Duration;

/**
 * The simulated network every throughput, latency and scale benchmark feeds: 15-minute steps, 2%
 * telemetry noise, the scenario's link failure at a third of the steps and its repair at two
 * thirds.
 */
public final class FailureAndRepair {
  /** One simulator step (and the job's {@code --step-ms}). */
  public static final Duration STEP = Duration.ofMinutes(15);

  private FailureAndRepair() {}

  /** A seeded simulator of {@code steps} steps on {@code topology}. */
  public static NetworkSimulator simulator(
      Topology topology, long seed, int steps, FailureScenario scenario) {
    return NetworkSimulator.builder()
        .topology(topology)
        .seed(seed)
        .stepLength(STEP)
        .telemetryNoise(0.02)
        .scenario(scenario, steps / 3, 2L * steps / 3)
        .maxSteps(steps)
        .build();
  }
}
