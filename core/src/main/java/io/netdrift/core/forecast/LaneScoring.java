package io.netdrift.core.forecast;

import io.netdrift.core.drift.DetectorSetting;
import io.netdrift.core.drift.FailureAwareDriftSignal;
import io.netdrift.core.drift.FailureAwareDriftSignal.Transition;
import io.netdrift.core.metrics.RecoveryTracker;
import io.netdrift.core.metrics.RollingError;
import java.util.Arrays;
import java.util.Optional;

/**
 * Scores each strategy lane's forecasts against the truth when it arrives, per link and per
 * subtask: the rolling RMSE/MAPE of the link and of the subtask, the short-window error the hybrid
 * blend weighs by, the lane's failure-aware drift signal on the link (error scaled by capacity) and
 * its recovery tracker (continual evaluation, De Lange et al. 2023: steps until the rolling error
 * is back near its pre-drift level). The per-link parts live in the link's {@link
 * LinkForecastState}; the subtask's rolling errors and last recovery live here (they are gauges).
 * What happened is reported to a {@link Listener}.
 */
public final class LaneScoring {

  /** Receives what scoring a sample found. */
  public interface Listener {
    /** The lane's rolling error on the link is back near its pre-drift level. */
    void recovered(int lane, RecoveryTracker.Recovery recovery, double tolerance);

    /** The lane's drift signal on the link changed state. */
    void driftTransition(int lane, Transition transition, double absErrorMbps, double rmseBefore);
  }

  private final int errorWindow;
  private final DetectorSetting driftDetector;
  private final int confirmationHorizonSteps;
  private final RollingError[] subtaskErrors;
  private final long[] lastRecoverySteps;
  private final double[] worstRmseAfterDrift;

  /**
   * @param lanes number of strategy lanes
   * @param errorWindow effective window of the rolling errors, in predictions
   * @param driftDetector the detector of each lane's drift signal
   * @param confirmationHorizonSteps how long a network event waits for a detector to confirm it
   */
  public LaneScoring(
      int lanes, int errorWindow, DetectorSetting driftDetector, int confirmationHorizonSteps) {
    this.errorWindow = errorWindow;
    this.driftDetector = driftDetector;
    this.confirmationHorizonSteps = confirmationHorizonSteps;
    subtaskErrors = new RollingError[lanes];
    lastRecoverySteps = new long[lanes];
    worstRmseAfterDrift = new double[lanes];
    Arrays.fill(lastRecoverySteps, -1);
    Arrays.fill(worstRmseAfterDrift, Double.NaN);
    for (int lane = 0; lane < lanes; lane++) {
      subtaskErrors[lane] = new RollingError(errorWindow);
    }
  }

  /** The subtask's rolling error of a lane. */
  public RollingError subtaskError(int lane) {
    return subtaskErrors[lane];
  }

  /** Steps the lane's last recovery took on any link of the subtask, or -1. */
  public long lastRecoverySteps(int lane) {
    return lastRecoverySteps[lane];
  }

  /** The worst rolling RMSE during the lane's last recovery, or NaN. */
  public double worstRmseAfterDrift(int lane) {
    return worstRmseAfterDrift[lane];
  }

  /**
   * Scores the lane's forecast that was waiting for this sample (if any) and feeds the lane's drift
   * signal and recovery tracker of the link. A drift the detector found on its own starts a
   * recovery.
   *
   * @return the drift signal's transition, if the sample caused one
   */
  public Optional<Transition> score(
      LinkForecastState state,
      int lane,
      long timestampMs,
      float load,
      double capacityMbps,
      int horizon,
      long stepMs,
      Listener listener) {
    float due = state.takeDueForecast(lane, horizon, timestampMs, stepMs);
    if (Float.isNaN(due)) {
      return Optional.empty();
    }
    double rmseBefore =
        state.scoredCount[lane] > 0 ? Math.sqrt(state.meanSquaredError[lane]) : Double.NaN;
    RollingError linkError =
        RollingError.restore(
                errorWindow,
                state.meanSquaredError[lane],
                state.meanAbsolutePercentError[lane],
                state.scoredCount[lane],
                state.percentScoredCount[lane])
            .update(due, load);
    state.meanSquaredError[lane] = linkError.meanSquaredError();
    state.meanAbsolutePercentError[lane] = linkError.mape();
    state.scoredCount[lane] = linkError.count();
    state.percentScoredCount[lane] = linkError.percentCount();
    state.updateRecentError(lane, due - load);
    subtaskErrors[lane].update(due, load);
    trackRecovery(state, lane, due, load, listener);
    Optional<Transition> transition =
        watchDrift(state, lane, timestampMs, capacityMbps, Math.abs(due - load), rmseBefore);
    transition.ifPresent(t -> listener.driftTransition(lane, t, Math.abs(due - load), rmseBefore));
    if (transition.isPresent()
        && transition.get().to() != FailureAwareDriftSignal.State.CONFIRMED
        && transition.get().to() != FailureAwareDriftSignal.State.CLEARED) {
      markRecovery(state, lane, timestampMs);
    }
    return transition;
  }

  /**
   * A network event touched the link: every lane's drift signal waits for a detector to confirm it,
   * and every lane's recovery is timed from here.
   */
  public void markNetworkEvent(LinkForecastState state, long eventTimeMs) {
    for (int lane = 0; lane < subtaskErrors.length; lane++) {
      FailureAwareDriftSignal drift = driftSignalOf(state, lane);
      drift.markByNetworkEvent(eventTimeMs);
      markRecovery(state, lane, eventTimeMs);
    }
  }

  private void trackRecovery(
      LinkForecastState state, int lane, float due, float load, Listener listener) {
    RecoveryTracker tracker = recoveryOf(state, lane);
    Optional<RecoveryTracker.Recovery> recovery = tracker.update(due, load);
    if (recovery.isEmpty()) {
      return;
    }
    RecoveryTracker.Recovery r = recovery.get();
    lastRecoverySteps[lane] = r.stepsToRecover();
    worstRmseAfterDrift[lane] = r.worstRmse();
    listener.recovered(lane, r, tracker.tolerance());
  }

  /** Feeds one scored error, scaled by capacity so one setting fits links of every size. */
  private Optional<Transition> watchDrift(
      LinkForecastState state,
      int lane,
      long timestampMs,
      double capacityMbps,
      double absErrorMbps,
      double rmseBefore) {
    FailureAwareDriftSignal drift = driftSignalOf(state, lane);
    double scale = capacityMbps > 0 ? capacityMbps : 1.0;
    return drift.update(timestampMs, absErrorMbps / scale);
  }

  /** The lane's drift signal of the link, created (and kept in the state) at first use. */
  private FailureAwareDriftSignal driftSignalOf(LinkForecastState state, int lane) {
    if (state.driftSignals[lane] == null) {
      state.driftSignals[lane] =
          new FailureAwareDriftSignal(driftDetector.create(), confirmationHorizonSteps);
    }
    return state.driftSignals[lane];
  }

  /** The lane's recovery tracker of the link, created (and kept in the state) at first use. */
  private static RecoveryTracker recoveryOf(LinkForecastState state, int lane) {
    if (state.recoveryTrackers[lane] == null) {
      state.recoveryTrackers[lane] = new RecoveryTracker();
    }
    return state.recoveryTrackers[lane];
  }

  /** A drift starts for this lane on this link: its recovery is timed from here. */
  private static void markRecovery(LinkForecastState state, int lane, long eventTimeMs) {
    recoveryOf(state, lane).markDrift(eventTimeMs);
  }
}
