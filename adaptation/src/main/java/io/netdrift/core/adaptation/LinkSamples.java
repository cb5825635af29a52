package io.netdrift.core.adaptation;

import io.netdrift.core.forecast.LinkForecastState;
import io.netdrift.core.model.training.LinkSeries;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * The samples of one link direction an adaptive lane keeps for retraining: the replayed pre-drift
 * history followed by every post-drift sample, oldest first, bounded (the oldest are dropped).
 */
public final class LinkSamples {
  private long[] timestampsMs;
  private float[] loadsMbps;
  private int size;
  private float capacityMbps;
  private boolean down;
  private final int maxSize;

  /** A link's newest samples as its forecasting state holds them, oldest first. */
  public static LinkSamples recentOf(LinkForecastState state) {
    int n = state.historySize();
    LinkSamples samples = new LinkSamples(Math.max(2, n));
    for (int back = n - 1; back >= 0; back--) {
      samples.append(state.timestampBack(back), state.loadBack(back), state.capacityMbps);
    }
    return samples;
  }

  public LinkSamples(int maxSize) {
    if (maxSize < 2) {
      throw new IllegalArgumentException("maxSize must be >= 2, was " + maxSize);
    }
    this.maxSize = maxSize;
    this.timestampsMs = new long[Math.min(maxSize, 64)];
    this.loadsMbps = new float[timestampsMs.length];
  }

  /** Appends a sample; a sample not after the newest is ignored (replayed history overlap). */
  public void append(long timestampMs, float loadMbps, float capacity) {
    if (size > 0 && timestampMs <= timestampsMs[size - 1]) {
      return;
    }
    if (size == maxSize) {
      System.arraycopy(timestampsMs, 1, timestampsMs, 0, size - 1);
      System.arraycopy(loadsMbps, 1, loadsMbps, 0, size - 1);
      size--;
    } else if (size == timestampsMs.length) {
      int grown = Math.min(maxSize, timestampsMs.length * 2);
      timestampsMs = Arrays.copyOf(timestampsMs, grown);
      loadsMbps = Arrays.copyOf(loadsMbps, grown);
    }
    timestampsMs[size] = timestampMs;
    loadsMbps[size] = loadMbps;
    size++;
    if (capacity > 0) {
      capacityMbps = capacity;
    }
  }

  /**
   * Whether the link is down now (its newest telemetry said so): it carries nothing, so its samples
   * are neither collected nor used for training until it is up again.
   */
  public boolean isDown() {
    return down;
  }

  public void setDown(boolean down) {
    this.down = down;
  }

  public int size() {
    return size;
  }

  public float capacityMbps() {
    return capacityMbps;
  }

  public long timestampMs(int i) {
    return timestampsMs[i];
  }

  public float loadMbps(int i) {
    return loadsMbps[i];
  }

  public long newestTimestampMs() {
    return size == 0 ? Long.MIN_VALUE : timestampsMs[size - 1];
  }

  /** The first {@code count} samples as a training series. */
  public LinkSeries head(String linkKey, int count) {
    int n = Math.max(0, Math.min(count, size));
    return new LinkSeries(linkKey, Arrays.copyOf(timestampsMs, n), Arrays.copyOf(loadsMbps, n));
  }

  /** An independent copy (handed to the background trainer). */
  public LinkSamples copy() {
    LinkSamples c = new LinkSamples(maxSize);
    c.timestampsMs = Arrays.copyOf(timestampsMs, Math.max(size, 1));
    c.loadsMbps = Arrays.copyOf(loadsMbps, Math.max(size, 1));
    c.size = size;
    c.capacityMbps = capacityMbps;
    c.down = down;
    return c;
  }

  void write(DataOutputStream out) throws IOException {
    out.writeInt(maxSize);
    out.writeInt(size);
    out.writeFloat(capacityMbps);
    out.writeBoolean(down);
    for (int i = 0; i < size; i++) {
      out.writeLong(timestampsMs[i]);
      out.writeFloat(loadsMbps[i]);
    }
  }

  static LinkSamples read(DataInputStream in) throws IOException {
    LinkSamples s = new LinkSamples(in.readInt());
    int n = in.readInt();
    s.capacityMbps = in.readFloat();
    s.down = in.readBoolean();
    s.timestampsMs = new long[Math.max(n, 1)];
    s.loadsMbps = new float[Math.max(n, 1)];
    for (int i = 0; i < n; i++) {
      s.timestampsMs[i] = in.readLong();
      s.loadsMbps[i] = in.readFloat();
    }
    s.size = n;
    return s;
  }
}
