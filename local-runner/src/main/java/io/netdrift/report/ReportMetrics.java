package io.netdrift.report;

import io.netdrift.core.metrics.PhaseErrors;
import io.netdrift.core.metrics.PhaseErrors.Phase;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Computes the report of an {@link EvaluationRun}: per lane the {@link PhaseErrors} around the
 * first failure and its repair, the adaptation counts and the ratios to persistence and static; per
 * failure the link directions it changed most; and the verdicts.
 *
 * <p>Which (step, link) pairs are scored: every pair with a finite prediction and a finite measured
 * load, the noise-free load as reference when finite. A link direction that is down (measured and
 * noise-free load both 0) is left out: its prediction is not a forecast of traffic, and {@link
 * PhaseErrors} would count it in the RMSE. Pairs with a measured load of 0 but a noise-free load
 * above 0 (a measurement dropout) stay in the RMSE; {@link PhaseErrors} itself leaves every pair
 * with a zero measured load out of the MAPE, which would otherwise divide by zero.
 */
public final class ReportMetrics {
  /** Steps before and after a failure whose mean loads rank the affected links. */
  public static final int AFFECTED_WINDOW_STEPS = 12;

  /** Links listed per failure as most affected. */
  public static final int MOST_AFFECTED_LINKS = 5;

  /** A hybrid lane meets its target within this factor of the better of liquid and incremental. */
  public static final double HYBRID_TOLERANCE = 1.05;

  private static final double ZERO_MBPS = 1e-9;

  private ReportMetrics() {}

  public static Report compute(EvaluationRun run) {
    List<String> links = new ArrayList<>(new TreeSet<>(run.actualMbps().keySet()));
    Map<String, PhaseErrors> byLane = new LinkedHashMap<>();
    Map<String, PhaseErrors> overallByLane = new LinkedHashMap<>();
    for (String lane : run.lanes()) {
      PhaseErrors phases = phaseErrors(run);
      // one phase only: everything targets "before" a failure that never comes
      PhaseErrors overall = new PhaseErrors(Long.MAX_VALUE, Long.MAX_VALUE, run.stepMs());
      score(run, links, run.predictedMbps().get(lane), phases, overall);
      byLane.put(lane, phases);
      overallByLane.put(lane, overall);
    }

    Map<String, PhaseErrors.Summary> summaries = new LinkedHashMap<>();
    byLane.forEach((lane, errors) -> summaries.put(lane, errors.summary()));
    double persistence = afterFailureRmse(summaries, find(run.lanes(), "persistence"));
    double staticRmse = afterFailureRmse(summaries, find(run.lanes(), "static"));

    Map<String, LaneSummary> lanes = new LinkedHashMap<>();
    for (String lane : run.lanes()) {
      PhaseErrors.Summary summary = summaries.get(lane);
      double afterFailure = summary.phases().get(Phase.AFTER_FAILURE).rmseMbps();
      lanes.put(
          lane,
          new LaneSummary(
              lane,
              PhaseSummary.of(summary.phases().get(Phase.BEFORE_FAILURE)),
              PhaseSummary.of(summary.phases().get(Phase.AFTER_FAILURE)),
              PhaseSummary.of(summary.phases().get(Phase.AFTER_REPAIR)),
              PhaseSummary.of(overallByLane.get(lane).summary().phases().get(Phase.BEFORE_FAILURE)),
              summary.worstRollingRmseMbps(),
              summary.recoverySteps(),
              AdaptationCounts.of(lane, run.adaptationEvents()),
              ratio(afterFailure, persistence),
              ratio(afterFailure, staticRmse),
              byLane.get(lane).rollingRmseByTime()));
    }

    List<FailureImpact> failures = new ArrayList<>();
    for (Failure failure : run.failures()) {
      failures.add(new FailureImpact(failure, mostAffectedLinks(run, links, failure)));
    }
    return new Report(run, failures, lanes, VerdictRules.judge(run, lanes), List.of());
  }

  private static PhaseErrors phaseErrors(EvaluationRun run) {
    Failure first = run.firstFailure();
    return first == null
        ? new PhaseErrors(Long.MAX_VALUE, Long.MAX_VALUE, run.stepMs())
        : new PhaseErrors(first.failureTimeMs(), first.repairTimeMs(), run.stepMs());
  }

