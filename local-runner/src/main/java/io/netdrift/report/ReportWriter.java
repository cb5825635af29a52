package io.netdrift.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the report of an evaluation run into a directory: {@code report.json}, {@code report.md}
 * and the PNG plots ({@code link-<link>-failure<n>.png}, {@code link-<link>-repair<n>.png}, {@code
 * rolling-rmse.png}, {@code recovery-steps.png}). Files already there are overwritten.
 */
public final class ReportWriter {
  public static final String JSON_FILE = "report.json";
  public static final String MARKDOWN_FILE = "report.md";

  private ReportWriter() {}

  /**
   * Computes the report and writes it into {@code dir} (created when missing).
   *
   * @return the computed report, with the files written
   */
  public static Report write(EvaluationRun run, Path dir) throws IOException {
    ReportCharts.useHeadlessAwt();
    Report report = ReportMetrics.compute(run);
    Files.createDirectories(dir);
    List<Path> files = new ArrayList<>();
    Path json = dir.resolve(JSON_FILE);
    JsonReport.write(report, json);
    files.add(json);
    List<ReportCharts.Plot> plots = ReportCharts.writeAll(report, dir);
    Path markdown = dir.resolve(MARKDOWN_FILE);
    MarkdownReport.write(report, plots, markdown);
    files.add(markdown);
    plots.forEach(plot -> files.add(plot.file()));
    return report.withFiles(files);
  }
}
