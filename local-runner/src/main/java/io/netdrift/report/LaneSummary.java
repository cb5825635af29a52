package io.netdrift.report;

import java.util.Map;

/**
 * What one lane did over the run, scored around the first failure and its repair.
 *
 * @param lane lane name
 * @param beforeFailure error of the predictions targeting times before the failure
 * @param afterFailure error from the failure to the repair
 * @param afterRepair error after the repair
 * @param overall error over the whole run
 * @param worstRollingRmseMbps largest rolling RMSE from the failure to the repair (NaN if none)
 * @param recoverySteps steps from the failure until the rolling RMSE is back near its pre-failure
 *     level (see {@link io.netdrift.core.metrics.PhaseErrors}); -1 when it did not recover
 * @param adaptation retrains, swaps, rollbacks and versions of the lane
 * @param vsPersistenceAfterFailure this lane's RMSE after the failure over persistence's (NaN when
 *     either is undefined)
 * @param vsStaticAfterFailure same against the static lane (NaN when there is none)
 * @param rollingRmseByTime rolling RMSE per step time, oldest first
 */
public record LaneSummary(
    String lane,
    PhaseSummary beforeFailure,
    PhaseSummary afterFailure,
    PhaseSummary afterRepair,
    PhaseSummary overall,
    double worstRollingRmseMbps,
    long recoverySteps,
    AdaptationCounts adaptation,
    double vsPersistenceAfterFailure,
    double vsStaticAfterFailure,
    Map<Long, Double> rollingRmseByTime) {

  public boolean recovered() {
    return recoverySteps >= 0;
  }

  /** Adaptive lanes adapt their model online: liquid, incremental, hybrid and their variants. */
  public static boolean isAdaptive(String lane) {
    return lane.startsWith("liquid") || lane.startsWith("incremental") || lane.startsWith("hybrid");
  }
}