  private static void score(
      EvaluationRun run,
      List<String> links,
      Map<String, double[]> predicted,
      PhaseErrors phases,
      PhaseErrors overall) {
    if (predicted == null) {
      return;
    }
    for (String link : links) {
      double[] predictions = predicted.get(link);
      if (predictions == null) {
        continue;
      }
      for (int step = 0; step < run.steps(); step++) {
        double prediction = predictions[step];
        double actual = EvaluationRun.at(run.actualMbps(), link, step);
        if (!Double.isFinite(prediction) || !Double.isFinite(actual)) {
          continue;
        }
        double expected = EvaluationRun.at(run.expectedMbps(), link, step);
        if (!Double.isFinite(expected)) {
          expected = Double.NaN;
        } else if (Math.abs(actual) <= ZERO_MBPS && Math.abs(expected) <= ZERO_MBPS) {
          continue; // the link is down
        }
        long time = run.stepTimesMs()[step];
        phases.add(time, prediction, actual, expected);
        overall.add(time, prediction, actual, expected);
      }
    }
  }

  /**
   * Link directions still carrying load after the failure, ranked by how much their mean load
   * changed between the {@link #AFFECTED_WINDOW_STEPS} steps before the failure and as many steps
   * from it on (stopping at the repair), largest change first.
   */
  static List<AffectedLink> mostAffectedLinks(
      EvaluationRun run, List<String> links, Failure failure) {
    int failureStep = firstStepAtOrAfter(run.stepTimesMs(), failure.failureTimeMs());
    int beforeFrom = Math.max(0, failureStep - AFFECTED_WINDOW_STEPS);
    int afterTo = Math.min(run.steps(), failureStep + AFFECTED_WINDOW_STEPS);
    afterTo = Math.min(afterTo, firstStepAtOrAfter(run.stepTimesMs(), failure.repairTimeMs()));
    List<AffectedLink> affected = new ArrayList<>();
    for (String link : links) {
      double before = meanLoad(run, link, beforeFrom, failureStep);
      double after = meanLoad(run, link, failureStep, afterTo);
      if (Double.isFinite(before) && Double.isFinite(after) && after > ZERO_MBPS) {
        affected.add(new AffectedLink(link, before, after, after - before));
      }
    }
    affected.sort(
        Comparator.comparingDouble((AffectedLink a) -> -Math.abs(a.changeMbps()))
            .thenComparing(AffectedLink::link));
    return List.copyOf(affected.subList(0, Math.min(MOST_AFFECTED_LINKS, affected.size())));
  }

  /** Mean noise-free load over steps [from, to), the measured load where it is unknown. */
  private static double meanLoad(EvaluationRun run, String link, int from, int to) {
    double sum = 0;
    int count = 0;
    for (int step = from; step < to; step++) {
      double value = EvaluationRun.at(run.expectedMbps(), link, step);
      if (!Double.isFinite(value)) {
        value = EvaluationRun.at(run.actualMbps(), link, step);
      }
      if (Double.isFinite(value)) {
        sum += value;
        count++;
      }
    }
    return count == 0 ? Double.NaN : sum / count;
  }

  /** Index of the first step at or after the time; the step count when none is. */
  static int firstStepAtOrAfter(long[] stepTimesMs, long timeMs) {
    int low = 0;
    int high = stepTimesMs.length;
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (stepTimesMs[middle] < timeMs) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }

  /** The lane named exactly so, else the first whose name starts with it; null when none. */
  static String find(List<String> lanes, String name) {
    if (lanes.contains(name)) {
      return name;
    }
    return lanes.stream().filter(l -> l.startsWith(name)).findFirst().orElse(null);
  }

  private static double afterFailureRmse(Map<String, PhaseErrors.Summary> summaries, String lane) {
    return lane == null
        ? Double.NaN
        : summaries.get(lane).phases().get(Phase.AFTER_FAILURE).rmseMbps();
  }

  static double ratio(double value, double reference) {
    return Double.isFinite(value) && Double.isFinite(reference) && reference > 0
        ? value / reference
        : Double.NaN;
  }
}
