package io.netdrift.local;

import io.netdrift.core.network.DirectedLink;
import io.netdrift.schema.LinkTelemetry;
import io.netdrift.simulator.SimulationStep;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the demo's simulator fed, per link direction and step, for {@code --report}: the measured
 * load (the telemetry the job saw) and the noise-free routed load. Written by the feeder thread,
 * read once it has ended.
 */
final class DemoTruth {
  private final long[] stepTimesMs;
  private final Map<String, double[]> actualMbps = new LinkedHashMap<>();
  private final Map<String, double[]> expectedMbps = new LinkedHashMap<>();

  DemoTruth(int steps, long startMs, long stepMs) {
    stepTimesMs = new long[steps];
    for (int i = 0; i < steps; i++) {
      stepTimesMs[i] = startMs + i * stepMs;
    }
  }

  /** Records step {@code index} as fed. */
  void record(int index, SimulationStep step) {
    for (LinkTelemetry t : step.telemetry()) {
      series(actualMbps, DirectedLink.key(t.getLinkId(), t.getSrcNode(), t.getDstNode()))[index] =
          t.getLoadMbps();
    }
    step.expectedLoadMbps().forEach((link, load) -> series(expectedMbps, link)[index] = load);
  }

  private double[] series(Map<String, double[]> byLink, String link) {
    return byLink.computeIfAbsent(
        link,
        l -> {
          double[] values = new double[stepTimesMs.length];
          Arrays.fill(values, Double.NaN);
          return values;
        });
  }

  long[] stepTimesMs() {
    return stepTimesMs;
  }

  Map<String, double[]> actualMbps() {
    return actualMbps;
  }

  Map<String, double[]> expectedMbps() {
    return expectedMbps;
  }
}
