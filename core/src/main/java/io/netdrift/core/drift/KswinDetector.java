package io.netdrift.core.drift;

import java.io.IOException;

/**
 * KSWIN, the Kolmogorov-Smirnov WINdowed drift detector of Raab, Heusinger and Schleif, "Reactive
 * Soft Prototype Computing for Concept Drift Streams", Neurocomputing 416 (2020), section 3.
 *
 * <p>A sliding window Ψ of the last {@code windowSize} values is split into its newest {@code
 * statSize} = r values W and the older rest; a uniform random sample R of r values is drawn
 * (without replacement) from the older part, and the two-sample Kolmogorov-Smirnov distance
 *
 * <pre>
 *   dist(R, W) = sup_x | F_R(x) − F_W(x) |
 * </pre>
 *
 * is compared with the critical value of the paper's rejection rule for two samples of size r,
 *
 * <pre>
 *   dist(R, W) &gt; sqrt( −ln(α) / r ),
 * </pre>
 *
 * which signals a drift. The window then keeps only W (the new concept). Unlike ADWIN and
 * Page-Hinkley, KSWIN watches the whole distribution (variance and shape, not only the mean), at
 * the price of a test per update (O(|Ψ|): both parts of the window are kept sorted as values come
 * and go, so the sample is read sorted) and a higher false-alarm rate: each update is a test at
 * level α.
 *
 * <p>The random sample comes from a seeded SplitMix64 generator whose 64-bit state is part of the
 * serialized state, so a restored detector draws the same samples as the original. Hyper-parameters
 * (defaults of River's {@code KSWIN}):
 *
 * <ul>
 *   <li>{@code alpha} in (0, 1), default 0.005: level of the KS test.
 *   <li>{@code windowSize} ≥ 2 · statSize, default 100: |Ψ|.
 *   <li>{@code statSize} ≥ 2, default 30: r, the size of W and of R.
 *   <li>{@code seed}, default 42: seed of the sampler.
 * </ul>
 */
public final class KswinDetector implements DriftDetector {

  /** Registry name used by {@link DriftDetectors} and the codec. */
  public static final String NAME = "kswin";

  public static final double DEFAULT_ALPHA = 0.005;
  public static final int DEFAULT_WINDOW_SIZE = 100;
  public static final int DEFAULT_STAT_SIZE = 30;
  public static final long DEFAULT_SEED = 42;

  private static final int MAX_WINDOW_SIZE = 1 << 20;

  private final double alpha;
  private final int windowSize;
  private final int statSize;
  private final long seed;
  private final double criticalDistance;

  private final double[] window; // ring buffer, oldest at head
  private int head;
  private int count;
  private long rngState;
  private long samplesSeen;
  private boolean driftDetected;
  private double statistic;

  // The window's newest min(count, statSize) values and the older rest, each kept sorted as values
  // come and go (O(windowSize) moves, no sort per test); derived from the window, rebuilt on
  // restore.
  private final SortedValues recent;
  private final SortedValues older;

  // Scratch space for the test, not state.
  private final double[] sample;
  private final int[] olderIndices;
  private final boolean[] chosen;

  /** KSWIN with River's defaults. */
  public KswinDetector() {
    this(DEFAULT_ALPHA, DEFAULT_WINDOW_SIZE, DEFAULT_STAT_SIZE, DEFAULT_SEED);
  }

