package io.netdrift.core.drift.evaluation;

/**
 * How a detector's firings on labelled streams compare with the true change points. Counts add up
 * over streams and repetitions with {@link #plus}.
 *
 * <p>Rules ({@link #score}): the first firing in {@code [c, c + tolerance)} (cut at the next change
 * point and at the end of the stream) finds change point c, with delay = firing index − c; further
 * firings in that window are <em>repeats</em> (they would restart adaptation, but are no false
 * alarm); a firing outside every window is a <em>false alarm</em>. The samples outside all windows
 * are the <em>stable samples</em> the false-alarm rate is measured on.
 *
 * @param samples samples fed
 * @param stableSamples samples outside every tolerance window
 * @param changePoints true change points
 * @param detected change points found within their window
 * @param delaySum sum of the delays of the found change points
 * @param maxDelay largest delay of a found change point (-1 if none)
 * @param falseAlarms firings outside every window
 * @param repeats further firings inside a window after the first
 */
public record DetectionScore(
    long samples,
    long stableSamples,
    long changePoints,
    long detected,
    long delaySum,
    long maxDelay,
    long falseAlarms,
    long repeats) {

  public static final DetectionScore EMPTY = new DetectionScore(0, 0, 0, 0, 0, -1, 0, 0);

  /** Scores the 0-based firing indices {@code fired} (increasing) against the stream's truth. */
  public static DetectionScore score(LabeledStream stream, int[] fired) {
    int[] cps = stream.changePoints();
    int n = stream.length();
    long stable = n;
    long detected = 0;
    long delaySum = 0;
    long maxDelay = -1;
    long falseAlarms = 0;
    long repeats = 0;
    boolean[] found = new boolean[cps.length];
    for (int k = 0; k < cps.length; k++) {
      stable -= windowEnd(cps, k, stream.toleranceSamples(), n) - cps[k];
    }
    int k = -1; // index of the last change point at or before the firing
    for (int index : fired) {
      while (k + 1 < cps.length && cps[k + 1] <= index) {
        k++;
      }
      if (k >= 0 && index < windowEnd(cps, k, stream.toleranceSamples(), n)) {
        if (found[k]) {
          repeats++;
        } else {
          found[k] = true;
          detected++;
          long delay = index - cps[k];
          delaySum += delay;
          maxDelay = Math.max(maxDelay, delay);
        }
      } else {
        falseAlarms++;
      }
    }
    return new DetectionScore(
        n, stable, cps.length, detected, delaySum, maxDelay, falseAlarms, repeats);
  }

  private static int windowEnd(int[] cps, int k, int tolerance, int n) {
    int end = cps[k] + tolerance;
    if (k + 1 < cps.length) {
      end = Math.min(end, cps[k + 1]);
    }
    return Math.min(end, n);
  }

  /** The sum of two scores (delays pooled). */
  public DetectionScore plus(DetectionScore o) {
    return new DetectionScore(
        samples + o.samples,
        stableSamples + o.stableSamples,
        changePoints + o.changePoints,
        detected + o.detected,
        delaySum + o.delaySum,
        Math.max(maxDelay, o.maxDelay),
        falseAlarms + o.falseAlarms,
        repeats + o.repeats);
  }

  public long missed() {
    return changePoints - detected;
  }

  /** Mean delay of the found change points, NaN if none was found. */
  public double meanDelay() {
    return detected == 0 ? Double.NaN : (double) delaySum / detected;
  }

  /** False alarms per 10,000 stable samples (NaN without stable samples). */
  public double falseAlarmsPer10k() {
    return stableSamples == 0 ? Double.NaN : 10_000.0 * falseAlarms / stableSamples;
  }

  /**
   * Mean time between false alarms, in samples: stable samples per false alarm (infinite when none
   * was raised), the reciprocal of the rate.
   */
  public double meanTimeBetweenFalseAlarms() {
    return falseAlarms == 0 ? Double.POSITIVE_INFINITY : (double) stableSamples / falseAlarms;
  }

  /** Found change points / change points (NaN without change points). */
  public double recall() {
    return changePoints == 0 ? Double.NaN : (double) detected / changePoints;
  }

  /** Found change points / (found + false alarms): repeats do not count against it. */
  public double precision() {
    long positives = detected + falseAlarms;
    return positives == 0 ? Double.NaN : (double) detected / positives;
  }

  /** Harmonic mean of precision and recall (NaN when either is undefined). */
  public double f1() {
    double p = precision();
    double r = recall();
    if (Double.isNaN(p) || Double.isNaN(r)) {
      return Double.NaN;
    }
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }
}
