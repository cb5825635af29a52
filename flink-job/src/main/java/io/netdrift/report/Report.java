package io.netdrift.report;

import io.netdrift.core.metrics.PhaseErrors;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
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
    int width = Math.max(4, lanes.keySet().stream().mapToInt(String::length).max().orElse(4));
    String row = "%-" + width + "s | %8s | %13s | %12s | %8s | %s%n";
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "RMSE Mbps by phase (rolling window %d steps; recovered = within %.1fx the pre-failure"
                + " rolling RMSE for %d steps):%n",
            PhaseErrors.ROLLING_WINDOW_STEPS,
            PhaseErrors.RECOVERY_TOLERANCE,
            PhaseErrors.RECOVERY_CONFIRMATION_STEPS));
    out.append(
        String.format(
            Locale.ROOT,
            row,
            "lane",
            "before",
            "after failure",
            "after repair",
            "worst",
            "recovery steps"));
    for (LaneSummary lane : lanes.values()) {
      out.append(
          String.format(
              Locale.ROOT,
              row,
              lane.lane(),
              Format.mbps(lane.beforeFailure().rmseMbps()),
              Format.mbps(lane.afterFailure().rmseMbps()),
              Format.mbps(lane.afterRepair().rmseMbps()),
              Format.mbps(lane.worstRollingRmseMbps()),
              Format.recovery(lane)));
    }
    return out.toString();
  }
}
