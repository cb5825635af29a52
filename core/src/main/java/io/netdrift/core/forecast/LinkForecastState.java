package io.netdrift.core.forecast;

import io.netdrift.core.drift.DetectorCodec;
import io.netdrift.core.drift.FailureAwareDriftSignal;
import io.netdrift.core.metrics.RecoveryTracker;
import java.util.Arrays;

/**
 * Everything the stream operator remembers about one link direction between samples: its recent
 * history (a ring), the forecasts still waiting for their truth, the rolling error and the
 * recurrent state of every strategy lane.
 *
 * <p>The operator modifies the instance it read and stores it again ({@code update}): the heap
 * backend then keeps the same object (it copies an entry itself, through the serializer's {@code
 * copy}, only while a snapshot still needs the old one), the RocksDB backend serializes it. The
 * drift signals and recovery trackers are live objects for the same reason: a sample updates them
 * in place, and they are encoded only when Flink serializes the state ({@link
 * LinkForecastStateCodec}), not once per sample.
 */
public class LinkForecastState {
  /** Ring of the last {@code historyCapacity} sample times, epoch ms. */
  public long[] timestampsMs;

  /** Ring of the last {@code historyCapacity} loads, Mbps. */
  public float[] loadsMbps;

  /** Samples seen in total; the newest sits at {@code (count - 1) % capacity}. */
  public long count;

  /** Capacity of the direction at the newest sample, Mbps. */
  public float capacityMbps;

  /** Per lane: recurrent model state ({@code null} entries for stateless models). */
  public float[][] recurrentState;

  /** Per lane × horizon slot: target time of a forecast awaiting its truth, or 0. */
  public long[] pendingTargetMs;

  /** Per lane × horizon slot: the forecast value, Mbps. */
  public float[] pendingValueMbps;

  /** Per lane: rolling mean squared error (see {@code RollingError}). */
  public double[] meanSquaredError;

  /** Per lane: rolling mean absolute percentage error. */
  public double[] meanAbsolutePercentError;

  /** Per lane: forecasts scored so far. */
  public long[] scoredCount;

  /** Per lane: forecasts that counted towards MAPE (truth not zero). */
  public long[] percentScoredCount;

  /** Event time of the last drift signal for this link (a network event), or 0. */
  public long driftSignalledAtMs;

  /**
   * Per lane: the link's failure-aware drift signal on that lane's error ({@code null} until the
   * lane's first scored forecast). Every lane watches its own error.
   */
  public FailureAwareDriftSignal[] driftSignals;

  /**
   * Per lane: mean squared error with a short effective window ({@link #RECENT_WINDOW} forecasts),
   * -1 before the first (see {@link #recentMse(int)}); what the hybrid lane weighs its members by.
   */
  public double[] recentSquaredError;

  /**
   * Per lane: the link's recovery tracker (continual evaluation: steps to recover after a drift);
   * null until the lane's first scored forecast.
   */
  public RecoveryTracker[] recoveryTrackers;

  /**
   * Per lane: event time from which the lane's recurrent state starts over (a liquid lane re-warms
   * after a re-route), 0 when none is pending; applied by the first sample at or after it.
   */
  public long[] stateResetAtMs;

  /** Per lane: {@link #count} before the first sample of the current state (0: the first ever). */
  public long[] stateStartCount;

  /**
   * Samples of this link rejected as late or duplicate so far (layout 2 on): a link whose samples
   * keep arriving late points at a clock or a producer to fix; the dead letters' reason says how
   * many. Restored as 0 from layout 1.
   */
  public long rejectedSamples;

  /** Effective window, in forecasts, of {@link #recentSquaredError}. */
  public static final int RECENT_WINDOW = 8;

  public LinkForecastState() {}

  /** A fresh state for {@code lanes} strategy lanes, history {@code historyCapacity} deep. */
  public static LinkForecastState create(
      int historyCapacity, int lanes, int horizon, int[] stateSizes) {
    LinkForecastState s = new LinkForecastState();
    s.timestampsMs = new long[historyCapacity];
    s.loadsMbps = new float[historyCapacity];
    s.recurrentState = new float[lanes][];
    for (int lane = 0; lane < lanes; lane++) {
      s.recurrentState[lane] = stateSizes[lane] > 0 ? new float[stateSizes[lane]] : null;
    }
    s.pendingTargetMs = new long[lanes * horizon];
    s.pendingValueMbps = new float[lanes * horizon];
    s.meanSquaredError = new double[lanes];
    s.meanAbsolutePercentError = new double[lanes];
    s.scoredCount = new long[lanes];
    s.percentScoredCount = new long[lanes];
    s.driftSignals = new FailureAwareDriftSignal[lanes];
    s.recoveryTrackers = new RecoveryTracker[lanes];
    s.stateResetAtMs = new long[lanes];
    s.stateStartCount = new long[lanes];
    s.recentSquaredError = new double[lanes];
    Arrays.fill(s.recentSquaredError, -1);
    return s;
  }

