package io.netdrift.flink.forecast;

import io.netdrift.core.forecast.LaneScoring;
import io.netdrift.core.metrics.RollingError;
import io.netdrift.schema.AdaptationEvent;
import io.netdrift.schema.AdaptationEventType;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * The forecast operator's metrics: counters of what a subtask emits and how many model calls it
 * makes, the size of its last batch, and per strategy lane (group {@code strategy=<name>}) the
 * subtask's rolling errors, the newest serving version, the last recovery and, for adaptive lanes,
 * the retrains in flight and the versions accepted — what a dashboard shows of each lane.
 *
 * <p>The adaptation lifecycle per lane is counted by event type: counter {@code adaptationEvents}
 * in group {@code strategy=<lane>}, {@code event=<type>} (in Prometheus {@code
 * flink_taskmanager_job_task_operator_strategy_event_adaptationEvents{strategy,event}}), one count
 * per event the lane puts on the adaptation-events topic. Every type a lane can emit is registered
 * when the operator opens, so a dashboard's {@code increase(...)} starts from 0: the drift types
 * and RECOVERED for every lane (the scoring emits them), the retrain, swap, rollback and regime
 * types for adaptive lanes too. Network events (scope: a link, no lane) are counted by the
 * network-state function's {@code driftSignalsOut}.
 */
final class ForecastMetrics {
  /** The event types the scoring emits for any lane (the others come from adaptive lanes). */
  private static final Set<AdaptationEventType> SCORING_EVENTS =
      EnumSet.of(
          AdaptationEventType.DRIFT_DETECTED,
          AdaptationEventType.DRIFT_CONFIRMED,
          AdaptationEventType.DRIFT_CLEARED,
          AdaptationEventType.RECOVERED);

  final Counter predictionsOut;
  final Counter adaptationActions;
  final Counter deadLettersOut;
  final Counter modelCalls;

  /** Link directions whose state was dropped after a TTL of silence. */
  final Counter silentLinksDropped;

  private volatile int lastBatchRows;

  /** Per lane name, per event type: the events emitted. */
  private final Map<String, Map<AdaptationEventType, Counter>> adaptationEvents = new HashMap<>();

  private final Map<String, MetricGroup> laneGroups = new HashMap<>();

  ForecastMetrics(MetricGroup metrics, ServingLane[] lanes, LaneScoring scoring) {
    predictionsOut = metrics.counter("predictionsOut");
    adaptationActions = metrics.counter("adaptationActions");
    deadLettersOut = metrics.counter("lateOrDuplicateSamples");
    modelCalls = metrics.counter("modelCalls");
    silentLinksDropped = metrics.counter("silentLinksDropped");
    metrics.gauge("lastBatchRows", () -> lastBatchRows);
    for (int lane = 0; lane < lanes.length; lane++) {
      RollingError error = scoring.subtaskError(lane);
      ServingLane serving = lanes[lane];
      MetricGroup group = metrics.addGroup("strategy", serving.name());
      group.gauge("rollingRmseMbps", error::rmse);
      group.gauge("rollingMapePercent", () -> 100.0 * error.mape());
      group.gauge("scoredPredictions", error::count);
      group.gauge("modelVersion", serving::newestModelVersion);
      int index = lane;
      group.gauge("lastRecoverySteps", () -> scoring.lastRecoverySteps(index));
      group.gauge("worstRollingRmseAfterDriftMbps", () -> scoring.worstRmseAfterDrift(index));
      if (serving.adaptive != null) {
        group.gauge("retrainsInFlight", serving.adaptive::retrainsInFlight);
        group.gauge("modelVersionsAccepted", () -> serving.adaptive.versions().size() - 1);
      }
      Map<AdaptationEventType, Counter> byType = new EnumMap<>(AdaptationEventType.class);
      for (AdaptationEventType type : AdaptationEventType.values()) {
        if (type != AdaptationEventType.OTHER
            && (serving.adaptive != null || SCORING_EVENTS.contains(type))) {
          byType.put(type, group.addGroup("event", type.name()).counter("adaptationEvents"));
        }
      }
      adaptationEvents.put(serving.name(), byType);
      laneGroups.put(serving.name(), group);
    }
  }

  /**
   * Counts an event on the adaptation-events topic under its lane and type (a type not registered
   * up front gets its counter now); an event of no lane is not counted here.
   */
  void adaptationEventEmitted(AdaptationEvent event) {
    Map<AdaptationEventType, Counter> byType = adaptationEvents.get(event.getStrategy());
    if (byType != null) {
      byType
          .computeIfAbsent(
              event.getType(),
              type ->
                  laneGroups
                      .get(event.getStrategy())
                      .addGroup("event", type.name())
                      .counter("adaptationEvents"))
          .inc();
    }
  }

  /** The counter of a lane's events of one type; null for none (no lane, a type never emitted). */
  Counter adaptationEvents(String lane, AdaptationEventType type) {
    Map<AdaptationEventType, Counter> byType = lane == null ? null : adaptationEvents.get(lane);
    return byType == null ? null : byType.get(type);
  }

  /** Rows of the batch just served (samples rejected at serving time excluded). */
  void batchServed(int rows) {
    lastBatchRows = rows;
  }
}
