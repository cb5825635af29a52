package io.netdrift.flink.forecast;

import io.netdrift.core.forecast.LaneScoring;
import io.netdrift.core.metrics.RollingError;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * The forecast operator's metrics: counters of what a subtask emits and how many model calls it
 * makes, the size of its last batch, and per strategy lane (group {@code strategy=<name>}) the
 * subtask's rolling errors, the newest serving version, the last recovery and, for adaptive lanes,
 * the retrains in flight and the versions accepted — what a dashboard shows of each lane.
 */
final class ForecastMetrics {
  final Counter predictionsOut;
  final Counter adaptationActions;
  final Counter deadLettersOut;
  final Counter modelCalls;

  /** Link directions whose state was dropped after a TTL of silence. */
  final Counter silentLinksDropped;

  private volatile int lastBatchRows;

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
    }
  }

  /** Rows of the batch just served (samples rejected at serving time excluded). */
  void batchServed(int rows) {
    lastBatchRows = rows;
  }
}
