package io.netdrift.core.model;

import io.netdrift.core.forecast.ForecastBatch;
import io.netdrift.core.model.training.LinkSeries;
import io.netdrift.core.model.training.TrainingResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Synthetic data and tiny models shared by the model tests. */
public final class ModelTestSupport {
  private ModelTestSupport() {}

  public static final long T0 = Instant.parse("2026-01-05T00:00:00Z").toEpochMilli();

  /** Daily-like sine per link (period {@code period} steps of 300 s) with a little noise. */
  public static List<LinkSeries> sines(int links, int samples, int period, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<LinkSeries> out = new ArrayList<>();
    for (int l = 0; l < links; l++) {
      double amplitude = 200 + 100 * l;
      double mean = 400 + 150 * l;
      double phase = rnd.nextDouble() * 2 * Math.PI;
      long[] ts = new long[samples];
      float[] load = new float[samples];
      for (int i = 0; i < samples; i++) {
        ts[i] = T0 + i * 300_000L;
        load[i] =
            (float)
                (mean
                    + amplitude * Math.sin(2 * Math.PI * i / period + phase)
                    + rnd.nextGaussian() * 0.01 * amplitude);
      }
      out.add(new LinkSeries("L" + l + "->R" + l, ts, load));
    }
    return out;
  }

  /** A batch of random rows with random state, irregular gaps and some padded rows. */
  public static ForecastBatch randomBatch(int rows, ModelConfig c, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int w = c.servingWindow();
    ForecastBatch b = new ForecastBatch(rows, w, c.stateSize(), c.horizon());
    b.rows = rows;
    for (int r = 0; r < rows; r++) {
      b.scaleMbps[r] = 1000f + r;
      b.lastTimestampMs[r] = T0 + rnd.nextLong(86_400_000L);
      b.available[r] = w;
      for (int k = 0; k < w; k++) {
        b.historyMbps[r * w + k] = (float) (rnd.nextDouble() * 900);
        b.gapSeconds[r * w + k] = (float) (rnd.nextInt(1, 4) * c.stepSeconds());
      }
      if (r % 3 == 2) {
        // a new link: front padded with its oldest sample and a zero gap
        b.available[r] = 1;
        for (int k = 0; k < w - 1; k++) {
          b.historyMbps[r * w + k] = b.historyMbps[r * w + w - 1];
          b.gapSeconds[r * w + k] = 0f;
        }
      }
      for (int s = 0; s < c.stateSize(); s++) {
        b.stateIn[r * c.stateSize() + s] = (float) (rnd.nextDouble() - 0.5);
      }
    }
    return b;
  }

  /** Copies row {@code r} of {@code src} into a new one-row batch. */
  public static ForecastBatch row(ForecastBatch src, int r) {
    ForecastBatch b = new ForecastBatch(1, src.window, src.stateSize, src.horizon);
    b.rows = 1;
    System.arraycopy(src.historyMbps, r * src.window, b.historyMbps, 0, src.window);
    System.arraycopy(src.gapSeconds, r * src.window, b.gapSeconds, 0, src.window);
    System.arraycopy(src.stateIn, r * src.stateSize, b.stateIn, 0, src.stateSize);
    b.lastTimestampMs[0] = src.lastTimestampMs[r];
    b.scaleMbps[0] = src.scaleMbps[r];
    b.available[0] = src.available[r];
    return b;
  }

  /** Metadata for a model that was not trained (tests of serving only). */
  public static ModelMetadata untrainedMetadata(ModelConfig c) {
    Map<String, Float> scales = new LinkedHashMap<>();
    scales.put("A->B", 1000f);
    ForecastMetrics none = new ForecastMetrics(Double.NaN, Double.NaN, 0);
    Instant t = Instant.ofEpochMilli(T0);
    return new ModelMetadata(
        ModelMetadata.FORMAT_VERSION, 1, c, "none", t, t, t, t, scales, 0, 0, none, none);
  }

  public static ModelMetadata metadata(TrainingResult r) {
    return r.metadata();
  }
}