  public KswinDetector(double alpha, int windowSize, int statSize, long seed) {
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException("alpha must be in (0, 1), got " + alpha);
    }
    if (statSize < 2) {
      throw new IllegalArgumentException("statSize must be >= 2, got " + statSize);
    }
    if (windowSize < 2 * statSize || windowSize > MAX_WINDOW_SIZE) {
      throw new IllegalArgumentException(
          "windowSize must be in [2 * statSize, "
              + MAX_WINDOW_SIZE
              + "] (the random sample is drawn from the older windowSize - statSize values), got "
              + windowSize
              + " with statSize "
              + statSize);
    }
    this.alpha = alpha;
    this.windowSize = windowSize;
    this.statSize = statSize;
    this.seed = seed;
    this.criticalDistance = Math.sqrt(-Math.log(alpha) / statSize);
    this.window = new double[windowSize];
    this.sample = new double[statSize];
    this.recent = new SortedValues(statSize);
    this.older = new SortedValues(windowSize - statSize);
    this.olderIndices = new int[windowSize - statSize];
    this.chosen = new boolean[windowSize - statSize];
    reset();
  }

  @Override
  public void reset() {
    head = 0;
    count = 0;
    recent.clear();
    older.clear();
    rngState = seed;
    samplesSeen = 0;
    driftDetected = false;
    statistic = 0;
  }

  @Override
  public KswinDetector update(double x) {
    DetectorArguments.requireFinite(x);
    samplesSeen++;
    driftDetected = false;
    if (count == windowSize) {
      older.remove(window[head]); // the oldest value leaves the window
    }
    if (recent.size == statSize) {
      // The value at logical position count - statSize moves from the newest part to the older.
      double moving = window[wrap(head + count - statSize)];
      recent.remove(moving);
      older.insert(moving);
    }
    recent.insert(x);
    if (count < windowSize) {
      window[wrap(head + count)] = x;
      count++;
    } else {
      window[head] = x;
      head = wrap(head + 1);
    }
    if (count == windowSize) {
      test();
    }
    return this;
  }

  private void test() {
    int olderSize = windowSize - statSize;
    // Partial Fisher-Yates: a uniform choice of statSize of the older values, without
    // replacement; reading the chosen ranks in order gives the sample already sorted.
    for (int i = 0; i < olderSize; i++) {
      olderIndices[i] = i;
    }
    for (int i = 0; i < statSize; i++) {
      int j = i + nextInt(olderSize - i);
      int swap = olderIndices[i];
      olderIndices[i] = olderIndices[j];
      olderIndices[j] = swap;
      chosen[olderIndices[i]] = true;
    }
    int n = 0;
    for (int rank = 0; rank < olderSize; rank++) {
      if (chosen[rank]) {
        chosen[rank] = false;
        sample[n++] = older.values[rank];
      }
    }
    statistic = twoSampleDistance(sample, recent.values);
    if (statistic > criticalDistance) {
      driftDetected = true;
      // Keep only the newest statSize values, in order; `recent` already holds them.
      double[] newest = new double[statSize];
      int start = head + olderSize;
      for (int i = 0; i < statSize; i++) {
        newest[i] = window[wrap(start + i)];
      }
      System.arraycopy(newest, 0, window, 0, statSize);
      head = 0;
      count = statSize;
      older.clear();
    }
  }

  /** Index into the ring buffer for a logical position below 2 * windowSize (no division). */
  private int wrap(int position) {
    return position < windowSize ? position : position - windowSize;
  }

  /** A sorted multiset of doubles with a fixed capacity. */
  private static final class SortedValues {
    final double[] values;
    int size;

    SortedValues(int capacity) {
      values = new double[capacity];
    }

    void clear() {
      size = 0;
    }

    void insert(double x) {
      int i = size++;
      while (i > 0 && values[i - 1] > x) {
        values[i] = values[i - 1];
        i--;
      }
      values[i] = x;
    }

    void remove(double x) {
      int i = 0;
      while (values[i] != x) {
        i++;
      }
      System.arraycopy(values, i + 1, values, i, size - i - 1);
      size--;
    }
  }

  /** sup |F_a − F_b| of two sorted samples, ties handled by stepping past equal values. */
  static double twoSampleDistance(double[] a, double[] b) {
    int i = 0;
    int j = 0;
    double max = 0;
    while (i < a.length && j < b.length) {
      double v = Math.min(a[i], b[j]);
      while (i < a.length && a[i] == v) {
        i++;
      }
      while (j < b.length && b[j] == v) {
        j++;
      }
      double d = Math.abs((double) i / a.length - (double) j / b.length);
      if (d > max) {
        max = d;
      }
    }
    return max;
  }

  /** SplitMix64 (Steele, Lea and Flood 2014): one long of state, serialisable. */
  private int nextInt(int bound) {
    rngState += 0x9E3779B97F4A7C15L;
    long z = rngState;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z = z ^ (z >>> 31);
    return (int) (((z >>> 33) * bound) >>> 31);
  }

  @Override
  public boolean driftDetected() {
    return driftDetected;
  }

  /** The KS distance of the last test (0 before the window first fills). */
  @Override
  public double statistic() {
    return statistic;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public long samplesSeen() {
    return samplesSeen;
  }

  /** The distance above which the test rejects: sqrt(−ln α / statSize). */
  public double criticalDistance() {
    return criticalDistance;
  }

  public double alpha() {
    return alpha;
  }

  public int windowSize() {
    return windowSize;
  }

  public int statSize() {
    return statSize;
  }

  public long seed() {
    return seed;
  }

  void writeState(StateWriter out) {
    out.writeDouble(alpha);
    out.writeInt(windowSize);
    out.writeInt(statSize);
    out.writeLong(seed);
    out.writeLong(rngState);
    out.writeLong(samplesSeen);
    out.writeBoolean(driftDetected);
    out.writeDouble(statistic);
    out.writeInt(count);
    for (int i = 0; i < count; i++) {
      out.writeDouble(window[wrap(head + i)]);
    }
  }

  static KswinDetector readState(StateReader in) throws IOException {
    KswinDetector d = new KswinDetector(in.readDouble(), in.readInt(), in.readInt(), in.readLong());
    d.rngState = in.readLong();
    d.samplesSeen = in.readLong();
    d.driftDetected = in.readBoolean();
    d.statistic = in.readDouble();
    d.count = DetectorArguments.requireStateSize(in.readInt(), d.windowSize, "KSWIN window");
    for (int i = 0; i < d.count; i++) {
      d.window[i] = in.readDouble();
      if (!Double.isFinite(d.window[i])) {
        throw new IOException("corrupt detector state: non-finite KSWIN value");
      }
    }
    int recentFrom = Math.max(0, d.count - d.statSize);
    for (int i = 0; i < d.count; i++) {
      (i < recentFrom ? d.older : d.recent).insert(d.window[i]);
    }
    return d;
  }
}
