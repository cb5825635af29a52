package io.netdrift.core.drift;

/**
 * A univariate concept-drift detector fed one value at a time (a link's prediction error, or one
 * input feature), in the style of River's {@code river.base.DriftDetector}.
 *
 * <p>Usage: {@code if (detector.update(error).driftDetected()) { ... }}. {@link #driftDetected()}
 * describes the most recent {@link #update(double)} only. After a drift the detector forgets the
 * statistics of the old concept (each implementation documents how, e.g. ADWIN drops the older
 * sub-window, Page-Hinkley restarts its sums at the next update).
 *
 * <p>Hyper-parameters are final and validated in the constructor; bad values are rejected with an
 * {@link IllegalArgumentException} naming the parameter. Implementations are not thread-safe: one
 * instance per key (link direction), kept in keyed state as bytes from {@link DetectorCodec}.
 */
public interface DriftDetector {

  /**
   * Feeds one value. Non-finite values are rejected ({@link IllegalArgumentException}): they belong
   * in the dead-letter topic, not in a detector's sums.
   *
   * @return this detector, to read {@link #driftDetected()}
   */
  DriftDetector update(double x);

  /** Whether the last {@link #update(double)} detected a drift. */
  boolean driftDetected();

  /**
   * The detector's test statistic after the last update (ADWIN: the mean difference of the cut;
   * Page-Hinkley: the cumulative deviation from its extreme; KSWIN: the KS distance). Reported in
   * adaptation events next to the detection.
   */
  double statistic();

  /** Forgets everything seen, as if newly constructed (hyper-parameters kept). */
  void reset();

  /** Registry name of the detector, as accepted by {@link DriftDetectors#create}. */
  String name();

  /** How many values were fed since construction or {@link #reset()}. */
  long samplesSeen();
}
