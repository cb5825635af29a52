package io.netdrift.core.drift.evaluation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Writes the evaluation table as Markdown (for the README) and CSV (for plots). */
public final class EvaluationReport {

  private static final String[] COLUMNS = {
    "stream",
    "detector",
    "repetitions",
    "change_points",
    "detected",
    "missed",
    "mean_delay",
    "max_delay",
    "false_alarms",
    "false_alarms_per_10k",
    "mtbfa_samples",
    "repeats",
    "precision",
    "recall",
    "f1"
  };

  private EvaluationReport() {}

  /** A Markdown table with a short legend above it. */
  public static String toMarkdown(
      List<DetectorEvaluation.Row> rows, List<LabeledStreamSource> sources, String header) {
    StringBuilder md = new StringBuilder();
    md.append(header).append("\n\n");
    md.append("Streams (values in units of the noise level):\n\n");
    for (LabeledStreamSource s : sources) {
      md.append("- `").append(s.name()).append("`: ").append(s.description()).append('\n');
    }
    md.append(
        """

        Delay: samples from a change point to the first firing within its tolerance window \
        (mean and max over the found change points). A firing outside every window is a false \
        alarm; false alarms per 10k and MTBFA (stable samples per false alarm) are measured on \
        the samples outside the windows. Repeats: further firings inside a window. F1 uses found \
        change points as true positives and false alarms as false positives.

        """);
    md.append(
        "| stream | detector | change points | detected | missed | mean delay | max delay"
            + " | false alarms | FA / 10k | MTBFA | repeats | precision | recall | F1 |\n");
    md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (DetectorEvaluation.Row row : rows) {
      DetectionScore s = row.score();
      md.append("| ")
          .append(row.stream())
          .append(" | ")
          .append(row.detector())
          .append(" | ")
          .append(s.changePoints())
          .append(" | ")
          .append(s.detected())
          .append(" | ")
          .append(s.missed())
          .append(" | ")
          .append(format(s.meanDelay(), 1))
          .append(" | ")
          .append(s.maxDelay() < 0 ? "-" : Long.toString(s.maxDelay()))
          .append(" | ")
          .append(s.falseAlarms())
          .append(" | ")
          .append(format(s.falseAlarmsPer10k(), 2))
          .append(" | ")
          .append(format(s.meanTimeBetweenFalseAlarms(), 0))
          .append(" | ")
          .append(s.repeats())
          .append(" | ")
          .append(format(s.precision(), 3))
          .append(" | ")
          .append(format(s.recall(), 3))
          .append(" | ")
          .append(format(s.f1(), 3))
          .append(" |\n");
    }
    return md.toString();
  }

  /** One header line and one line per row; empty cells for undefined values. */
  public static String toCsv(List<DetectorEvaluation.Row> rows) {
    StringBuilder csv = new StringBuilder(String.join(",", COLUMNS)).append('\n');
    for (DetectorEvaluation.Row row : rows) {
      DetectionScore s = row.score();
      csv.append(row.stream())
          .append(',')
          .append(quote(row.detector()))
          .append(',')
          .append(row.repetitions())
          .append(',')
          .append(s.changePoints())
          .append(',')
          .append(s.detected())
          .append(',')
          .append(s.missed())
          .append(',')
          .append(csvNumber(s.meanDelay()))
          .append(',')
          .append(s.maxDelay() < 0 ? "" : Long.toString(s.maxDelay()))
          .append(',')
          .append(s.falseAlarms())
          .append(',')
          .append(csvNumber(s.falseAlarmsPer10k()))
          .append(',')
          .append(csvNumber(s.meanTimeBetweenFalseAlarms()))
          .append(',')
          .append(s.repeats())
          .append(',')
          .append(csvNumber(s.precision()))
          .append(',')
          .append(csvNumber(s.recall()))
          .append(',')
          .append(csvNumber(s.f1()))
          .append('\n');
    }
    return csv.toString();
  }

  /** Writes {@code <baseName>.md} and {@code <baseName>.csv} into {@code dir} (created). */
  public static void write(
      Path dir,
      String baseName,
      List<DetectorEvaluation.Row> rows,
      List<LabeledStreamSource> sources,
      String header)
      throws IOException {
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve(baseName + ".md"), toMarkdown(rows, sources, header), StandardCharsets.UTF_8);
    Files.writeString(dir.resolve(baseName + ".csv"), toCsv(rows), StandardCharsets.UTF_8);
  }

  private static String format(double v, int decimals) {
    if (Double.isNaN(v)) {
      return "-";
    }
    if (Double.isInfinite(v)) {
      return "∞";
    }
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  private static String csvNumber(double v) {
    if (Double.isNaN(v)) {
      return "";
    }
    if (Double.isInfinite(v)) {
      return "inf";
    }
    return String.format(Locale.ROOT, "%.4f", v);
  }

  private static String quote(String s) {
    return s.contains(",") || s.contains("\"") ? '"' + s.replace("\"", "\"\"") + '"' : s;
  }
}
