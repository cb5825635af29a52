package io.netdrift.report;

import io.netdrift.core.metrics.PhaseErrors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Writes {@code report.md}: the run facts, the failures with their most affected links, one table
 * row per lane (RMSE in Mbps), the verdicts as sentences and the plots, linked relatively so the
 * directory can be moved or published as it is.
 */
final class MarkdownReport {
  private MarkdownReport() {}

  static void write(Report report, List<ReportCharts.Plot> plots, Path file) throws IOException {
    Files.writeString(file, render(report, plots, file.getParent()));
  }

  static String render(Report report, List<ReportCharts.Plot> plots, Path dir) {
    EvaluationRun run = report.run();
    RunInfo info = run.info();
    StringBuilder md = new StringBuilder();
    md.append("# netdrift evaluation: ").append(info.topology()).append("\n\n");

    md.append("## Run\n\n| | |\n|---|---|\n");
    row(
        md,
        "topology",
        info.topology()
            + " ("
            + info.nodes()
            + " nodes, "
            + info.linkDirections()
            + " link directions)");
    row(md, "traffic", info.traffic());
    row(md, "failures from", info.failuresSource());
    row(
        md,
        "steps",
        info.steps()
            + " of "
            + info.stepSeconds()
            + " s"
            + (run.steps() == 0
                ? ""
                : ", "
                    + Format.time(run.stepTimesMs()[0])
                    + " to "
                    + Format.time(run.stepTimesMs()[run.steps() - 1])));
    row(md, "lanes", String.join(", ", run.lanes()));
    if (info.baseModels() != null) {
      info.baseModels()
          .forEach((key, value) -> row(md, "base models: " + key, String.valueOf(value)));
    }
    row(md, "telemetry records", String.valueOf(info.telemetryRecords()));
    row(md, "prediction records", String.valueOf(info.predictionRecords()));
    row(md, "dead letters", String.valueOf(info.deadLetters()));
    row(md, "wall time", String.format(Locale.ROOT, "%.1f s", info.wallSeconds()));
    md.append('\n');

    md.append("## Failures\n\n");
    if (report.failures().isEmpty()) {
      md.append("No failure in this run: every prediction is scored as *before failure*.\n\n");
    }
    int number = 0;
    for (FailureImpact impact : report.failures()) {
      Failure failure = impact.failure();
      md.append(
          String.format(
              Locale.ROOT,
              "%d. **%s** failed at %s, repaired: %s.%s%n",
              ++number,
              failure.element(),
              Format.time(failure.failureTimeMs()),
              Format.time(failure.repairTimeMs()),
              number == 1 ? " The phases below are scored around this failure." : ""));
      if (impact.mostAffectedLinks().isEmpty()) {
        md.append("   No link direction carrying load changed.\n");
        continue;
      }
      md.append(
          String.format(
              Locale.ROOT,
              "%n   | most affected link | mean load before (Mbps) | after (Mbps) | change (Mbps) |%n"
                  + "   |---|---:|---:|---:|%n"));
      for (AffectedLink link : impact.mostAffectedLinks()) {
        md.append(
            String.format(
                Locale.ROOT,
                "   | `%s` | %s | %s | %+.2f |%n",
                link.link(),
                Format.mbps(link.meanLoadBeforeMbps()),
                Format.mbps(link.meanLoadAfterMbps()),
                link.changeMbps()));
      }
      md.append('\n');
    }
    if (!report.failures().isEmpty()) {
      md.append(
          String.format(
              Locale.ROOT,
              "Most affected: the link directions still carrying load after the failure, by the change"
                  + " of their mean noise-free load (measured where unknown) between the %d steps before"
                  + " and the %d steps after it.%n%n",
              ReportMetrics.AFFECTED_WINDOW_STEPS,
              ReportMetrics.AFFECTED_WINDOW_STEPS));
    }

    md.append("## Strategies\n\n");
    md.append(
            "RMSE in Mbps by the prediction's target time. *vs expected*: RMSE against the"
                + " noise-free load. *Worst rolling*: largest RMSE over ")
        .append(PhaseErrors.ROLLING_WINDOW_STEPS)
        .append(
            " steps between failure and repair. *Recovery*: steps from the failure until the"
                + " rolling RMSE stays within ")
        .append(String.format(Locale.ROOT, "%.1fx", PhaseErrors.RECOVERY_TOLERANCE))
        .append(" its pre-failure level for ")
        .append(PhaseErrors.RECOVERY_CONFIRMATION_STEPS)
        .append(
            " steps. Link directions that are down (measured and noise-free load 0) are not"
                + " scored.\n\n");
    md.append(
        "| lane | before | after failure | after repair | vs expected after failure"
            + " | worst rolling | recovery steps | retrains | mean retrain ms | swaps |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (LaneSummary lane : report.lanes().values()) {
      AdaptationCounts adaptation = lane.adaptation();
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %s | %s | %s | %s | %d | %s | %d |%n",
              lane.lane(),
              Format.mbps(lane.beforeFailure().rmseMbps()),
              Format.mbps(lane.afterFailure().rmseMbps()),
              Format.mbps(lane.afterRepair().rmseMbps()),
              Format.mbps(lane.afterFailure().rmseVsExpectedMbps()),
              Format.mbps(lane.worstRollingRmseMbps()),
              Format.recovery(lane),
              adaptation.retrains(),
              Double.isFinite(adaptation.meanRetrainMillis())
                  ? String.format(Locale.ROOT, "%.0f", adaptation.meanRetrainMillis())
                  : "-",
              adaptation.modelSwaps()));
    }
    md.append('\n');

    md.append("## Verdicts\n\n");
    for (Verdict verdict : report.verdicts().all()) {
      String mark =
          switch (verdict.outcome()) {
            case MET -> "**met**";
            case MISSED -> "**missed**";
            case NOT_APPLICABLE -> "*not judged*";
          };
      md.append("- ").append(mark).append(": ").append(verdict.sentence()).append('\n');
    }
    md.append('\n');

    md.append("## Plots\n\n");
    for (ReportCharts.Plot plot : plots) {
      Path relative = dir == null ? plot.file().getFileName() : dir.relativize(plot.file());
      String link = relative.toString().replace('\\', '/');
      md.append("### ").append(plot.caption()).append("\n\n");
      md.append("![").append(plot.caption()).append("](").append(link).append(")\n\n");
    }
    return md.toString();
  }

  private static void row(StringBuilder md, String name, String value) {
    md.append("| ").append(name).append(" | ").append(escape(value)).append(" |\n");
  }

  private static String escape(String value) {
    return value == null ? "-" : value.replace("|", "\\|").replace("\n", " ");
  }
}
