package io.netdrift.local;

import io.netdrift.core.metrics.PhaseErrors;
import io.netdrift.core.metrics.PhaseErrors.Phase;
import io.netdrift.core.metrics.PhaseErrors.PhaseError;
import io.netdrift.report.PhaseTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Presents {@link PhaseErrors} per lane: the summary JSON's {@code beforeFailure}, {@code
 * afterFailure} and {@code afterRepair} objects, and the console table printed at the end of the
 * demo. Values undefined for a lane (no predictions in a phase) become JSON {@code null}.
 */
final class PhaseReport {
  private PhaseReport() {}

  static Map<String, Object> json(PhaseErrors.Summary summary) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("beforeFailure", phase(summary.phases().get(Phase.BEFORE_FAILURE)));
    Map<String, Object> afterFailure = phase(summary.phases().get(Phase.AFTER_FAILURE));
    afterFailure.put("rollingRmseBeforeFailureMbps", number(summary.preFailureRollingRmseMbps()));
    afterFailure.put("worstRollingRmseMbps", number(summary.worstRollingRmseMbps()));
    afterFailure.put("recoverySteps", summary.recovered() ? summary.recoverySteps() : null);
    afterFailure.put("recovered", summary.recovered());
    json.put("afterFailure", afterFailure);
    json.put("afterRepair", phase(summary.phases().get(Phase.AFTER_REPAIR)));
    return json;
  }

  private static Map<String, Object> phase(PhaseError error) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("rmseMbps", number(error.rmseMbps()));
    json.put("mapePercent", number(error.mapePercent()));
    json.put("predictions", error.predictions());
    json.put("rmseVsNoiseFreeLoadMbps", number(error.rmseVsNoiseFreeMbps()));
    return json;
  }

  private static Double number(double value) {
    return Double.isFinite(value) ? Math.round(value * 1000) / 1000.0 : null;
  }

  /**
   * RMSE in Mbps per lane and phase, the worst rolling RMSE and the recovery, one row a lane, in
   * {@code laneOrder} (lanes without a score are left out).
   */
  static String table(Map<String, PhaseErrors> byLane, List<String> laneOrder) {
    Map<String, PhaseErrors> ordered = new LinkedHashMap<>();
    laneOrder.forEach(
        lane -> {
          if (byLane.containsKey(lane)) {
            ordered.put(lane, byLane.get(lane));
          }
        });
    byLane.forEach(ordered::putIfAbsent);
    return table(ordered);
  }

  /** RMSE in Mbps per lane and phase, the worst rolling RMSE and the recovery, one row a lane. */
  static String table(Map<String, PhaseErrors> byLane) {
    List<PhaseTable.Row> rows = new ArrayList<>();
    byLane.forEach(
        (lane, errors) -> {
          PhaseErrors.Summary s = errors.summary();
          rows.add(
              new PhaseTable.Row(
                  lane,
                  s.phases().get(Phase.BEFORE_FAILURE).rmseMbps(),
                  s.phases().get(Phase.AFTER_FAILURE).rmseMbps(),
                  s.phases().get(Phase.AFTER_REPAIR).rmseMbps(),
                  s.worstRollingRmseMbps(),
                  s.recovered() ? s.recoverySteps() : -1));
        });
    return PhaseTable.format(rows);
  }
}
