package io.netdrift.core.forecast;

/**
 * A batch of forecasting requests, one row per link direction, laid out as flat arrays so one model
 * call (one TensorFlow call) serves every row. The caller fills the inputs, the forecaster writes
 * {@link #forecastMbps} and, for recurrent models, {@link #stateOut}.
 *
 * <p>Row {@code r} of a {@code [rows × width]} array starts at {@code r * width}. History is oldest
 * first and always full: when a link has fewer samples than {@code window}, the caller pads the
 * front with its oldest sample and a zero gap, and sets {@link #available} to the number of real
 * samples.
 */
public final class ForecastBatch {
  public final int capacityRows;
  public final int window;
  public final int stateSize;
  public final int horizon;

  /** Number of rows in use (≤ {@link #capacityRows}). */
  public int rows;

  /** {@code [rows × window]} measured load, Mbps, oldest first. */
  public final float[] historyMbps;

  /** {@code [rows × window]} seconds since the previous sample (0 for the first or padded). */
  public final float[] gapSeconds;

  /** {@code [rows]} event time of the newest sample, epoch ms (calendar features). */
  public final long[] lastTimestampMs;

  /** {@code [rows]} per-link normalisation scale, Mbps (the direction's capacity). */
  public final float[] scaleMbps;

  /** {@code [rows]} how many of the {@code window} history slots are real samples (≥ 1). */
  public final int[] available;

  /** {@code [rows × stateSize]} recurrent state carried in (zeros for a new link). */
  public final float[] stateIn;

  /** {@code [rows × stateSize]} recurrent state after consuming the newest sample. */
  public final float[] stateOut;

  /** {@code [rows × horizon]} forecast load, Mbps, for steps 1..horizon ahead. */
  public final float[] forecastMbps;

  public ForecastBatch(int capacityRows, int window, int stateSize, int horizon) {
    if (capacityRows < 1 || window < 1 || stateSize < 0 || horizon < 1) {
      throw new IllegalArgumentException(
          "bad batch shape: rows="
              + capacityRows
              + " window="
              + window
              + " state="
              + stateSize
              + " horizon="
              + horizon);
    }
    this.capacityRows = capacityRows;
    this.window = window;
    this.stateSize = stateSize;
    this.horizon = horizon;
    this.historyMbps = new float[capacityRows * window];
    this.gapSeconds = new float[capacityRows * window];
    this.lastTimestampMs = new long[capacityRows];
    this.scaleMbps = new float[capacityRows];
    this.available = new int[capacityRows];
    this.stateIn = new float[capacityRows * stateSize];
    this.stateOut = new float[capacityRows * stateSize];
    this.forecastMbps = new float[capacityRows * horizon];
  }

  /** Overwrites a row's forecasts with its newest load (persistence), every horizon step. */
  public void forecastPersistence(int row) {
    java.util.Arrays.fill(forecastMbps, row * horizon, (row + 1) * horizon, newestMbps(row));
  }

  /** Newest measured load of a row. */
  public float newestMbps(int row) {
    return historyMbps[row * window + window - 1];
  }
}
