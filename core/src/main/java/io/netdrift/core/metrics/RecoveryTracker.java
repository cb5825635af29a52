package io.netdrift.core.metrics;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * How long a forecaster takes to get its error back after a drift, for one lane of one link: the
 * recovery side of the "stability gap" of continual learning (M. De Lange, G. van de Ven, T.
 * Tuytelaars, "Continual evaluation for lifelong learning: identifying the stability gap", ICLR
 * 2023), measured on the per-step prediction error as the truth arrives.
 *
 * <p>Fed one scored prediction at a time ({@link #update(double, double)} or {@link
 * #updateSquaredError(double)}) and told when a drift starts ({@link #markDrift(long)}), it keeps
 *
 * <ul>
 *   <li>the <b>rolling RMSE</b>: exponentially weighted mean squared error with an effective window
 *       of {@code windowSteps} ({@code 2 / (windowSteps + 1)}, a plain average during the first
 *       {@code windowSteps} steps: the weights of {@link RollingError});
 *   <li>the <b>baseline RMSE</b>: the same with the longer window {@code baselineSteps}, fed only
 *       outside drift episodes;
 *   <li>from a mark on: the pre-drift level, the worst rolling RMSE and the scored steps.
 * </ul>
 *
 * The link has <b>recovered</b> when the rolling RMSE is back within the band, at most {@code (1 +
 * tolerance)} × the pre-drift level, for {@code confirmSteps} consecutive steps, so one lucky
 * sample does not count. {@link #update} then returns a {@link Recovery}, exactly once per episode,
 * and the episode ends.
 *
 * <p><b>Back means it left.</b> A network event marks the link before its error rises (that is its
 * point): the first steps after such a mark are still in band, and counting them would confirm a
 * recovery before the degradation. So an in-band run counts only once the rolling RMSE has left the
 * band since the latest mark, or once {@code windowSteps} steps have been scored since it (the
 * rolling window then holds post-mark errors only: a change that has not shown by then did not
 * degrade the error). An episode whose error never left the band ends with {@code stepsToRecover}
 * 0: the event caused no stability gap.
 *
 * <p><b>Pre-drift level: the baseline RMSE at the mark, not the rolling RMSE.</b> The rolling RMSE
 * is the quantity compared with the level, so the level must be its expected value under the old
 * regime; one draw of it is a poor estimate: over 8 steps of Gaussian errors the mean square has a
 * coefficient of variation of √(2/8) = 0.5, so a mark on a lucky low value would set a band the old
 * regime itself rarely meets (no recovery ever), a mark on a high one a band met at once. A
 * detector also fires some steps after the change, when the short window already holds post-change
 * errors; the long window dilutes them. The baseline is frozen during an episode (fed again after
 * the recovery), so the errors of one episode do not raise the level of the next. The level is
 * floored at {@code minLevelMbps}: a model that was (nearly) exact before the drift, e.g. on an
 * idle link, would otherwise need an error of exactly 0 to recover.
 *
 * <p><b>A second mark while not yet recovered</b> (the repair arriving during the failure's
 * recovery) continues the episode: same pre-drift level, same step count and worst value, one more
 * mark counted; the run of in-band steps restarts and waits, as after the first mark, for the new
 * change to show. A mark before any scored step is ignored (there is no level to return to).
 *
 * <p>Mutable and small (a fixed {@value #STATE_BYTES}-byte state): the stream operator keeps one
 * per lane per link in keyed state as {@link #toBytes()} and restores it with {@link
 * #fromBytes(byte[])}; a restored tracker continues exactly like the original.
 */
public final class RecoveryTracker {

  public static final int DEFAULT_WINDOW_STEPS = 8;
  public static final int DEFAULT_BASELINE_STEPS = 64;
  public static final double DEFAULT_TOLERANCE = 0.2;
  public static final int DEFAULT_CONFIRM_STEPS = 3;
  public static final double DEFAULT_MIN_LEVEL_MBPS = 1.0;

  /** Version of the layout written by {@link #toBytes()}; {@link #fromBytes} reads it. */
  public static final byte FORMAT_VERSION = 1;

  /** Size of {@link #toBytes()}: version, hyper-parameters (3 ints, 2 doubles), the state. */
  public static final int STATE_BYTES = 1 + (3 * 4 + 2 * 8) + (4 * 8) + 1 + 4 + 6 * 8 + 4;

  private static final int FLAG_EPISODE = 1;
  private static final int FLAG_DEGRADED = 2;
  private static final int FLAG_DEGRADED_SINCE_LAST_MARK = 4;

  /**
   * One recovery from a drift episode.
   *
   * @param driftEventTimeMs event time of the episode's first mark
   * @param marks marks in the episode (2 when a repair came before the failure's recovery)
   * @param stepsToRecover scored steps from the first mark to the first step of the run of {@code
   *     confirmSteps} in-band steps that confirmed the recovery, that step included; 0 if the
   *     rolling RMSE never left the band (no degradation)
   * @param stepsToConfirm scored steps from the first mark to the one that confirmed the recovery
   *     ({@code stepsToRecover + confirmSteps - 1} after a degradation): when the RECOVERED event
   *     is emitted
   * @param preDriftRmse the level returned to (baseline RMSE at the mark, floored at {@code
   *     minLevelMbps})
   * @param worstRmse highest rolling RMSE from the mark (its value at the mark included)
   */
  public record Recovery(
      long driftEventTimeMs,
      int marks,
      long stepsToRecover,
      long stepsToConfirm,
      double preDriftRmse,
      double worstRmse) {

    /** Whether the rolling RMSE left the band at all during the episode. */
    public boolean degraded() {
      return stepsToRecover > 0;
    }
  }

  private final int windowSteps;
  private final int baselineSteps;
  private final double tolerance;
  private final int confirmSteps;
  private final double minLevelMbps;

  private long scoredSteps;
  private double meanSquaredError;
  private long baselineCount;
  private double baselineMeanSquaredError;
  private boolean inEpisode;
  private int marks;
  private long driftEventTimeMs;
  private long stepsSinceMark;
  private long stepsSinceLastMark;
  private boolean degraded; // left the band since the first mark
  private boolean degradedSinceLastMark;
  private double preDriftRmse = Double.NaN;
  private double worstRmse = Double.NaN;
  private long inBandSince; // step (since the mark) that started the current in-band run, 0: none
  private int inBandRun;

  /** A tracker with the defaults: window 8, baseline 64, tolerance 0.2, 3 steps, floor 1 Mbps. */
  public RecoveryTracker() {
    this(
        DEFAULT_WINDOW_STEPS,
        DEFAULT_BASELINE_STEPS,
        DEFAULT_TOLERANCE,
        DEFAULT_CONFIRM_STEPS,
        DEFAULT_MIN_LEVEL_MBPS);
  }

  /**
   * @param windowSteps effective window of the rolling RMSE, ≥ 1
   * @param baselineSteps effective window of the baseline RMSE the pre-drift level is taken from, ≥
   *     {@code windowSteps} (equal: the level is the rolling RMSE at the mark)
   * @param tolerance recovered when the rolling RMSE ≤ {@code (1 + tolerance)} × the level; ≥ 0
   * @param confirmSteps consecutive in-band steps that confirm a recovery, ≥ 1
   * @param minLevelMbps floor of the pre-drift level in Mbps, &gt; 0 (default 1: on links carrying
   *     gigabits, an RMSE of 1 Mbps is as good as exact)
   * @throws IllegalArgumentException naming the bad hyper-parameter
   */
  public RecoveryTracker(
      int windowSteps, int baselineSteps, double tolerance, int confirmSteps, double minLevelMbps) {
    if (windowSteps < 1) {
      throw new IllegalArgumentException("windowSteps must be >= 1, got " + windowSteps);
    }
    if (baselineSteps < windowSteps) {
      throw new IllegalArgumentException(
          "baselineSteps must be >= windowSteps ("
              + windowSteps
              + "): the pre-drift level is a longer-run RMSE; got "
              + baselineSteps);
    }
    if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
      throw new IllegalArgumentException("tolerance must be finite and >= 0, got " + tolerance);
    }
    if (confirmSteps < 1) {
      throw new IllegalArgumentException("confirmSteps must be >= 1, got " + confirmSteps);
    }
    if (!(minLevelMbps > 0) || Double.isInfinite(minLevelMbps)) {
      throw new IllegalArgumentException(
          "minLevelMbps must be finite and > 0 (a floor for a pre-drift RMSE of ~0), got "
              + minLevelMbps);
    }
    this.windowSteps = windowSteps;
    this.baselineSteps = baselineSteps;
    this.tolerance = tolerance;
    this.confirmSteps = confirmSteps;
    this.minLevelMbps = minLevelMbps;
  }

  /**
   * Scores one prediction against its truth.
   *
   * @return the recovery, on the one step that confirms it
   * @throws IllegalArgumentException if a value is not finite (the state is then unchanged)
   */
  public Optional<Recovery> update(double forecastMbps, double actualMbps) {
    if (!Double.isFinite(forecastMbps) || !Double.isFinite(actualMbps)) {
      throw new IllegalArgumentException(
          "forecast and actual must be finite, got " + forecastMbps + " and " + actualMbps);
    }
    double error = forecastMbps - actualMbps;
    return updateSquaredError(error * error);
  }

  /**
   * Scores one prediction by its squared error (Mbps²), for a caller that has it already.
   *
   * @return the recovery, on the one step that confirms it
   * @throws IllegalArgumentException if it is negative or not finite (the state is then unchanged)
   */
  public Optional<Recovery> updateSquaredError(double squaredError) {
    if (!(squaredError >= 0) || Double.isInfinite(squaredError)) {
      throw new IllegalArgumentException(
          "squared error must be finite and >= 0, got " + squaredError);
    }
    scoredSteps++;
    meanSquaredError += weight(scoredSteps, windowSteps) * (squaredError - meanSquaredError);
    if (!inEpisode) {
      baselineCount++;
      baselineMeanSquaredError +=
          weight(baselineCount, baselineSteps) * (squaredError - baselineMeanSquaredError);
      return Optional.empty();
    }
    stepsSinceMark++;
    stepsSinceLastMark++;
    double rmse = rollingRmse();
    worstRmse = Math.max(worstRmse, rmse);
    if (rmse > (1 + tolerance) * preDriftRmse) {
      degraded = true;
      degradedSinceLastMark = true;
      inBandRun = 0;
      inBandSince = 0;
    } else if (degradedSinceLastMark || stepsSinceLastMark > windowSteps) {
      if (inBandRun == 0) {
        inBandSince = stepsSinceMark;
      }
      inBandRun++;
    }
    if (inBandRun < confirmSteps) {
      return Optional.empty();
    }
    Recovery recovery =
        new Recovery(
            driftEventTimeMs,
            marks,
            degraded ? inBandSince : 0,
            stepsSinceMark,
            preDriftRmse,
            worstRmse);
    endEpisode();
    return Optional.of(recovery);
  }

  private static double weight(long n, int window) {
    return n < window ? 1.0 / n : 2.0 / (window + 1.0);
  }

  /**
   * A drift starts now (a network event, or a detector firing on the step just scored). Starts an
   * episode with the current baseline RMSE as pre-drift level, or, during an episode, counts one
   * more mark and keeps its level.
   *
   * @return false if ignored: no step was scored yet, so there is no level to return to
   */
  public boolean markDrift(long eventTimeMs) {
    if (inEpisode) {
      marks++;
      stepsSinceLastMark = 0;
      degradedSinceLastMark = false;
      inBandRun = 0;
      inBandSince = 0;
      return true;
    }
    if (baselineCount == 0) {
      return false;
    }
    inEpisode = true;
    marks = 1;
    driftEventTimeMs = eventTimeMs;
    stepsSinceMark = 0;
    stepsSinceLastMark = 0;
    degraded = false;
    degradedSinceLastMark = false;
    preDriftRmse = Math.max(Math.sqrt(baselineMeanSquaredError), minLevelMbps);
    worstRmse = rollingRmse();
    inBandRun = 0;
    inBandSince = 0;
    return true;
  }

  private void endEpisode() {
    inEpisode = false;
    marks = 0;
    driftEventTimeMs = 0;
    stepsSinceMark = 0;
    stepsSinceLastMark = 0;
    degraded = false;
    degradedSinceLastMark = false;
    preDriftRmse = Double.NaN;
    worstRmse = Double.NaN;
    inBandRun = 0;
    inBandSince = 0;
  }

  /** Back to a new tracker (e.g. the link was removed and re-added). */
  public void reset() {
    scoredSteps = 0;
    meanSquaredError = 0;
    baselineCount = 0;
    baselineMeanSquaredError = 0;
    endEpisode();
  }

  /** Rolling RMSE over about the last {@code windowSteps} scored steps (0 before any). */
  public double rollingRmse() {
    return Math.sqrt(meanSquaredError);
  }

  /** Longer-run RMSE of the steps scored outside drift episodes (0 before any). */
  public double baselineRmse() {
    return Math.sqrt(baselineMeanSquaredError);
  }

  /** Whether a drift was marked and the recovery is not confirmed yet. */
  public boolean inEpisode() {
    return inEpisode;
  }

  /** Pre-drift level of the open episode (NaN outside one). */
  public double preDriftRmse() {
    return preDriftRmse;
  }

  /** Worst rolling RMSE of the open episode (NaN outside one). */
  public double worstRmse() {
    return worstRmse;
  }

  /** Steps scored since the open episode's first mark (0 outside one). */
  public long stepsSinceMark() {
    return stepsSinceMark;
  }

  /** Steps scored since construction or reset. */
  public long scoredSteps() {
    return scoredSteps;
  }

  public int windowSteps() {
    return windowSteps;
  }

  public int baselineSteps() {
    return baselineSteps;
  }

  public double tolerance() {
    return tolerance;
  }

  public int confirmSteps() {
    return confirmSteps;
  }

  public double minLevelMbps() {
    return minLevelMbps;
  }

  /**
   * The full state (hyper-parameters included) in a fixed big-endian layout of {@value
   * #STATE_BYTES} bytes, led by {@link #FORMAT_VERSION}: for Flink keyed state without Java
   * serialization or Kryo.
   */
  public byte[] toBytes() {
    ByteBuffer out = ByteBuffer.allocate(STATE_BYTES);
    out.put(FORMAT_VERSION);
    out.putInt(windowSteps);
    out.putInt(baselineSteps);
    out.putDouble(tolerance);
    out.putInt(confirmSteps);
    out.putDouble(minLevelMbps);
    out.putLong(scoredSteps);
    out.putDouble(meanSquaredError);
    out.putLong(baselineCount);
    out.putDouble(baselineMeanSquaredError);
    out.put(
        (byte)
            ((inEpisode ? FLAG_EPISODE : 0)
                | (degraded ? FLAG_DEGRADED : 0)
                | (degradedSinceLastMark ? FLAG_DEGRADED_SINCE_LAST_MARK : 0)));
    out.putInt(marks);
    out.putLong(driftEventTimeMs);
    out.putLong(stepsSinceMark);
    out.putLong(stepsSinceLastMark);
    out.putDouble(preDriftRmse);
    out.putDouble(worstRmse);
    out.putLong(inBandSince);
    out.putInt(inBandRun);
    return out.array();
  }

  /**
   * Restores a tracker written by {@link #toBytes()}.
   *
   * @throws IllegalArgumentException for another version or length, or corrupt values
   */
  public static RecoveryTracker fromBytes(byte[] bytes) {
    if (bytes.length != STATE_BYTES) {
      throw new IllegalArgumentException(
          "recovery tracker state must be " + STATE_BYTES + " bytes, got " + bytes.length);
    }
    ByteBuffer in = ByteBuffer.wrap(bytes);
    byte version = in.get();
    if (version != FORMAT_VERSION) {
      throw new IllegalArgumentException(
          "unsupported recovery tracker state format version "
              + version
              + " (this build reads "
              + FORMAT_VERSION
              + ")");
    }
    RecoveryTracker t =
        new RecoveryTracker(in.getInt(), in.getInt(), in.getDouble(), in.getInt(), in.getDouble());
    t.scoredSteps = in.getLong();
    t.meanSquaredError = in.getDouble();
    t.baselineCount = in.getLong();
    t.baselineMeanSquaredError = in.getDouble();
    int flags = in.get();
    if ((flags & ~(FLAG_EPISODE | FLAG_DEGRADED | FLAG_DEGRADED_SINCE_LAST_MARK)) != 0) {
      throw new IllegalArgumentException("corrupt recovery tracker state: flags " + flags);
    }
    t.inEpisode = (flags & FLAG_EPISODE) != 0;
    t.degraded = (flags & FLAG_DEGRADED) != 0;
    t.degradedSinceLastMark = (flags & FLAG_DEGRADED_SINCE_LAST_MARK) != 0;
    t.marks = in.getInt();
    t.driftEventTimeMs = in.getLong();
    t.stepsSinceMark = in.getLong();
    t.stepsSinceLastMark = in.getLong();
    t.preDriftRmse = in.getDouble();
    t.worstRmse = in.getDouble();
    t.inBandSince = in.getLong();
    t.inBandRun = in.getInt();
    if (t.scoredSteps < 0
        || t.baselineCount < 0
        || t.inBandRun < 0
        || t.marks < 0
        || t.stepsSinceMark < 0
        || t.stepsSinceLastMark < 0) {
      throw new IllegalArgumentException("corrupt recovery tracker state: negative count");
    }
    return t;
  }
}
