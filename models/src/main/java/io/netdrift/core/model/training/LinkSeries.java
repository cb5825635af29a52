package io.netdrift.core.model.training;

/**
 * The measured load of one link direction over time, oldest first (the simulator's {@code
 * link_load.csv} rows for one {@code link_id}). Timestamps may be irregular; missing steps are
 * simply absent.
 */
public record LinkSeries(String linkId, long[] timestampMs, float[] loadMbps) {
  public LinkSeries {
    if (timestampMs.length != loadMbps.length) {
      throw new IllegalArgumentException(linkId + ": timestamps and loads differ in length");
    }
    for (int i = 1; i < timestampMs.length; i++) {
      if (timestampMs[i] <= timestampMs[i - 1]) {
        throw new IllegalArgumentException(
            linkId + ": timestamps must be strictly increasing (index " + i + ")");
      }
    }
  }

  public int size() {
    return loadMbps.length;
  }

  /** Seconds since the previous sample, 0 for the first. */
  public float[] gapSeconds() {
    float[] g = new float[timestampMs.length];
    for (int i = 1; i < g.length; i++) {
      g[i] = (timestampMs[i] - timestampMs[i - 1]) / 1000f;
    }
    return g;
  }
}
