package io.netdrift.report;

import java.time.Instant;
import java.util.Locale;

/** Number and time formats shared by the console table, report.md and the charts. */
final class Format {
  private Format() {}

  static String mbps(double value) {
    return Double.isFinite(value) ? String.format(Locale.ROOT, "%.2f", value) : "-";
  }

  static String ratio(double value) {
    return Double.isFinite(value) ? String.format(Locale.ROOT, "%.2fx", value) : "-";
  }

  static String recovery(LaneSummary lane) {
    if (lane.afterFailure().predictions() == 0) {
      return "-";
    }
    return lane.recovered() ? String.valueOf(lane.recoverySteps()) : "not recovered";
  }

  static String time(long epochMs) {
    return epochMs == Long.MAX_VALUE ? "never" : Instant.ofEpochMilli(epochMs).toString();
  }

  /** A link key ({@code linkId:src>dst}) as a file-name part: letters, digits, '-', '_', '.'. */
  static String fileName(String link) {
    return link.replace(">", "-to-").replaceAll("[^A-Za-z0-9._-]", "_");
  }
}
