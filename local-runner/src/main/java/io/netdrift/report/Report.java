package io.netdrift.report;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The computed report of one evaluation run: per-lane summaries (in lane order), the failures with
 * the links they changed most, and the verdicts; {@code files} lists what {@link ReportWriter}
 * wrote (empty when only computed).
 */
public record Report(
    EvaluationRun run,
    List<FailureImpact> failures,
    Map<String, LaneSummary> lanes,
    Verdicts verdicts,
    List<Path> files) {

  Report withFiles(List<Path> written) {
    return new Report(run, failures, lanes, verdicts, List.copyOf(written));
  }

  /**
   * A fixed-width table for the console: RMSE in Mbps per lane before the failure, after it and
   * after the repair, the worst rolling RMSE and the recovery steps.
   */
  public String consoleTable() {
    java.util.List<PhaseTable.Row> rows = new java.util.ArrayList<>();
    for (LaneSummary lane : lanes.values()) {
      rows.add(
          new PhaseTable.Row(
              lane.lane(),
              lane.beforeFailure().rmseMbps(),
              lane.afterFailure().rmseMbps(),
              lane.afterRepair().rmseMbps(),
              lane.worstRollingRmseMbps(),
              lane.recovered() ? lane.recoverySteps() : -1));
    }
    return PhaseTable.format(rows);
  }
}
