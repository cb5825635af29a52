package io.netdrift.core.drift;

import java.io.IOException;
import java.util.Arrays;

/**
 * ADWIN, the ADaptive sliding WINdow of Bifet and Gavaldà, "Learning from Time-Changing Data with
 * Adaptive Windowing" (SIAM SDM 2007), in its ADWIN2 form with the exponential histogram.
 *
 * <p>The detector keeps a window W of the most recent values, as large as is consistent with "no
 * change inside W". Whenever W splits into an older part W0 and a newer part W1 whose means differ
 * by at least the cut threshold ε<sub>cut</sub>, the older part is dropped and a drift is
 * signalled. With the practical bound of section 3.2 of the paper (after Theorem 3.1),
 *
 * <pre>
 *   ε_cut = sqrt( (2/m) · σ²_W · ln(2/δ') ) + (2 / (3m)) · ln(2/δ'),   δ' = δ / ln|W|
 * </pre>
 *
 * where σ²_W is the variance of the values in W and 1/m = 1/|W0| + 1/|W1| (as in River, each count
 * is reduced by {@code minWindowLength - 1}). Memory: W is stored in an exponential histogram
 * (section 4 of the paper, Datar et al. 2002): row i holds at most {@code maxBuckets} buckets
 * summarising 2<sup>i</sup> values each (their total and their variance), so a window of |W| values
 * costs O(M · log(|W|/M)) memory and an update amortised O(log |W|) time. Cut points are the bucket
 * boundaries, and are checked once every {@code clock} updates (River's optimisation: the check
 * walks every bucket).
 *
 * <p>After a drift the window keeps only the values after the cut (the older concept is forgotten
 * there and then, which is ADWIN's own reset). Hyper-parameters:
 *
 * <ul>
 *   <li>{@code delta} (0, 1), default 0.002: confidence of the cut test; smaller means fewer false
 *       alarms and later detections.
 *   <li>{@code clock} ≥ 1, default 32: check for a cut every this many updates.
 *   <li>{@code maxBuckets} in [2, 1024], default 5: buckets per histogram row (M in the paper).
 *   <li>{@code minWindowLength} ≥ 1, default 5: smallest |W0| and |W1| a cut may leave.
 *   <li>{@code gracePeriod} ≥ 1, default 10: no check before the window holds this many values.
 * </ul>
 */
public final class AdwinDetector implements DriftDetector {

  /** Registry name used by {@link DriftDetectors} and the codec. */
  public static final String NAME = "adwin";

  public static final double DEFAULT_DELTA = 0.002;
  public static final int DEFAULT_CLOCK = 32;
  public static final int DEFAULT_MAX_BUCKETS = 5;
  public static final int DEFAULT_MIN_WINDOW_LENGTH = 5;
  public static final int DEFAULT_GRACE_PERIOD = 10;

  private static final int MAX_BUCKETS_LIMIT = 1024;

  private final double delta;
  private final int clock;
  private final int maxBuckets;
  private final int minWindowLength;
  private final int gracePeriod;

  // Exponential histogram: row r summarises buckets of 2^r values; in each row index 0 is the
  // oldest bucket. Arrays (not objects) so the state is compact and cheap to serialise.
  private double[][] rowTotals;
  private double[][] rowVariances;
  private int[] rowCounts;
  private int rows;

  private long width;
  private double total;
  private double variance; // sum of squared deviations from the mean over the window
  private long tick;
  private long samplesSeen;
  private boolean driftDetected;
  private double statistic;

  /** ADWIN with the defaults of the paper and River ({@code delta = 0.002}). */
  public AdwinDetector() {
    this(DEFAULT_DELTA);
  }

  public AdwinDetector(double delta) {
    this(
        delta, DEFAULT_CLOCK, DEFAULT_MAX_BUCKETS, DEFAULT_MIN_WINDOW_LENGTH, DEFAULT_GRACE_PERIOD);
  }

