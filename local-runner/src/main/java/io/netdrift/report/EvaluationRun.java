package io.netdrift.report;

import java.util.List;
import java.util.Map;

/**
 * Everything one evaluation run produced. Step index {@code i} is the step at {@code
 * stepTimesMs[i]}; every per-step array has one value per step.
 *
 * @param info facts about the run (topology, traffic, counts)
 * @param lanes lane names in job order, e.g. persistence, seasonal-naive, static, liquid,
 *     incremental, hybrid
 * @param stepMs nominal time between steps
 * @param stepTimesMs ascending times of every step, epoch milliseconds UTC
 * @param actualMbps link direction key ({@code linkId:src>dst}) to the measured load per step (NaN
 *     = none)
 * @param expectedMbps same keys to the noise-free routed load per step (NaN = unknown)
 * @param predictedMbps lane to link to the load predicted for that step's time (NaN = no
 *     prediction)
 * @param failures in time order
 * @param adaptationEvents the adaptation events of every lane
 */
public record EvaluationRun(
    RunInfo info,
    List<String> lanes,
    long stepMs,
    long[] stepTimesMs,
    Map<String, double[]> actualMbps,
    Map<String, double[]> expectedMbps,
    Map<String, Map<String, double[]>> predictedMbps,
    List<Failure> failures,
    List<AdaptationEventRow> adaptationEvents) {

  public EvaluationRun {
    if (stepMs <= 0) {
      throw new IllegalArgumentException("stepMs must be > 0, was " + stepMs);
    }
    if (info == null
        || lanes == null
        || stepTimesMs == null
        || actualMbps == null
        || expectedMbps == null
        || predictedMbps == null
        || failures == null
        || adaptationEvents == null) {
      throw new IllegalArgumentException("every component of an EvaluationRun is required");
    }
    for (int i = 1; i < stepTimesMs.length; i++) {
      if (stepTimesMs[i] <= stepTimesMs[i - 1]) {
        throw new IllegalArgumentException("stepTimesMs must ascend, index " + i);
      }
    }
    requireSteps("actualMbps", actualMbps, stepTimesMs.length);
    requireSteps("expectedMbps", expectedMbps, stepTimesMs.length);
    predictedMbps.forEach(
        (lane, byLink) -> requireSteps("predictedMbps of " + lane, byLink, stepTimesMs.length));
  }

  private static void requireSteps(String what, Map<String, double[]> byLink, int steps) {
    byLink.forEach(
        (link, values) -> {
          if (values.length != steps) {
            throw new IllegalArgumentException(
                what + " of " + link + " has " + values.length + " values for " + steps + " steps");
          }
        });
  }

  public int steps() {
    return stepTimesMs.length;
  }

  /** The first failure, which the phases of every lane are scored around; null when none. */
  public Failure firstFailure() {
    return failures.isEmpty() ? null : failures.get(0);
  }

  /** Value of a per-step series, NaN when the link or the step has none. */
  static double at(Map<String, double[]> byLink, String link, int step) {
    double[] values = byLink == null ? null : byLink.get(link);
    return values == null ? Double.NaN : values[step];
  }
}