  /** A deep copy, safe to modify and store (what the state serializer's {@code copy} returns). */
  public LinkForecastState copy() {
    LinkForecastState s = new LinkForecastState();
    s.timestampsMs = timestampsMs.clone();
    s.loadsMbps = loadsMbps.clone();
    s.count = count;
    s.capacityMbps = capacityMbps;
    s.recurrentState = new float[recurrentState.length][];
    for (int i = 0; i < recurrentState.length; i++) {
      s.recurrentState[i] = recurrentState[i] == null ? null : recurrentState[i].clone();
    }
    s.pendingTargetMs = pendingTargetMs.clone();
    s.pendingValueMbps = pendingValueMbps.clone();
    s.meanSquaredError = meanSquaredError.clone();
    s.meanAbsolutePercentError = meanAbsolutePercentError.clone();
    s.scoredCount = scoredCount.clone();
    s.percentScoredCount = percentScoredCount.clone();
    s.driftSignalledAtMs = driftSignalledAtMs;
    s.rejectedSamples = rejectedSamples;
    s.driftSignals = new FailureAwareDriftSignal[driftSignals.length];
    for (int i = 0; i < driftSignals.length; i++) {
      s.driftSignals[i] = driftSignals[i] == null ? null : DetectorCodec.copy(driftSignals[i]);
    }
    s.recentSquaredError = recentSquaredError.clone();
    s.stateResetAtMs = stateResetAtMs == null ? null : stateResetAtMs.clone();
    s.stateStartCount = stateStartCount == null ? null : stateStartCount.clone();
    s.recoveryTrackers = new RecoveryTracker[recoveryTrackers.length];
    for (int i = 0; i < recoveryTrackers.length; i++) {
      s.recoveryTrackers[i] =
          recoveryTrackers[i] == null
              ? null
              : RecoveryTracker.fromBytes(recoveryTrackers[i].toBytes());
    }
    return s;
  }

  /** Folds one scored error of a lane into its short-window mean squared error. */
  public void updateRecentError(int lane, double errorMbps) {
    double squared = errorMbps * errorMbps;
    double previous = recentSquaredError[lane];
    double alpha = 2.0 / (RECENT_WINDOW + 1);
    recentSquaredError[lane] = previous < 0 ? squared : previous + alpha * (squared - previous);
  }

  /** The lane's short-window mean squared error, Mbps², or NaN before its first scored forecast. */
  public double recentMse(int lane) {
    return recentSquaredError[lane] < 0 ? Double.NaN : recentSquaredError[lane];
  }

  /**
   * The lane's recurrent state starts over at the first sample at or after {@code eventTimeMs}: a
   * state that carried the old routing is out of the distribution the model was trained on after a
   * re-route, so a liquid lane re-warms it (persistence is served during the warm-up).
   */
  public void scheduleStateReset(int lane, long eventTimeMs) {
    if (stateResetAtMs == null) {
      stateResetAtMs = new long[recurrentState.length];
      stateStartCount = new long[recurrentState.length];
    }
    stateResetAtMs[lane] = eventTimeMs;
  }

  /**
   * Applies a pending state reset of the lane if the newest sample reached its time: zero state,
   * and the newest sample becomes the first the new state sees. Call after {@link #append}.
   */
  public void applyPendingStateReset(int lane) {
    if (stateResetAtMs == null || stateResetAtMs[lane] == 0) {
      return;
    }
    if (lastTimestampMs() >= stateResetAtMs[lane]) {
      if (recurrentState[lane] != null) {
        recurrentState[lane] = new float[recurrentState[lane].length];
      }
      stateStartCount[lane] = count - 1;
      stateResetAtMs[lane] = 0;
    }
  }

  /** Samples the lane's current recurrent state has seen (all of them unless it was reset). */
  public long samplesInState(int lane) {
    return stateStartCount == null ? count : count - stateStartCount[lane];
  }

  /** How many samples the history ring holds now (at most its capacity). */
  public int historySize() {
    return (int) Math.min(count, historyCapacity());
  }

