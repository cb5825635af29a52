package io.netdrift.evaluate;

import io.netdrift.core.network.BuiltInTopologies;
import io.netdrift.core.network.Topology;
import io.netdrift.schema.LinkStatus;
import io.netdrift.schema.LinkTelemetry;
import io.netdrift.simulator.FailureEvent;
import io.netdrift.simulator.FailureScenario;
import io.netdrift.simulator.FailureSchedule;
import io.netdrift.simulator.GravitySineTrafficConfig;
import io.netdrift.simulator.NetworkSimulator;
import io.netdrift.simulator.ReplayTrafficModel;
import io.netdrift.simulator.SimulationStep;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an evaluation runs: a network, its traffic (measured matrices replayed, or the simulator's
 * gravity/sine demand) and its failures, as a factory of identical {@link NetworkSimulator}s — one
 * pass collects the truth (measured and noise-free load of every link direction at every step),
 * another feeds the job, and both see the same data because the simulator is seeded.
 *
 * @param topology built-in name (euro28, abilene) or a topology CSV
 * @param traffic measured OD matrices to replay ({@code timestamp,src,dst,mbps}), or null for
 *     synthetic traffic
 * @param failures failure log ({@code timestamp,type,element}), or null to use {@code scenario}
 * @param scenario named scenario (drastic, moderate) when there is no failure log
 * @param failAtStep step of the scenario's failure (negative: 60 % of the steps)
 * @param repairAtStep step of its repair (negative: 80 % of the steps)
 * @param steps steps to run (null: the whole replay, or {@link #DEFAULT_SYNTHETIC_STEPS})
 * @param syntheticStep step length of synthetic traffic
 * @param seed seed of synthetic traffic and of the telemetry noise
 */
public record EvaluationScenario(
    String topology,
    Path traffic,
    Path failures,
    String scenario,
    long failAtStep,
    long repairAtStep,
    Integer steps,
    Duration syntheticStep,
    long seed) {

  /** Twelve days of 15-minute steps: a week and more of history before the failure at 60 %. */
  public static final int DEFAULT_SYNTHETIC_STEPS = 1152;

  /** Relative measurement noise on the telemetry, as in the demo. */
  public static final double TELEMETRY_NOISE = 0.02;

  /** Checks the files before anything starts, with a message a user can act on. */
  public void validate() {
    for (Path file : new Path[] {traffic, failures}) {
      if (file != null && !Files.isReadable(file)) {
        throw new IllegalArgumentException("cannot read " + file);
      }
    }
    if (traffic != null && failures == null && "none".equalsIgnoreCase(scenario)) {
      throw new IllegalArgumentException(
          "measured traffic needs a failure log (--failures F.csv) or a --scenario");
    }
    if (steps != null && steps < 4) {
      throw new IllegalArgumentException("--steps must be >= 4, was " + steps);
    }
  }

  /** A new simulator over the whole scenario (every call gives the same steps). */
  public NetworkSimulator newSimulator() {
    Topology network = BuiltInTopologies.builtInOrFile(topology);
    NetworkSimulator.Builder builder =
        NetworkSimulator.builder().topology(network).seed(seed).telemetryNoise(TELEMETRY_NOISE);
    int total;
    if (traffic != null) {
      ReplayTrafficModel replay = ReplayTrafficModel.read(traffic, network);
      long stepMs = replay.regularStepMs();
      builder.traffic(replay).stepLength(Duration.ofMillis(stepMs));
      total = steps != null ? Math.min(steps, replay.stepCount()) : replay.stepCount();
    } else {
      builder.generatedTraffic(GravitySineTrafficConfig.defaults()).stepLength(syntheticStep);
      total = steps != null ? steps : DEFAULT_SYNTHETIC_STEPS;
    }
    builder.maxSteps(total);
    if (failures != null) {
      builder.failures(FailureSchedule.read(failures, network));
    } else {
      long failAt = failAtStep >= 0 ? failAtStep : Math.round(total * 0.6);
      long repairAt = repairAtStep >= 0 ? repairAtStep : Math.round(total * 0.8);
      builder.scenario(FailureScenario.parse(scenario), failAt, repairAt);
    }
    return builder.build();
  }

  /** People's description of the traffic, for the report. */
  public String describeTraffic() {
    return traffic != null
        ? "measured matrices replayed from " + traffic.getFileName()
        : String.format(
            "synthetic gravity/sine demand, %d-minute steps, seed %d",
            syntheticStep.toMinutes(), seed);
  }

  /** People's description of the failures, for the report. */
  public String describeFailures() {
    return failures != null
        ? "failure log " + failures.getFileName()
        : "scenario " + scenario.toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * The truth of every step: measured load (0 while a link is down) and noise-free load of every
   * link direction, and the failures paired with their repairs.
   */
  public record Truth(
      Topology topology,
      long stepMs,
      long[] stepTimesMs,
      Map<String, double[]> actualMbps,
      Map<String, double[]> expectedMbps,
      List<Outage> outages,
      long telemetryRecords) {

    /** Index of the step at {@code timeMs}, or -1 off the grid. */
    public int stepIndex(long timeMs) {
      long offset = timeMs - stepTimesMs[0];
      if (offset < 0 || offset % stepMs != 0) {
        return -1;
      }
      long index = offset / stepMs;
      return index < stepTimesMs.length ? (int) index : -1;
    }
  }

  /** An element down from {@code downMs} until {@code upMs} ({@code Long.MAX_VALUE}: never up). */
  public record Outage(String element, long downMs, long upMs) {}

  /** Runs the scenario once without Kafka and keeps what the report scores against. */
  public Truth collectTruth() {
    NetworkSimulator simulator = newSimulator();
    Topology network = simulator.topology();
    int directions = network.directedLinkCount();
    List<Long> times = new ArrayList<>();
    List<double[]> actual = new ArrayList<>();
    List<double[]> expected = new ArrayList<>();
    long telemetry = 0;
    while (simulator.hasNext()) {
      SimulationStep step = simulator.next();
      times.add(step.timestampMs());
      double[] a = new double[directions];
      double[] e = new double[directions];
      List<LinkTelemetry> records = step.telemetry();
      telemetry += records.size();
      for (int d = 0; d < directions; d++) {
        LinkTelemetry t = records.get(d);
        a[d] = t.getStatus() == LinkStatus.DOWN ? 0 : t.getLoadMbps();
        Double noiseFree = step.expectedLoadMbps().get(network.directedLink(d).key());
        e[d] = noiseFree == null ? Double.NaN : noiseFree;
      }
      actual.add(a);
      expected.add(e);
    }
    if (times.size() < 2) {
      throw new IllegalArgumentException("the scenario has " + times.size() + " step(s)");
    }
    int n = times.size();
    long[] stepTimes = times.stream().mapToLong(Long::longValue).toArray();
    Map<String, double[]> actualByLink = new LinkedHashMap<>();
    Map<String, double[]> expectedByLink = new LinkedHashMap<>();
    for (int d = 0; d < directions; d++) {
      double[] a = new double[n];
      double[] e = new double[n];
      for (int i = 0; i < n; i++) {
        a[i] = actual.get(i)[d];
        e[i] = expected.get(i)[d];
      }
      actualByLink.put(network.directedLink(d).key(), a);
      expectedByLink.put(network.directedLink(d).key(), e);
    }
    return new Truth(
        network,
        stepTimes[1] - stepTimes[0],
        stepTimes,
        actualByLink,
        expectedByLink,
        outages(simulator.failureSchedule().events(), stepTimes[n - 1]),
        telemetry);
  }

  /** Every DOWN paired with the next UP of the same element, in time order, within the run. */
  static List<Outage> outages(List<FailureEvent> events, long lastStepMs) {
    List<Outage> out = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      FailureEvent down = events.get(i);
      if (!down.type().name().endsWith("_DOWN") || down.timestampMs() > lastStepMs) {
        continue;
      }
      long up = Long.MAX_VALUE;
      for (int j = i + 1; j < events.size(); j++) {
        FailureEvent e = events.get(j);
        if (e.element().equals(down.element()) && e.type().name().endsWith("_UP")) {
          up = e.timestampMs() <= lastStepMs ? e.timestampMs() : Long.MAX_VALUE;
          break;
        }
      }
      out.add(new Outage(down.element(), down.timestampMs(), up));
    }
    return out;
  }
}
