package io.netdrift.core.model.training;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Train / validation / test split of link series by time, the test part last. Two cut times are
 * taken on the common span of all links ({@code [first sample, last sample]}): a sample belongs to
 * training before the first cut, to validation between the cuts and to test after the second, so
 * every test target is later than every validation target, which is later than every training
 * target, whichever link it comes from.
 *
 * <p>Validation picks the epoch (and whether the starting weights stay); test only reports. Windows
 * of a later part may read history from an earlier part (as serving does), never targets.
 */
public final class TimeSplit {
  /** Timestamps of the first and last sample of a part, over all links (null when empty). */
  public record Range(Instant from, Instant to) {}

  private final Map<String, Integer> trainEnd = new LinkedHashMap<>();
  private final Map<String, Integer> validationEnd = new LinkedHashMap<>();
  private final Map<String, Integer> end = new LinkedHashMap<>();
  private final Range train;
  private final Range validation;
  private final Range test;

  private TimeSplit(List<LinkSeries> links, double validationFraction, double testFraction) {
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (LinkSeries s : links) {
      if (s.size() > 0) {
        first = Math.min(first, s.timestampMs()[0]);
        last = Math.max(last, s.timestampMs()[s.size() - 1]);
      }
    }
    // Span + 1 ms, so a fraction of 0 puts the last sample inside the part before it.
    double span = first == Long.MAX_VALUE ? 0 : (double) (last - first) + 1;
    long trainCut = first + (long) Math.floor(span * (1 - validationFraction - testFraction));
    long validationCut = first + (long) Math.floor(span * (1 - testFraction));
    long[] ranges = {
      Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE
    };
    for (LinkSeries s : links) {
      long[] ts = s.timestampMs();
      int a = countBefore(ts, trainCut);
      int b = testFraction == 0 ? ts.length : countBefore(ts, validationCut);
      trainEnd.put(s.linkId(), a);
      validationEnd.put(s.linkId(), b);
      end.put(s.linkId(), ts.length);
      widen(ranges, 0, ts, 0, a);
      widen(ranges, 2, ts, a, b);
      widen(ranges, 4, ts, b, ts.length);
    }
    train = range(ranges, 0);
    validation = range(ranges, 2);
    test = range(ranges, 4);
  }

  /**
   * @param validationFraction share of the common time span for validation (before the test part)
   * @param testFraction share of the span for the test part at the end (0 for none)
   */
  public static TimeSplit of(
      List<LinkSeries> links, double validationFraction, double testFraction) {
    return new TimeSplit(links, validationFraction, testFraction);
  }

  private static int countBefore(long[] ts, long cut) {
    int i = java.util.Arrays.binarySearch(ts, cut);
    return i >= 0 ? i : -i - 1;
  }

  private static void widen(long[] r, int at, long[] ts, int from, int to) {
    if (to > from) {
      r[at] = Math.min(r[at], ts[from]);
      r[at + 1] = Math.max(r[at + 1], ts[to - 1]);
    }
  }

  private static Range range(long[] r, int at) {
    return r[at] == Long.MAX_VALUE
        ? new Range(null, null)
        : new Range(Instant.ofEpochMilli(r[at]), Instant.ofEpochMilli(r[at + 1]));
  }

  /** Per link, the index where validation starts (training targets lie before it). */
  public Map<String, Integer> trainEnd() {
    return trainEnd;
  }

  /** Per link, the index where the test part starts (its size when there is no test part). */
  public Map<String, Integer> validationEnd() {
    return validationEnd;
  }

  /** Per link, its size. */
  public Map<String, Integer> end() {
    return end;
  }

  public Range train() {
    return train;
  }

  public Range validation() {
    return validation;
  }

  public Range test() {
    return test;
  }
}