  /** Event time of the sample {@code back} samples before the newest (0 = the newest). */
  public long timestampBack(int back) {
    return timestampsMs[(int) ((count - 1 - back) % historyCapacity())];
  }

  /** Load of the sample {@code back} samples before the newest (0 = the newest), Mbps. */
  public float loadBack(int back) {
    return loadsMbps[(int) ((count - 1 - back) % historyCapacity())];
  }

  public int historyCapacity() {
    return loadsMbps.length;
  }

  /** Event time of the newest sample, or {@link Long#MIN_VALUE} before the first. */
  public long lastTimestampMs() {
    return count == 0 ? Long.MIN_VALUE : timestampsMs[(int) ((count - 1) % historyCapacity())];
  }

  /** Appends a sample. The caller guarantees increasing timestamps per link. */
  public void append(long timestampMs, float loadMbps, float capacity) {
    int slot = (int) (count % historyCapacity());
    timestampsMs[slot] = timestampMs;
    loadsMbps[slot] = loadMbps;
    capacityMbps = capacity;
    count++;
  }

  /**
   * Copies the newest {@code batch.window} samples into row {@code row} of the batch, padding the
   * front with the oldest available sample (zero gap) when the link is young.
   */
  public void fillRow(ForecastBatch batch, int row, int lane) {
    int w = batch.window;
    int cap = historyCapacity();
    int stored = (int) Math.min(count, cap);
    int have = Math.min(stored, w);
    int base = row * w;
    for (int i = 0; i < w; i++) {
      // i = w-1 is the newest; the sample "back" steps before the newest
      int back = w - 1 - i;
      int clamped = Math.min(back, have - 1);
      int slot = (int) ((count - 1 - clamped) % cap);
      batch.historyMbps[base + i] = loadsMbps[slot];
      // a real slot has the gap to the sample before it whenever the ring still holds that
      // sample, also beyond the window (a recurrent model's window is 1: its time input is this
      // gap, as in training); padded slots have none
      if (back < have && back + 1 < stored) {
        int previous = (int) ((count - 2 - clamped) % cap);
        batch.gapSeconds[base + i] = (timestampsMs[slot] - timestampsMs[previous]) / 1000f;
      } else {
        batch.gapSeconds[base + i] = 0f;
      }
    }
    batch.available[row] = have;
    batch.lastTimestampMs[row] = lastTimestampMs();
    batch.scaleMbps[row] = capacityMbps;
    int s = batch.stateSize;
    if (s > 0) {
      float[] state = recurrentState[lane];
      if (state == null || state.length != s) {
        Arrays.fill(batch.stateIn, row * s, row * s + s, 0f);
      } else {
        System.arraycopy(state, 0, batch.stateIn, row * s, s);
      }
    }
  }

  /**
   * Stores the lane's outputs of row {@code row}: the new recurrent state and the forecast for the
   * batch's last horizon step, which waits in a ring of {@code horizon} slots for its truth.
   *
   * @return the forecast value, Mbps
   */
  public float takeForecast(ForecastBatch batch, int row, int lane, long stepMs) {
    int s = batch.stateSize;
    if (s > 0) {
      recurrentState[lane] = Arrays.copyOfRange(batch.stateOut, row * s, row * s + s);
    }
    int horizon = batch.horizon;
    float value = batch.forecastMbps[row * horizon + horizon - 1];
    long target = lastTimestampMs() + horizon * stepMs;
    // nearest step, not floor: a sample a few ms early must not take the previous target's slot
    int slot =
        lane * horizon
            + (int) Math.floorMod(Math.floorDiv(target + stepMs / 2, stepMs), (long) horizon);
    pendingTargetMs[slot] = target;
    pendingValueMbps[slot] = value;
    return value;
  }

  /**
   * Scores, for one lane, the pending forecast whose target time is within half a step of a newly
   * arrived sample, and clears it.
   *
   * @return the forecast that was due, or {@code NaN} when none was (first samples, gaps)
   */
  public float takeDueForecast(int lane, int horizon, long timestampMs, long stepMs) {
    for (int h = 0; h < horizon; h++) {
      int slot = lane * horizon + h;
      long target = pendingTargetMs[slot];
      if (target != 0 && Math.abs(target - timestampMs) <= stepMs / 2) {
        pendingTargetMs[slot] = 0;
        return pendingValueMbps[slot];
      }
      if (target != 0 && target < timestampMs - stepMs / 2) {
        // its truth never came (a gap in telemetry): drop it, it can no longer be scored
        pendingTargetMs[slot] = 0;
      }
    }
    return Float.NaN;
  }
}
