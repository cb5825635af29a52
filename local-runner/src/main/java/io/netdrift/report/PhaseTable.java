package io.netdrift.report;

import io.netdrift.core.metrics.PhaseErrors;
import java.util.List;
import java.util.Locale;

/**
 * The per-lane console table of the demo and of {@code evaluate}: RMSE in Mbps before the failure,
 * after it and after the repair, the worst rolling RMSE and the recovery steps.
 */
public final class PhaseTable {

  /** One lane's row; NaN prints as "-", a negative recovery as "not recovered". */
  public record Row(
      String lane,
      double beforeMbps,
      double afterFailureMbps,
      double afterRepairMbps,
      double worstRollingMbps,
      long recoverySteps) {}

  private PhaseTable() {}

  public static String format(List<Row> rows) {
    if (rows.isEmpty()) {
      return "";
    }
    int width = Math.max(4, rows.stream().mapToInt(r -> r.lane().length()).max().orElse(4));
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
    for (Row r : rows) {
      out.append(
          String.format(
              Locale.ROOT,
              row,
              r.lane(),
              cell(r.beforeMbps()),
              cell(r.afterFailureMbps()),
              cell(r.afterRepairMbps()),
              cell(r.worstRollingMbps()),
              r.recoverySteps() >= 0 ? String.valueOf(r.recoverySteps()) : "not recovered"));
    }
    return out.toString();
  }

  private static String cell(double value) {
    return Double.isFinite(value) ? String.format(Locale.ROOT, "%.1f", value) : "-";
  }
}
