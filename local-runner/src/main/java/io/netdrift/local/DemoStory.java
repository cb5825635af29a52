package io.netdrift.local;

import io.netdrift.core.metrics.PhaseErrors;
import io.netdrift.core.network.DirectedLink;
import io.netdrift.schema.AdaptationEvent;
import io.netdrift.schema.NetworkEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the demo tells on the console while it runs, from what a consumer of its topics sees: one
 * progress line a second (step, rates, every lane's rolling error) and a line for each thing that
 * happens, when it happens: a failure or repair read from the network-events topic, the link
 * directions the job re-routed around it, a lane's model swapped, rolled back or reused, and a lane
 * recovering from the failure (its rolling RMSE back near its pre-failure level, as {@link
 * PhaseErrors} defines it).
 *
 * <p>Adaptation events arrive per link direction, a checkpoint's worth at a time; events of one
 * lane, type and time are told as one line once a tick passed without more of them. Single
 * threaded: fed and read by the demo's monitor loop.
 */
final class DemoStory {
  /** Types told one line per lane, time and type (the rest are counted). */
  private static final Set<String> TOLD =
      Set.of("MODEL_SWAPPED", "ROLLBACK", "REGIME_REUSED", "DRIFT_DETECTED");

  private final List<String> lanes;
  private final long startMs;
  private final long stepMs;
  private final long totalSteps;
  private final List<NetworkEvent> networkEvents = new ArrayList<>();
  private final List<String> pending = new ArrayList<>();
  private final Map<String, Group> groups = new LinkedHashMap<>();
  private final Set<String> recoveredLanes = new HashSet<>();
  private final Map<String, Long> retrainsByLane = new TreeMap<>();
  private final Set<String> retrainsCounted = new HashSet<>();
  private long tick;
  private long lastTelemetry;
  private long lastPredictions;
  private long lastSteps;

  /**
   * @param lanes lane names in job order
   * @param startMs time of step 0
   * @param stepMs time between steps
   * @param totalSteps steps the run feeds
   */
  DemoStory(List<String> lanes, long startMs, long stepMs, long totalSteps) {
    this.lanes = List.copyOf(lanes);
    this.startMs = startMs;
    this.stepMs = stepMs;
    this.totalSteps = totalSteps;
  }

  /** A failure, repair or re-route read from the network-events input topic. */
  void onNetworkEvent(NetworkEvent e) {
    networkEvents.add(e);
    pending.add(
        String.format(
            Locale.ROOT,
            "step %d: %s %s (read from the network-events topic)",
            step(e.getTimestampMs()),
            e.getType(),
            e.getElement()));
  }

  /** One committed adaptation event. */
  void onAdaptationEvent(AdaptationEvent e) {
    String type = e.getType().name();
    String lane = e.getStrategy() == null ? "" : e.getStrategy();
    if (type.equals("RETRAIN_FINISHED") || type.equals("RETRAIN_REJECTED")) {
      if (retrainsCounted.add(lane + '@' + e.getEventTimeMs())) {
        retrainsByLane.merge(lane, 1L, Long::sum);
      }
    }
    if (!TOLD.contains(type)) {
      return;
    }
    boolean announced = "network-event".equals(e.getDetector());
    if (type.equals("DRIFT_DETECTED") && !announced) {
      return; // a detector alone: counted on the adaptation-events topic, not told line by line
    }
    // the re-route marks of one network event are told once, over all lanes
    String key =
        type.equals("DRIFT_DETECTED")
            ? "reroute@" + causeOf(e.getEventTimeMs())
            : lane + '|' + type + '@' + e.getEventTimeMs();
    Group group = groups.computeIfAbsent(key, k -> new Group(type, lane, e.getEventTimeMs()));
    group.touched = tick;
    if (e.getLinkId() != null) {
      group.links.add(DirectedLink.key(e.getLinkId(), e.getSrcNode(), e.getDstNode()));
    }
    if (e.getModelVersionAfter() != null) {
      group.versionAfter = e.getModelVersionAfter();
    }
    if (e.getLatencyMs() != null) {
      group.latencyMs = e.getLatencyMs();
    }
  }

  /**
   * The lines of what happened since the last call: events read a tick ago or earlier, and lanes
   * that recovered.
   */
  List<String> newEvents(Map<String, PhaseErrors> phaseErrorsByLane) {
    return newEvents(phaseErrorsByLane, false);
  }

  /**
   * @param last whether the run is over: every step is scored (while it runs, a lane's newest
   *     scored step may still get predictions, so its rolling error is judged a step behind)
   */
  private List<String> newEvents(Map<String, PhaseErrors> phaseErrorsByLane, boolean last) {
    tick++;
    List<String> lines = new ArrayList<>(pending);
    pending.clear();
    var it = groups.values().iterator();
    while (it.hasNext()) {
      Group group = it.next();
      if (group.touched < tick - 1 && !group.told) {
        lines.add(group.line());
        group.told = true;
      }
    }
    for (String lane : lanes) {
      PhaseErrors errors = phaseErrorsByLane.get(lane);
      if (errors == null || recoveredLanes.contains(lane)) {
        continue;
      }
      PhaseErrors.Summary summary =
          errors.summaryThrough(last ? Long.MAX_VALUE : scoredThrough(errors));
      if (summary.recovered()) {
        recoveredLanes.add(lane);
        lines.add(
            String.format(
                Locale.ROOT,
                "step %d: %s recovered in %d steps (rolling RMSE within %.1fx its pre-failure %.1f"
                    + " Mbps for %d steps; worst so far %.1f)",
                step(failureTimeMs()) + summary.recoverySteps(),
                lane,
                summary.recoverySteps(),
                PhaseErrors.RECOVERY_TOLERANCE,
                summary.preFailureRollingRmseMbps(),
                PhaseErrors.RECOVERY_CONFIRMATION_STEPS,
                summary.worstRollingRmseMbps()));
      }
    }
    return lines;
  }

  /** Whatever is still untold (at the end of the run). */
  List<String> rest(Map<String, PhaseErrors> phaseErrorsByLane) {
    tick++;
    return newEvents(phaseErrorsByLane, true);
  }

  /**
   * The progress line: steps fed, rates since the last line, records per output topic and every
   * lane's rolling RMSE over its newest scored steps.
   *
   * @param seconds time since the last progress line
   */
  String progressLine(
      long stepsFed,
      long telemetry,
      long predictions,
      long adaptationEvents,
      long deadLetters,
      double seconds,
      Map<String, PhaseErrors> phaseErrorsByLane) {
    double perSecond = seconds > 0 ? 1 / seconds : 0;
    StringBuilder line =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "step %d/%d | %.1f steps/s | in %.0f telemetry/s | out %.0f predictions/s,"
                    + " %d adaptation events, %d dead letters",
                stepsFed,
                totalSteps,
                (stepsFed - lastSteps) * perSecond,
                (telemetry - lastTelemetry) * perSecond,
                (predictions - lastPredictions) * perSecond,
                adaptationEvents,
                deadLetters));
    lastSteps = stepsFed;
    lastTelemetry = telemetry;
    lastPredictions = predictions;
    StringBuilder errors = new StringBuilder();
    for (String lane : lanes) {
      PhaseErrors errorsOfLane = phaseErrorsByLane.get(lane);
      if (errorsOfLane == null) {
        continue;
      }
      var rolling =
          new TreeMap<>(errorsOfLane.rollingRmseByTime()).floorEntry(scoredThrough(errorsOfLane));
      if (rolling != null) {
        errors.append(String.format(Locale.ROOT, " %s %.0f", lane, rolling.getValue()));
      }
    }
    if (!errors.isEmpty()) {
      line.append(" | rolling RMSE Mbps (")
          .append(PhaseErrors.ROLLING_WINDOW_STEPS)
          .append(" steps):")
          .append(errors);
    }
    long retrains = retrainsByLane.values().stream().mapToLong(Long::longValue).sum();
    if (retrains > 0) {
      line.append(" | retrains ").append(retrains);
    }
    return line.toString();
  }

  /** The newest target time taken as fully scored: the one before the newest scored. */
  private long scoredThrough(PhaseErrors errors) {
    var rolling = new TreeMap<>(errors.rollingRmseByTime());
    return rolling.isEmpty() ? Long.MIN_VALUE : rolling.lastKey() - stepMs;
  }

  private long failureTimeMs() {
    for (NetworkEvent e : networkEvents) {
      if (e.getType().name().endsWith("_DOWN")) {
        return e.getTimestampMs();
      }
    }
    return startMs;
  }

  /** The time of the newest network event at or before {@code timeMs} (the re-route's cause). */
  private long causeOf(long timeMs) {
    long cause = Long.MIN_VALUE;
    for (NetworkEvent e : networkEvents) {
      if (e.getTimestampMs() <= timeMs && e.getTimestampMs() > cause) {
        cause = e.getTimestampMs();
      }
    }
    return cause == Long.MIN_VALUE ? timeMs : cause;
  }

  private NetworkEvent networkEventAt(long timeMs) {
    for (NetworkEvent e : networkEvents) {
      if (e.getTimestampMs() == timeMs) {
        return e;
      }
    }
    return null;
  }

  long step(long timeMs) {
    return Math.floorDiv(timeMs - startMs, stepMs);
  }

  /** Adaptation events of one lane, type and time (or one network event's re-route marks). */
  private final class Group {
    final String type;
    final String lane;
    final long timeMs;
    final Set<String> links = new HashSet<>();
    long touched;
    boolean told;
    Long versionAfter;
    Long latencyMs;

    Group(String type, String lane, long timeMs) {
      this.type = type;
      this.lane = lane;
      this.timeMs = timeMs;
    }

    String line() {
      String directions =
          links.size() == 1 ? "1 link direction" : links.size() + " link directions";
      return switch (type) {
        case "DRIFT_DETECTED" -> {
          NetworkEvent cause = networkEventAt(causeOf(timeMs));
          String what =
              cause == null ? "a network event" : cause.getType() + " " + cause.getElement();
          yield String.format(
              Locale.ROOT,
              "step %d: %s; %s re-routed (the job marked them DRIFT_DETECTED for every lane)",
              step(cause == null ? timeMs : cause.getTimestampMs()),
              what,
              directions);
        }
        case "MODEL_SWAPPED" ->
            String.format(
                Locale.ROOT,
                "step %d: %s swapped in model v%s on %s%s",
                step(timeMs),
                lane,
                versionAfter == null ? "?" : versionAfter,
                directions,
                latencyMs == null
                    ? ""
                    : String.format(Locale.ROOT, " (retrain %.1f s)", latencyMs / 1e3));
        case "ROLLBACK" ->
            String.format(
                Locale.ROOT,
                "step %d: %s rolled back to model v%s on %s (the new version did worse)",
                step(timeMs),
                lane,
                versionAfter == null ? "?" : versionAfter,
                directions);
        case "REGIME_REUSED" ->
            String.format(
                Locale.ROOT,
                "step %d: %s reused model v%s, kept for this routing, on %s",
                step(timeMs),
                lane,
                versionAfter == null ? "?" : versionAfter,
                directions);
        default -> String.format(Locale.ROOT, "step %d: %s %s", step(timeMs), lane, type);
      };
    }
  }
}
