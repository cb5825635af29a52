package io.netdrift.core.drift;

import java.io.IOException;
import java.util.Locale;

/**
 * The Page-Hinkley test: E. S. Page, "Continuous Inspection Schemes", Biometrika 41 (1954), in
 * Hinkley's form for a change in the mean ("Inference about the change-point in a sequence of
 * random variables", Biometrika 57, 1970), with the forgetting factor of MOA's {@code
 * PageHinkleyDM} and River's {@code PageHinkley} (Gama et al., "On evaluating stream learning
 * algorithms", 2013).
 *
 * <p>With x̄<sub>t</sub> the running mean since the last reset (x<sub>t</sub> included), the
 * cumulative sums
 *
 * <pre>
 *   m⁺_t = α · m⁺_{t-1} + (x_t − x̄_t − δ)      (increase)   PH⁺_t = m⁺_t − min_{i≤t} m⁺_i
 *   m⁻_t = α · m⁻_{t-1} + (x_t − x̄_t + δ)      (decrease)   PH⁻_t = max_{i≤t} m⁻_i − m⁻_t
 * </pre>
 *
 * signal a drift when PH<sub>t</sub> &gt; λ in a watched direction (after {@code minInstances}
 * values), and a warning when PH<sub>t</sub> &gt; {@code warningFraction} · λ. The statistics
 * restart at the update after a drift.
 *
 * <p><b>One-sided by default.</b> MOA's {@code PageHinkleyDM} is the one-sided test on increases
 * (PH⁺ only); River's {@code PageHinkley} has {@code mode} up/down/both with default both. This
 * class used to default to both, which is what made it raise more false alarms than MOA with the
 * same δ and λ (issue 8). The mean update (running mean since the reset, current value included),
 * the min tracking and the reset rule (restart at the update after a drift) are the same as MOA's:
 * with {@link Direction#UP} this class fires at exactly the indices of a faithful MOA port on the
 * 10 × 50,000 N(0, 1) streams of {@code PageHinkleyDetectorTest} (174 alarms, 17.4 per stream).
 * Two-sided, the decrease test adds a second, about equally likely source of alarms: 313 alarms
 * (31.3 per stream, 1.8×; PH⁻ alone gives 168). The "about 15×" of the report compared the pooled
 * count of {@code detect-eval}'s {@code stable-noise} row (313 alarms over 10 repetitions of 50,000
 * samples) with one MOA run on one 50,000-sample stream (≈ 20): per stream the ratio is 1.8.
 *
 * <p>The direction that matters for the detector on the prediction error (the absolute error scaled
 * by capacity, {@link FailureAwareDriftSignal}) is up: a rising error is the drift the model must
 * adapt to. A falling error (the model has re-learned, or a repair brings the old load back to what
 * it already predicts well) is no reason to adapt, yet two-sided it fires as a drift and starts an
 * adaptation. Hence {@link #DEFAULT_DIRECTION} = {@link Direction#UP}, also the default of {@link
 * DriftDetectors}; {@code both} stays available for a value whose fall matters too.
 *
 * <p>δ and λ are in the units of the monitored value (e.g. megabits per second of error): scale
 * them with its noise level. Hyper-parameters (defaults of MOA):
 *
 * <ul>
 *   <li>{@code delta} ≥ 0, default 0.005: magnitude of changes tolerated.
 *   <li>{@code lambda} &gt; 0, default 50: detection threshold.
 *   <li>{@code alpha} in (0, 1], default 0.9999: forgetting factor of the cumulative sums.
 *   <li>{@code minInstances} ≥ 1, default 30: no detection before this many values (MOA allows one
 *       at the 29th value after a reset, River and this class at the 30th).
 *   <li>{@code direction} {@code up|down|both}, default up: which changes of the mean to watch.
 *   <li>{@code warningFraction} in (0, 1], default 0.5: warning level as a fraction of λ (1 turns
 *       warnings off).
 * </ul>
 */
public final class PageHinkleyDetector implements DriftAndWarningDetector {

  /** Registry name used by {@link DriftDetectors} and the codec. */
  public static final String NAME = "page-hinkley";

  public static final double DEFAULT_DELTA = 0.005;
  public static final double DEFAULT_LAMBDA = 50;
  public static final double DEFAULT_ALPHA = 1 - 0.0001;
  public static final int DEFAULT_MIN_INSTANCES = 30;
  public static final double DEFAULT_WARNING_FRACTION = 0.5;

  /** Increases only, like MOA: a rising prediction error is the drift that matters. */
  public static final Direction DEFAULT_DIRECTION = Direction.UP;

  /**
   * Which changes of the mean the test watches. The codec stores the ordinal: never reorder, only
   * append.
   */
  public enum Direction {
    BOTH,
    UP,
    DOWN;

