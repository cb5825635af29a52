package io.netdrift.core.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Forecast error of one strategy lane around one failure and its repair, in the spirit of continual
 * evaluation (De Lange, van de Ven and Tuytelaars, ICLR 2023, "Continual evaluation for lifelong
 * learning: identifying the stability gap"): the error is tracked over time, not only averaged, so
 * the drop at a drift (the stability gap) and the time to recover from it become visible.
 *
 * <p>Predictions are scored by their target time into three phases — before the failure, from the
 * failure to the repair, after the repair — each with RMSE, MAPE and RMSE against a noise-free
 * reference. Over the per-step aggregate (RMSE over all links of one target time) it keeps a
 * rolling RMSE over the last {@link #ROLLING_WINDOW_STEPS} steps (pooled: the root of the summed
 * squared errors over the summed counts), and reports for the failure phase:
 *
 * <ul>
 *   <li>the worst rolling RMSE between failure and repair;
 *   <li>the recovery: steps from the failure to the first of {@link #RECOVERY_CONFIRMATION_STEPS}
 *       consecutive steps whose rolling RMSE is within {@link #RECOVERY_TOLERANCE} times the
 *       pre-failure level (the rolling RMSE at the last step before the failure), all before the
 *       repair; none when that never happens.
 * </ul>
 *
 * Mutable, single-threaded; add predictions in any order, read {@link #summary()} at the end.
 */
public final class PhaseErrors {
  /** Steps in the rolling RMSE window. */
  public static final int ROLLING_WINDOW_STEPS = 8;

  /** Recovered = rolling RMSE at most this times the pre-failure level. */
  public static final double RECOVERY_TOLERANCE = 1.2;

  /** Consecutive steps within tolerance that confirm a recovery. */
  public static final int RECOVERY_CONFIRMATION_STEPS = 3;

  /** The three phases, by the prediction's target time. */
  public enum Phase {
    BEFORE_FAILURE,
    AFTER_FAILURE,
    AFTER_REPAIR
  }

  /** Error of one phase; {@code rmseVsNoiseFreeMbps} is NaN when no reference was given. */
  public record PhaseError(
      long predictions, double rmseMbps, double mapePercent, double rmseVsNoiseFreeMbps) {}

  /**
   * What a lane did around the failure.
   *
   * @param phases error per phase (a phase without predictions has count 0 and NaN errors)
   * @param preFailureRollingRmseMbps rolling RMSE at the last step before the failure (NaN if none)
   * @param worstRollingRmseMbps largest rolling RMSE from the failure to the repair (NaN if none)
   * @param recoverySteps steps from the failure to the recovery, or -1 when it did not recover
   *     before the repair
   */
  public record Summary(
      Map<Phase, PhaseError> phases,
      double preFailureRollingRmseMbps,
      double worstRollingRmseMbps,
      long recoverySteps) {
    public boolean recovered() {
      return recoverySteps >= 0;
    }
  }

  private final long failureTimeMs;
  private final long repairTimeMs;
  private final long stepMs;
  private final Accumulator[] phases = {new Accumulator(), new Accumulator(), new Accumulator()};
  private final TreeMap<Long, double[]> squaredErrorAndCountByTime = new TreeMap<>();

  /**
   * @param failureTimeMs time of the failure (first target time of the failure phase)
   * @param repairTimeMs time of the repair (first target time after it); {@code Long.MAX_VALUE}
   *     when never repaired
   * @param stepMs nominal time between steps, to count recovery steps
   */
  public PhaseErrors(long failureTimeMs, long repairTimeMs, long stepMs) {
    if (repairTimeMs < failureTimeMs) {
      throw new IllegalArgumentException("repair before failure");
    }
    if (stepMs <= 0) {
      throw new IllegalArgumentException("stepMs must be > 0, was " + stepMs);
    }
    this.failureTimeMs = failureTimeMs;
    this.repairTimeMs = repairTimeMs;
    this.stepMs = stepMs;
  }

  public Phase phaseOf(long targetTimeMs) {
    if (targetTimeMs < failureTimeMs) {
      return Phase.BEFORE_FAILURE;
    }
    return targetTimeMs < repairTimeMs ? Phase.AFTER_FAILURE : Phase.AFTER_REPAIR;
  }

  /**
   * Scores one prediction.
   *
   * @param noiseFreeMbps the noise-free truth, or NaN when unknown
   */
  public PhaseErrors add(
      long targetTimeMs, double predictedMbps, double actualMbps, double noiseFreeMbps) {
    double error = predictedMbps - actualMbps;
    phases[phaseOf(targetTimeMs).ordinal()].add(error, actualMbps, predictedMbps - noiseFreeMbps);
    double[] step = squaredErrorAndCountByTime.computeIfAbsent(targetTimeMs, t -> new double[2]);
    step[0] += error * error;
    step[1]++;
    return this;
  }

  /** Rolling RMSE per step (target time to value), oldest first. */
  public Map<Long, Double> rollingRmseByTime() {
    Map<Long, Double> rolling = new TreeMap<>();
    List<double[]> window = new ArrayList<>();
    double squared = 0;
    double count = 0;
    for (Map.Entry<Long, double[]> step : squaredErrorAndCountByTime.entrySet()) {
      window.add(step.getValue());
      squared += step.getValue()[0];
      count += step.getValue()[1];
      if (window.size() > ROLLING_WINDOW_STEPS) {
        double[] old = window.remove(0);
        squared -= old[0];
        count -= old[1];
      }
      rolling.put(step.getKey(), Math.sqrt(Math.max(0, squared) / count));
    }
    return rolling;
  }

  public Summary summary() {
    return summaryThrough(Long.MAX_VALUE);
  }

  /**
   * The summary as far as the steps up to {@code lastTargetTimeMs} tell it: the rolling RMSE of
   * later steps is ignored (while a run goes on, its newest steps are only partly scored). The
   * phase errors count every prediction added so far.
   */
  public Summary summaryThrough(long lastTargetTimeMs) {
    Map<Phase, PhaseError> byPhase = new java.util.EnumMap<>(Phase.class);
    for (Phase phase : Phase.values()) {
      byPhase.put(phase, phases[phase.ordinal()].result());
    }
    double preFailure = Double.NaN;
    double worst = Double.NaN;
    long recovery = -1;
    int withinRun = 0;
    long runStart = 0;
    for (Map.Entry<Long, Double> step : rollingRmseByTime().entrySet()) {
      long time = step.getKey();
      double rolling = step.getValue();
      if (time > lastTargetTimeMs) {
        break;
      }
      if (time < failureTimeMs) {
        preFailure = rolling;
        continue;
      }
      if (time >= repairTimeMs) {
        break;
      }
      worst = Double.isNaN(worst) ? rolling : Math.max(worst, rolling);
      if (recovery >= 0 || Double.isNaN(preFailure)) {
        continue;
      }
      if (rolling <= RECOVERY_TOLERANCE * preFailure) {
        if (withinRun++ == 0) {
          runStart = time;
        }
        if (withinRun == RECOVERY_CONFIRMATION_STEPS) {
          recovery = Math.floorDiv(runStart - failureTimeMs, stepMs);
        }
      } else {
        withinRun = 0;
      }
    }
    return new Summary(byPhase, preFailure, worst, recovery);
  }

  private static final class Accumulator {
    private long count;
    private double squaredError;
    private long percentCount;
    private double absolutePercentError;
    private long noiseFreeCount;
    private double noiseFreeSquaredError;

    void add(double error, double actual, double noiseFreeError) {
      count++;
      squaredError += error * error;
      // MAPE is undefined for a zero truth (a failed link reports 0): skipped, as RollingError does
      if (Math.abs(actual) > 1e-9) {
        percentCount++;
        absolutePercentError += Math.abs(error / actual);
      }
      if (!Double.isNaN(noiseFreeError)) {
        noiseFreeCount++;
        noiseFreeSquaredError += noiseFreeError * noiseFreeError;
      }
    }

    PhaseError result() {
      return new PhaseError(
          count,
          count == 0 ? Double.NaN : Math.sqrt(squaredError / count),
          percentCount == 0 ? Double.NaN : 100 * absolutePercentError / percentCount,
          noiseFreeCount == 0 ? Double.NaN : Math.sqrt(noiseFreeSquaredError / noiseFreeCount));
    }
  }
}
