package io.netdrift.report;

import java.util.List;

/**
 * The targets of an evaluation, after the (first) failure.
 *
 * @param adaptiveBeatStatic every adaptive lane has a lower RMSE than static
 * @param hybridNearBestAdaptive every hybrid lane is within {@link ReportMetrics#HYBRID_TOLERANCE}
 *     times the better of liquid and incremental
 * @param bestAdaptiveBeatsPersistence the best adaptive lane has a lower RMSE than persistence
 */
public record Verdicts(
    Verdict adaptiveBeatStatic,
    Verdict hybridNearBestAdaptive,
    Verdict bestAdaptiveBeatsPersistence) {

  public List<Verdict> all() {
    return List.of(adaptiveBeatStatic, hybridNearBestAdaptive, bestAdaptiveBeatsPersistence);
  }

  /** True when no applicable verdict was missed. */
  public boolean noneMissed() {
    return all().stream().noneMatch(v -> v.outcome() == Verdict.Outcome.MISSED);
  }
}
