package io.netdrift.benchmarks.endtoend;

import java.util.Arrays;

/** Nearest-rank percentiles of a set of durations in nanoseconds, reported in milliseconds. */
record Percentiles(int count, double p50Ms, double p99Ms, double maxMs, double meanMs) {

  static Percentiles of(long[] nanos, int count) {
    if (count == 0) {
      return new Percentiles(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    long[] sorted = Arrays.copyOf(nanos, count);
    Arrays.sort(sorted);
    double sum = 0;
    for (long v : sorted) {
      sum += v;
    }
    return new Percentiles(
        count,
        rank(sorted, 0.50) / 1e6,
        rank(sorted, 0.99) / 1e6,
        sorted[count - 1] / 1e6,
        sum / count / 1e6);
  }

  private static long rank(long[] sorted, double quantile) {
    int index = (int) Math.ceil(quantile * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
