package io.netdrift.benchmarks.adaptation;

import io.netdrift.core.network.BuiltInTopologies;
import io.netdrift.core.network.DirectedLink;
import io.netdrift.core.network.FailedElements;
import io.netdrift.core.network.Topology;
import io.netdrift.flink.forecast.NetworkDriftSignal;
import io.netdrift.schema.AffectedLink;
import io.netdrift.schema.LinkTelemetry;
import io.netdrift.schema.NetworkEvent;
import io.netdrift.schema.NetworkEventType;
import io.netdrift.simulator.FailureEvent;
import io.netdrift.simulator.FailureScenario;
import io.netdrift.simulator.FailureSchedule;
import io.netdrift.simulator.NetworkSimulator;
import io.netdrift.simulator.SimulationStep;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Euro28 telemetry generated into memory before anything is timed: a failure-free training part,
 * then the stream the operator is fed ({@link Layout}): episodes in which the Euro28 drastic link
 * (highest betweenness) fails and is repaired. The network events of each failure and repair become
 * one {@link NetworkDriftSignal} per link direction whose routed load changes, with the routing
 * regime after the event, as {@code NetworkStateFunction} sends them (the simulator computes the
 * changes with the same {@code RoutingPrior}).
 */
final class TelemetryReplay {

  /** One stream step: the network signals of the step (usually none), then its telemetry. */
  record Step(long timestampMs, List<NetworkDriftSignal> signals, List<LinkTelemetry> telemetry) {}

  /**
   * Where each part of the stream lies, in stream steps: the warm-up (its link down in its middle
   * third), then episodes of {@code quietSteps} steps without a failure followed by {@code
   * failedSteps} with the link down (repaired at the start of the next episode's quiet part, or at
   * the end of the stream).
   */
  record Layout(int warmupSteps, int episodes, int quietSteps, int failedSteps) {
    int episodeSteps() {
      return quietSteps + failedSteps;
    }

    int streamSteps() {
      return warmupSteps + episodes * episodeSteps();
    }

    /** Stream step at which episode {@code e} (0-based) fails its link. */
    int failStep(int e) {
      return warmupSteps + e * episodeSteps() + quietSteps;
    }

    /** Stream step at which episode {@code e} is repaired (the first step of the next episode). */
    int repairStep(int e) {
      return warmupSteps + (e + 1) * episodeSteps();
    }

    /** 0-based episode of a stream step, or -1 in the warm-up. */
    int episodeOf(int step) {
      return step < warmupSteps ? -1 : (step - warmupSteps) / episodeSteps();
    }

    /** Whether the failure of the step's episode (or of the warm-up) is in force at this step. */
    boolean failed(int step) {
      if (step < warmupSteps) {
        return step >= warmupSteps / 3 && step < 2 * warmupSteps / 3;
      }
      int e = episodeOf(step);
      return step >= failStep(e) && step < repairStep(e);
    }
  }

  final Topology topology;
  final String failingLink;
  final long stepMs;
  final List<List<LinkTelemetry>> training;
  final List<Step> stream;
  final Layout layout;

  private TelemetryReplay(
      Topology topology,
      String failingLink,
      long stepMs,
      List<List<LinkTelemetry>> training,
      List<Step> stream,
      Layout layout) {
    this.topology = topology;
    this.failingLink = failingLink;
    this.stepMs = stepMs;
    this.training = training;
    this.stream = stream;
    this.layout = layout;
  }

  static TelemetryReplay generate(int trainingSteps, Layout layout, long stepMs, long seed) {
    Topology euro28 = BuiltInTopologies.euro28();
    String link = FailureScenario.DRASTIC.failingLink(euro28, false).orElseThrow();
    Instant start = NetworkSimulator.Builder.DEFAULT_START;
    long t0 = start.toEpochMilli();
    List<FailureEvent> events = new ArrayList<>();
    int w = layout.warmupSteps();
    if (w >= 3) {
      events.add(at(t0, stepMs, trainingSteps + w / 3, NetworkEventType.LINK_DOWN, link));
      events.add(at(t0, stepMs, trainingSteps + 2 * w / 3, NetworkEventType.LINK_UP, link));
    }
    for (int e = 0; e < layout.episodes(); e++) {
      events.add(
          at(t0, stepMs, trainingSteps + layout.failStep(e), NetworkEventType.LINK_DOWN, link));
      events.add(
          at(t0, stepMs, trainingSteps + layout.repairStep(e), NetworkEventType.LINK_UP, link));
    }
    int total = trainingSteps + layout.streamSteps();
    // a repair scheduled after the last step is never applied: the last episode ends repaired
    events.removeIf(e -> e.timestampMs() >= t0 + total * stepMs);
    NetworkSimulator simulator =
        NetworkSimulator.builder()
            .topology(euro28)
            .seed(seed)
            .start(start)
            .stepLength(Duration.ofMillis(stepMs))
            .telemetryNoise(0.02)
            .failures(FailureSchedule.of(euro28, events))
            .maxSteps(total)
            .build();
    List<List<LinkTelemetry>> training = new ArrayList<>(trainingSteps);
    List<Step> stream = new ArrayList<>(layout.streamSteps());
    FailedElements failed = FailedElements.none();
    for (int i = 0; i < total; i++) {
      SimulationStep step = simulator.next();
      if (i < trainingSteps) {
        if (!step.events().isEmpty()) {
          throw new IllegalStateException("the training days must be failure-free");
        }
        training.add(step.telemetry());
        continue;
      }
      List<NetworkDriftSignal> signals = new ArrayList<>();
      for (NetworkEvent event : step.events()) {
        failed = failed.apply(event.getType().name(), event.getElement());
        for (AffectedLink a : event.getAffectedLinks()) {
          signals.add(signal(event, a, failed.regimeKey()));
        }
      }
      stream.add(new Step(step.timestampMs(), signals, step.telemetry()));
    }
    return new TelemetryReplay(simulator.topology(), link, stepMs, training, stream, layout);
  }

  private static FailureEvent at(
      long t0, long stepMs, int step, NetworkEventType type, String link) {
    return new FailureEvent(t0 + step * stepMs, type, link);
  }

  private static NetworkDriftSignal signal(NetworkEvent event, AffectedLink a, String regime) {
    NetworkDriftSignal s = new NetworkDriftSignal();
    s.linkKey = DirectedLink.key(a.getLinkId(), a.getSrcNode(), a.getDstNode());
    s.linkId = a.getLinkId();
    s.srcNode = a.getSrcNode();
    s.dstNode = a.getDstNode();
    s.eventTimeMs = event.getTimestampMs();
    s.eventId = event.getEventId();
    s.eventType = event.getType().name();
    s.element = event.getElement();
    s.loadBeforeMbps = a.getLoadBeforeMbps() == null ? Double.NaN : a.getLoadBeforeMbps();
    s.loadAfterMbps = a.getLoadAfterMbps() == null ? Double.NaN : a.getLoadAfterMbps();
    s.regime = regime;
    return s;
  }

  int directions() {
    return topology.directedLinkCount();
  }

  /** Signals of the first failure in the stream (for the report). */
  int signalsPerFailure() {
    for (int i = 0; i < stream.size(); i++) {
      if (!stream.get(i).signals().isEmpty()
          && stream.get(i).signals().get(0).eventType.equals("LINK_DOWN")) {
        return stream.get(i).signals().size();
      }
    }
    return 0;
  }
}
