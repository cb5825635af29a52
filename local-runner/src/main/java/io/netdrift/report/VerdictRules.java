package io.netdrift.report;

import io.netdrift.report.Verdict.Outcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The three targets of an evaluation, judged on the RMSE after the first failure: every adaptive
 * lane beats static; every hybrid lane is within {@link ReportMetrics#HYBRID_TOLERANCE} of the
 * better of liquid and incremental; the best adaptive lane beats persistence. A lane the target
 * needs that made no prediction after the failure misses it; a target whose lanes do not exist is
 * not applicable.
 */
final class VerdictRules {
  private VerdictRules() {}

  static Verdicts judge(EvaluationRun run, Map<String, LaneSummary> lanes) {
    Failure failure = run.firstFailure();
    String after = failure == null ? null : "after the failure of " + failure.element();
    return new Verdicts(
        adaptiveBeatStatic(run.lanes(), lanes, after),
        hybridNearBestAdaptive(run.lanes(), lanes, after),
        bestAdaptiveBeatsPersistence(run.lanes(), lanes, after));
  }

  private static Verdict adaptiveBeatStatic(
      List<String> order, Map<String, LaneSummary> lanes, String after) {
    String name = "adaptiveBeatStatic";
    String reference = ReportMetrics.find(order, "static");
    List<String> adaptive = order.stream().filter(LaneSummary::isAdaptive).toList();
    String missing =
        after == null
            ? "no failure"
            : reference == null ? "no static lane" : adaptive.isEmpty() ? "no adaptive lane" : null;
    if (missing != null) {
      return notApplicable(name, 1.0, "Adaptive lanes vs static: not judged (" + missing + ").");
    }
    double referenceRmse = rmse(lanes, reference);
    Map<String, Double> ratios = new LinkedHashMap<>();
    List<String> misses = new ArrayList<>();
    List<String> meets = new ArrayList<>();
    for (String lane : adaptive) {
      double ratio = ReportMetrics.ratio(rmse(lanes, lane), referenceRmse);
      ratios.put(lane, ratio);
      if (ratio < 1.0) {
        meets.add(lane + " at " + Format.ratio(ratio));
      } else {
        misses.add(missDetail(lanes, lane, ratio, reference, referenceRmse));
      }
    }
    if (misses.isEmpty()) {
      return new Verdict(
          name,
          Outcome.MET,
          1.0,
          ratios,
          reference,
          sentence(
              "Every adaptive lane beats %s %s: %s %s's RMSE (%s Mbps).",
              reference, after, String.join(", ", meets), reference, Format.mbps(referenceRmse)));
    }
    return new Verdict(
        name,
        Outcome.MISSED,
        1.0,
        ratios,
        reference,
        sentence(
            "Not every adaptive lane beats %s %s: %s.%s",
            reference,
            after,
            String.join("; ", misses),
            meets.isEmpty() ? "" : " Beating it: " + String.join(", ", meets) + "."));
  }

  private static Verdict hybridNearBestAdaptive(
      List<String> order, Map<String, LaneSummary> lanes, String after) {
    String name = "hybridNearBestAdaptive";
    double tolerance = ReportMetrics.HYBRID_TOLERANCE;
    List<String> hybrids = order.stream().filter(l -> l.startsWith("hybrid")).toList();
    String best = null;
    for (String lane : order) {
      if ((lane.startsWith("liquid") || lane.startsWith("incremental"))
          && Double.isFinite(rmse(lanes, lane))
          && (best == null || rmse(lanes, lane) < rmse(lanes, best))) {
        best = lane;
      }
    }
    String missing =
        after == null
            ? "no failure"
            : hybrids.isEmpty()
                ? "no hybrid lane"
                : best == null ? "no liquid or incremental lane with predictions after it" : null;
    if (missing != null) {
      return notApplicable(
          name,
          tolerance,
          "Hybrid vs the better of liquid and incremental: not judged (" + missing + ").");
    }
    double bestRmse = rmse(lanes, best);
    Map<String, Double> ratios = new LinkedHashMap<>();
    List<String> misses = new ArrayList<>();
    List<String> meets = new ArrayList<>();
    for (String lane : hybrids) {
      double ratio = ReportMetrics.ratio(rmse(lanes, lane), bestRmse);
      ratios.put(lane, ratio);
      if (ratio <= tolerance) {
        meets.add(lane + " at " + Format.ratio(ratio));
      } else {
        misses.add(missDetail(lanes, lane, ratio, best, bestRmse));
      }
    }
    String target =
        String.format(
            Locale.ROOT,
            "within %.2fx of the better of liquid and incremental (%s, %s Mbps) %s",
            tolerance,
            best,
            Format.mbps(bestRmse),
            after);
    if (misses.isEmpty()) {
      return new Verdict(
          name,
          Outcome.MET,
          tolerance,
          ratios,
          best,
          sentence("Hybrid is %s: %s.", target, String.join(", ", meets)));
    }
    return new Verdict(
        name,
        Outcome.MISSED,
        tolerance,
        ratios,
        best,
        sentence("Hybrid is not %s: %s.", target, String.join("; ", misses)));
  }

  private static Verdict bestAdaptiveBeatsPersistence(
      List<String> order, Map<String, LaneSummary> lanes, String after) {
    String name = "bestAdaptiveBeatsPersistence";
    String reference = ReportMetrics.find(order, "persistence");
    String best = null;
    boolean anyAdaptive = false;
    for (String lane : order) {
      if (LaneSummary.isAdaptive(lane)) {
        anyAdaptive = true;
        if (Double.isFinite(rmse(lanes, lane))
            && (best == null || rmse(lanes, lane) < rmse(lanes, best))) {
          best = lane;
        }
      }
    }
    String missing =
        after == null
            ? "no failure"
            : reference == null ? "no persistence lane" : !anyAdaptive ? "no adaptive lane" : null;
    if (missing != null) {
      return notApplicable(
          name, 1.0, "Best adaptive lane vs persistence: not judged (" + missing + ").");
    }
    double referenceRmse = rmse(lanes, reference);
    if (best == null) {
      return new Verdict(
          name,
          Outcome.MISSED,
          1.0,
          Map.of(),
          reference,
          sentence("No adaptive lane made a prediction %s, so none beats %s.", after, reference));
    }
    double ratio = ReportMetrics.ratio(rmse(lanes, best), referenceRmse);
    Map<String, Double> ratios = new LinkedHashMap<>();
    ratios.put(best, ratio);
    boolean met = ratio < 1.0;
    return new Verdict(
        name,
        met ? Outcome.MET : Outcome.MISSED,
        1.0,
        ratios,
        reference,
        sentence(
            "The best adaptive lane, %s, %s %s %s: %s %s's RMSE (%s vs %s Mbps).",
            best,
            met ? "beats" : "does not beat",
            reference,
            after,
            Format.ratio(ratio),
            reference,
            Format.mbps(rmse(lanes, best)),
            Format.mbps(referenceRmse)));
  }

  /** Where a lane misses a target and by how much. */
  private static String missDetail(
      Map<String, LaneSummary> lanes, String lane, double ratio, String reference, double refRmse) {
    if (!Double.isFinite(rmse(lanes, lane))) {
      return lane + " made no prediction after the failure";
    }
    if (!Double.isFinite(ratio)) {
      return lane + " cannot be compared (" + reference + " has no RMSE after the failure)";
    }
    return String.format(
        Locale.ROOT,
        "%s is at %s %s's RMSE (%s vs %s Mbps)",
        lane,
        Format.ratio(ratio),
        reference,
        Format.mbps(rmse(lanes, lane)),
        Format.mbps(refRmse));
  }

  private static double rmse(Map<String, LaneSummary> lanes, String lane) {
    return lanes.get(lane).afterFailure().rmseMbps();
  }

  private static Verdict notApplicable(String name, double threshold, String sentence) {
    return new Verdict(name, Outcome.NOT_APPLICABLE, threshold, Map.of(), null, sentence);
  }

  private static String sentence(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