    /** Parses {@code both|up|down} (case-insensitive) with a clear error. */
    public static Direction parse(String value) {
      try {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "direction must be one of both, up, down; got '" + value + "'");
      }
    }
  }

  private final double delta;
  private final double lambda;
  private final double alpha;
  private final int minInstances;
  private final Direction direction;
  private final double warningFraction;

  private long samplesSeen;
  private long n; // values since the last drift
  private double mean;
  private double sumIncrease;
  private double sumDecrease;
  private double minIncrease;
  private double maxDecrease;
  private boolean driftDetected;
  private boolean warningDetected;
  private double statistic;

  /** Page-Hinkley with MOA's defaults, watching increases ({@link #DEFAULT_DIRECTION}). */
  public PageHinkleyDetector() {
    this(
        DEFAULT_DELTA,
        DEFAULT_LAMBDA,
        DEFAULT_ALPHA,
        DEFAULT_MIN_INSTANCES,
        DEFAULT_DIRECTION,
        DEFAULT_WARNING_FRACTION);
  }

  public PageHinkleyDetector(
      double delta,
      double lambda,
      double alpha,
      int minInstances,
      Direction direction,
      double warningFraction) {
    if (!(delta >= 0) || Double.isInfinite(delta)) {
      throw new IllegalArgumentException("delta must be finite and >= 0, got " + delta);
    }
    if (!(lambda > 0) || Double.isInfinite(lambda)) {
      throw new IllegalArgumentException("lambda must be finite and > 0, got " + lambda);
    }
    if (!(alpha > 0 && alpha <= 1)) {
      throw new IllegalArgumentException("alpha must be in (0, 1], got " + alpha);
    }
    if (minInstances < 1) {
      throw new IllegalArgumentException("minInstances must be >= 1, got " + minInstances);
    }
    if (direction == null) {
      throw new IllegalArgumentException("direction must be one of both, up, down; got null");
    }
    if (!(warningFraction > 0 && warningFraction <= 1)) {
      throw new IllegalArgumentException(
          "warningFraction must be in (0, 1], got " + warningFraction);
    }
    this.delta = delta;
    this.lambda = lambda;
    this.alpha = alpha;
    this.minInstances = minInstances;
    this.direction = direction;
    this.warningFraction = warningFraction;
    reset();
  }

  @Override
  public void reset() {
    samplesSeen = 0;
    restartStatistics();
    driftDetected = false;
    warningDetected = false;
    statistic = 0;
  }

  private void restartStatistics() {
    n = 0;
    mean = 0;
    sumIncrease = 0;
    sumDecrease = 0;
    minIncrease = Double.POSITIVE_INFINITY;
    maxDecrease = Double.NEGATIVE_INFINITY;
  }

  @Override
  public PageHinkleyDetector update(double x) {
    DetectorArguments.requireFinite(x);
    if (driftDetected) {
      restartStatistics();
    }
    samplesSeen++;
    n++;
    mean += (x - mean) / n;
    double deviation = x - mean;
    sumIncrease = alpha * sumIncrease + deviation - delta;
    sumDecrease = alpha * sumDecrease + deviation + delta;
    minIncrease = Math.min(minIncrease, sumIncrease);
    maxDecrease = Math.max(maxDecrease, sumDecrease);
    double up = direction == Direction.DOWN ? 0 : sumIncrease - minIncrease;
    double down = direction == Direction.UP ? 0 : maxDecrease - sumDecrease;
    statistic = Math.max(up, down);
    boolean ready = n >= minInstances;
    driftDetected = ready && statistic > lambda;
    warningDetected = ready && !driftDetected && statistic > warningFraction * lambda;
    return this;
  }

  @Override
  public boolean driftDetected() {
    return driftDetected;
  }

  @Override
  public boolean warningDetected() {
    return warningDetected;
  }

  /** max(PH⁺, PH⁻) over the watched directions after the last update. */
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

  public double delta() {
    return delta;
  }

  public double lambda() {
    return lambda;
  }

  public double alpha() {
    return alpha;
  }

  public int minInstances() {
    return minInstances;
  }

  public Direction direction() {
    return direction;
  }

  public double warningFraction() {
    return warningFraction;
  }

  // The direction has been part of the state since format version 1: bytes written when the
  // default was BOTH restore as BOTH (a restored detector continues exactly like the original).
  void writeState(StateWriter out) {
    out.writeDouble(delta);
    out.writeDouble(lambda);
    out.writeDouble(alpha);
    out.writeInt(minInstances);
    out.writeByte(direction.ordinal());
    out.writeDouble(warningFraction);
    out.writeLong(samplesSeen);
    out.writeLong(n);
    out.writeDouble(mean);
    out.writeDouble(sumIncrease);
    out.writeDouble(sumDecrease);
    out.writeDouble(minIncrease);
    out.writeDouble(maxDecrease);
    out.writeBoolean(driftDetected);
    out.writeBoolean(warningDetected);
    out.writeDouble(statistic);
  }

  static PageHinkleyDetector readState(StateReader in) throws IOException {
    double delta = in.readDouble();
    double lambda = in.readDouble();
    double alpha = in.readDouble();
    int minInstances = in.readInt();
    int directionOrdinal =
        DetectorArguments.requireStateSize(
            in.readByte(), Direction.values().length - 1, "Page-Hinkley direction");
    PageHinkleyDetector d =
        new PageHinkleyDetector(
            delta,
            lambda,
            alpha,
            minInstances,
            Direction.values()[directionOrdinal],
            in.readDouble());
    d.samplesSeen = in.readLong();
    d.n = in.readLong();
    d.mean = in.readDouble();
    d.sumIncrease = in.readDouble();
    d.sumDecrease = in.readDouble();
    d.minIncrease = in.readDouble();
    d.maxDecrease = in.readDouble();
    d.driftDetected = in.readBoolean();
    d.warningDetected = in.readBoolean();
    d.statistic = in.readDouble();
    return d;
  }
}
