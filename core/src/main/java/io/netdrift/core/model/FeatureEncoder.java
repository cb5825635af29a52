package io.netdrift.core.model;

import io.netdrift.core.forecast.ForecastBatch;

/**
 * Turns raw link history into model inputs, identically for training and serving. Per step: {@code
 * load / scale}, {@code gap / stepSeconds}, {@code sin} and {@code cos} of the time of day (UTC).
 * The time input of the liquid cells is {@code gap / stepSeconds} as well, so a missing sample
 * shows up as a gap of 2 and a padded slot as 0.
 */
public final class FeatureEncoder {
  private static final double DAY_MS = 86_400_000.0;

  private FeatureEncoder() {}

  /**
   * Encodes {@code steps} samples of one row.
   *
   * @param load loads in Mbps, oldest first, from {@code loadOffset}
   * @param gapSeconds gaps in seconds before each sample, from {@code loadOffset}
   * @param newestTimestampMs event time of the newest sample
   * @param x output {@code [steps × FEATURES]} from {@code xOffset}
   * @param dt output {@code [steps]} normalised gaps from {@code dtOffset}
   */
  public static void encode(
      float[] load,
      float[] gapSeconds,
      int loadOffset,
      int steps,
      long newestTimestampMs,
      float scaleMbps,
      float stepSeconds,
      float[] x,
      int xOffset,
      float[] dt,
      int dtOffset) {
    float inverseScale = scaleMbps > 0 ? 1f / scaleMbps : 0f;
    double t = newestTimestampMs;
    for (int k = steps - 1; k >= 0; k--) {
      float gap = gapSeconds[loadOffset + k];
      float gapNorm = gap > 0 ? gap / stepSeconds : 0f;
      double phase = 2 * Math.PI * (Math.floorMod((long) t, (long) DAY_MS) / DAY_MS);
      int o = xOffset + k * ModelConfig.FEATURES;
      x[o] = load[loadOffset + k] * inverseScale;
      x[o + 1] = gapNorm;
      x[o + 2] = (float) Math.sin(phase);
      x[o + 3] = (float) Math.cos(phase);
      dt[dtOffset + k] = gapNorm;
      t -= gap * 1000.0;
    }
  }

  /** Encodes rows {@code 0..batch.rows-1} of a batch (window = {@code batch.window}). */
  public static void encode(ForecastBatch batch, float stepSeconds, float[] x, float[] dt) {
    int w = batch.window;
    for (int r = 0; r < batch.rows; r++) {
      encode(
          batch.historyMbps,
          batch.gapSeconds,
          r * w,
          w,
          batch.lastTimestampMs[r],
          batch.scaleMbps[r],
          stepSeconds,
          x,
          r * w * ModelConfig.FEATURES,
          dt,
          r * w);
    }
  }
}
