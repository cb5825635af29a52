package io.netdrift.core.drift.evaluation;

import io.netdrift.core.drift.DriftDetector;

/**
 * The two dummies every detector must be read against. "Always fire" finds every change point with
 * delay 0 and a perfect recall, "never fire" never raises a false alarm: each wins one column of
 * the table, which is why no single score (F1 included) is reported alone.
 */
public final class BaselineDetectors {

  /** Name of the detector that fires at every sample. */
  public static final String ALWAYS_FIRE = "always-fire";

  /** Name of the detector that never fires. */
  public static final String NEVER_FIRE = "never-fire";

  private BaselineDetectors() {}

  public static DriftDetector alwaysFire() {
    return new Constant(ALWAYS_FIRE, true);
  }

  public static DriftDetector neverFire() {
    return new Constant(NEVER_FIRE, false);
  }

  private static final class Constant implements DriftDetector {
    private final String name;
    private final boolean fires;
    private long samplesSeen;

    Constant(String name, boolean fires) {
      this.name = name;
      this.fires = fires;
    }

    @Override
    public DriftDetector update(double x) {
      samplesSeen++;
      return this;
    }

    @Override
    public boolean driftDetected() {
      return fires && samplesSeen > 0;
    }

    @Override
    public double statistic() {
      return fires ? 1 : 0;
    }

    @Override
    public void reset() {
      samplesSeen = 0;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public long samplesSeen() {
      return samplesSeen;
    }
  }
}