  public AdwinDetector(
      double delta, int clock, int maxBuckets, int minWindowLength, int gracePeriod) {
    if (!(delta > 0 && delta < 1)) {
      throw new IllegalArgumentException("delta must be in (0, 1), got " + delta);
    }
    if (clock < 1) {
      throw new IllegalArgumentException("clock must be >= 1, got " + clock);
    }
    if (maxBuckets < 2 || maxBuckets > MAX_BUCKETS_LIMIT) {
      throw new IllegalArgumentException(
          "maxBuckets must be in [2, " + MAX_BUCKETS_LIMIT + "], got " + maxBuckets);
    }
    if (minWindowLength < 1) {
      throw new IllegalArgumentException("minWindowLength must be >= 1, got " + minWindowLength);
    }
    if (gracePeriod < 1) {
      throw new IllegalArgumentException("gracePeriod must be >= 1, got " + gracePeriod);
    }
    this.delta = delta;
    this.clock = clock;
    this.maxBuckets = maxBuckets;
    this.minWindowLength = minWindowLength;
    this.gracePeriod = gracePeriod;
    reset();
  }

  @Override
  public void reset() {
    rowTotals = new double[4][];
    rowVariances = new double[4][];
    rowCounts = new int[4];
    rows = 0;
    width = 0;
    total = 0;
    variance = 0;
    tick = 0;
    samplesSeen = 0;
    driftDetected = false;
    statistic = 0;
  }

  @Override
  public AdwinDetector update(double x) {
    DetectorArguments.requireFinite(x);
    samplesSeen++;
    driftDetected = false;
    insert(x);
    tick++;
    if (tick % clock == 0 && width > gracePeriod) {
      detectChange();
    }
    return this;
  }

  @Override
  public boolean driftDetected() {
    return driftDetected;
  }

  /** |mean(W0) − mean(W1)| of the last cut found, 0 until the first detection. */
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

  /** Number of values in the adaptive window |W|. */
  public long width() {
    return width;
  }

  /** Mean of the values in the window (0 when empty). */
  public double estimation() {
    return width == 0 ? 0 : total / width;
  }

  /** Variance of the values in the window (0 when empty). */
  public double variance() {
    return width == 0 ? 0 : variance / width;
  }

  /** Number of histogram buckets in use: O(M log |W|), the memory bound of the paper. */
  public int bucketCount() {
    int n = 0;
    for (int r = 0; r < rows; r++) {
      n += rowCounts[r];
    }
    return n;
  }

  public double delta() {
    return delta;
  }

  public int clock() {
    return clock;
  }

  public int maxBuckets() {
    return maxBuckets;
  }

  public int minWindowLength() {
    return minWindowLength;
  }

  public int gracePeriod() {
    return gracePeriod;
  }

  private void insert(double x) {
    if (rows == 0) {
      addRow();
    }
    appendBucket(0, x, 0);
    if (width > 0) {
      double mean = total / width;
      variance += width * (x - mean) * (x - mean) / (width + 1);
    }
    width++;
    total += x;
    compress();
  }

  /** Merges the two oldest buckets of every full row into one of the next row (paper, sec. 4). */
  private void compress() {
    for (int r = 0; r < rows; r++) {
      if (rowCounts[r] <= maxBuckets) {
        return;
      }
      if (r + 1 == rows) {
        addRow();
      }
      double n = (double) (1L << r);
      double[] totals = rowTotals[r];
      double[] variances = rowVariances[r];
      double meanDifference = totals[0] / n - totals[1] / n;
      double mergedVariance =
          variances[0] + variances[1] + n * n * meanDifference * meanDifference / (2 * n);
      appendBucket(r + 1, totals[0] + totals[1], mergedVariance);
      removeOldest(r, 2);
    }
  }

  private void addRow() {
    if (rows == rowCounts.length) {
      int capacity = rows * 2;
      rowTotals = Arrays.copyOf(rowTotals, capacity);
      rowVariances = Arrays.copyOf(rowVariances, capacity);
      rowCounts = Arrays.copyOf(rowCounts, capacity);
    }
    rowTotals[rows] = new double[maxBuckets + 1];
    rowVariances[rows] = new double[maxBuckets + 1];
    rowCounts[rows] = 0;
    rows++;
  }

  private void appendBucket(int row, double bucketTotal, double bucketVariance) {
    int k = rowCounts[row]++;
    rowTotals[row][k] = bucketTotal;
    rowVariances[row][k] = bucketVariance;
  }

