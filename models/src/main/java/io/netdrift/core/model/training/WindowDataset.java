package io.netdrift.core.model.training;

import io.netdrift.core.model.FeatureEncoder;
import io.netdrift.core.model.ModelConfig;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Sliding windows cut from link series, encoded exactly as the serving path encodes a {@code
 * ForecastBatch}: {@code x [n,S,F]}, {@code dt [n,S]}, targets {@code y [n,Q,K]} for the last
 * {@code Q} steps of each window (normalised), and per window the scale and the newest load (for
 * persistence and de-normalisation).
 */
public final class WindowDataset {
  public final int size;
  public final int steps;
  public final int horizon;

  /** Trailing steps of each window with targets ({@code y} is {@code [n, scored, K]}). */
  public final int scored;

  public final float[] x;
  public final float[] dt;
  public final float[] y;
  public final float[] scale;
  public final float[] newestMbps;

  private WindowDataset(int size, int steps, int scored, int horizon) {
    this.size = size;
    this.steps = steps;
    this.scored = scored;
    this.horizon = horizon;
    this.x = new float[size * steps * ModelConfig.FEATURES];
    this.dt = new float[size * steps];
    this.y = new float[size * scored * horizon];
    this.scale = new float[size];
    this.newestMbps = new float[size];
  }

  /**
   * Windows whose newest sample index {@code e} satisfies {@code steps-1 <= e} and whose targets
   * {@code e+1..e+K} lie in {@code [0, split)} (training) or {@code [split, n)} (validation) of
   * each series.
   *
   * @param split per link, the index where validation starts
   * @param validation true for targets in {@code [split, n)}, false for {@code [0, split)}
   * @param augmentation per link, scale factor upper bound (1 = none), drawn per window from {@code
   *     rnd}; ignored for validation windows
   */
  public static WindowDataset build(
      List<LinkSeries> links,
      Map<String, Integer> split,
      Map<String, Float> baseScale,
      int steps,
      int scored,
      int horizon,
      float stepSeconds,
      boolean validation,
      Map<String, Float> augmentation,
      SplittableRandom rnd) {
    Map<String, Integer> from = new java.util.HashMap<>();
    Map<String, Integer> to = new java.util.HashMap<>();
    for (LinkSeries s : links) {
      from.put(s.linkId(), validation ? split.get(s.linkId()) : 0);
      to.put(s.linkId(), validation ? s.size() : split.get(s.linkId()));
    }
    return build(
        links,
        from,
        to,
        baseScale,
        steps,
        scored,
        horizon,
        stepSeconds,
        validation ? Map.of() : augmentation,
        rnd);
  }

  /**
   * Windows whose newest sample index {@code e} satisfies {@code steps-1 <= e} and whose final
   * targets {@code e+1..e+K} lie in {@code [targetFrom, targetTo)} of each series (the history of a
   * window may reach before {@code targetFrom}, as serving's does).
   *
   * @param augmentation per link, scale factor upper bound (1 or absent = none), drawn per window
   *     from {@code rnd}
   */
  public static WindowDataset build(
      List<LinkSeries> links,
      Map<String, Integer> targetFrom,
      Map<String, Integer> targetTo,
      Map<String, Float> baseScale,
      int steps,
      int scored,
      int horizon,
      float stepSeconds,
      Map<String, Float> augmentation,
      SplittableRandom rnd) {
    int total = 0;
    for (LinkSeries s : links) {
      total += Math.max(0, last(s, targetTo, horizon) - first(s, targetFrom, steps) + 1);
    }
    WindowDataset d = new WindowDataset(total, steps, scored, horizon);
    int i = 0;
    for (LinkSeries s : links) {
      float[] gaps = s.gapSeconds();
      float base = baseScale.get(s.linkId());
      float aug = augmentation.getOrDefault(s.linkId(), 1f);
      int first = first(s, targetFrom, steps);
      int last = last(s, targetTo, horizon);
      for (int e = first; e <= last; e++, i++) {
        float sc = aug > 1 ? (float) (base * (1 + rnd.nextDouble() * (aug - 1))) : base;
        int start = e - steps + 1;
        FeatureEncoder.encode(
            s.loadMbps(),
            gaps,
            start,
            steps,
            s.timestampMs()[e],
            sc,
            stepSeconds,
            d.x,
            i * steps * ModelConfig.FEATURES,
            d.dt,
            i * steps);
        d.dt[i * steps] = start == 0 ? 0f : d.dt[i * steps];
        for (int q = 0; q < scored; q++) {
          int p = e - scored + 1 + q;
          for (int k = 0; k < horizon; k++) {
            d.y[(i * scored + q) * horizon + k] = s.loadMbps()[p + 1 + k] / sc;
          }
        }
        d.scale[i] = sc;
        d.newestMbps[i] = s.loadMbps()[e];
      }
    }
    return d;
  }

  private static int first(LinkSeries s, Map<String, Integer> targetFrom, int steps) {
    return Math.max(steps - 1, targetFrom.get(s.linkId()) - 1);
  }

  private static int last(LinkSeries s, Map<String, Integer> targetTo, int horizon) {
    return Math.min(s.size(), targetTo.get(s.linkId())) - horizon - 1;
  }

  /** Normalised target {@code k} steps after the newest sample of window {@code i}. */
  public float finalTarget(int i, int k) {
    return y[(i * scored + scored - 1) * horizon + k];
  }
}