  private void removeOldest(int row, int howMany) {
    int remaining = rowCounts[row] - howMany;
    System.arraycopy(rowTotals[row], howMany, rowTotals[row], 0, remaining);
    System.arraycopy(rowVariances[row], howMany, rowVariances[row], 0, remaining);
    rowCounts[row] = remaining;
  }

  /** Drops the oldest bucket of the window, keeping total and variance exact. */
  private void deleteOldestBucket() {
    int r = rows - 1;
    double n = (double) (1L << r);
    double bucketTotal = rowTotals[r][0];
    double bucketVariance = rowVariances[r][0];
    width -= (long) n;
    total -= bucketTotal;
    if (width == 0) {
      total = 0;
      variance = 0;
    } else {
      double bucketMean = bucketTotal / n;
      double windowMean = total / width;
      double d = bucketMean - windowMean;
      variance -= bucketVariance + n * width * d * d / (n + width);
      if (variance < 0) {
        variance = 0; // rounding
      }
    }
    removeOldest(r, 1);
    if (rowCounts[r] == 0) {
      rows--;
    }
  }

  /**
   * Looks for a cut W = W0 · W1 at a bucket boundary with |mean(W0) − mean(W1)| ≥ ε_cut; drops the
   * oldest bucket and looks again while one is found (the window shrinks to the new concept).
   */
  private void detectChange() {
    boolean shrunk = true;
    while (shrunk && width > gracePeriod) {
      shrunk = false;
      double n0 = 0;
      double u0 = 0;
      double n1 = width;
      double u1 = total;
      double varianceInWindow = variance / width;
      double deltaPrime = Math.log(2 * Math.log(width) / delta);
      search:
      for (int r = rows - 1; r >= 0; r--) {
        double size = (double) (1L << r);
        double[] totals = rowTotals[r];
        for (int k = 0; k < rowCounts[r]; k++) {
          n0 += size;
          n1 -= size;
          u0 += totals[k];
          u1 -= totals[k];
          if (n1 < minWindowLength) {
            break search;
          }
          if (n0 < minWindowLength) {
            continue;
          }
          double meanDifference = u0 / n0 - u1 / n1;
          double mRecip = 1 / (n0 - minWindowLength + 1) + 1 / (n1 - minWindowLength + 1);
          double epsilon =
              Math.sqrt(2 * mRecip * varianceInWindow * deltaPrime)
                  + 2.0 / 3.0 * deltaPrime * mRecip;
          if (Math.abs(meanDifference) >= epsilon) {
            driftDetected = true;
            statistic = Math.abs(meanDifference);
            deleteOldestBucket();
            shrunk = true;
            break search;
          }
        }
      }
    }
  }

  void writeState(StateWriter out) {
    out.writeDouble(delta);
    out.writeInt(clock);
    out.writeInt(maxBuckets);
    out.writeInt(minWindowLength);
    out.writeInt(gracePeriod);
    out.writeLong(width);
    out.writeDouble(total);
    out.writeDouble(variance);
    out.writeLong(tick);
    out.writeLong(samplesSeen);
    out.writeBoolean(driftDetected);
    out.writeDouble(statistic);
    out.writeInt(rows);
    for (int r = 0; r < rows; r++) {
      out.writeInt(rowCounts[r]);
      for (int k = 0; k < rowCounts[r]; k++) {
        out.writeDouble(rowTotals[r][k]);
        out.writeDouble(rowVariances[r][k]);
      }
    }
  }

  static AdwinDetector readState(StateReader in) throws IOException {
    AdwinDetector d =
        new AdwinDetector(in.readDouble(), in.readInt(), in.readInt(), in.readInt(), in.readInt());
    d.width = in.readLong();
    d.total = in.readDouble();
    d.variance = in.readDouble();
    d.tick = in.readLong();
    d.samplesSeen = in.readLong();
    d.driftDetected = in.readBoolean();
    d.statistic = in.readDouble();
    int rows = DetectorArguments.requireStateSize(in.readInt(), 63, "ADWIN histogram rows");
    for (int r = 0; r < rows; r++) {
      d.addRow();
      int count =
          DetectorArguments.requireStateSize(in.readInt(), d.maxBuckets, "ADWIN bucket row");
      for (int k = 0; k < count; k++) {
        d.appendBucket(r, in.readDouble(), in.readDouble());
      }
    }
    return d;
  }
}
