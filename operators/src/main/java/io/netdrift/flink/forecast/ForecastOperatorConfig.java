package io.netdrift.flink.forecast;

import io.netdrift.core.adaptation.AdaptationConfig;
import io.netdrift.core.drift.DetectorSetting;
import io.netdrift.core.forecast.ForecasterSpec;
import io.netdrift.core.reliability.FaultInjection;
import java.io.Serializable;
import java.util.List;

/**
 * Settings of the {@link ForecastOperator}; validated on construction so a bad value fails when the
 * job is built, not inside a running task.
 *
 * @param lanes the strategies served side by side (shadow mode), each with its forecaster
 * @param horizonSteps how many steps ahead each prediction is (≥ 1)
 * @param stepMs nominal measurement interval, ms: turns a horizon into a target time
 * @param maxBatchRows rows per model call; the buffer flushes when it holds this many
 * @param flushIntervalMs longest a record waits in the buffer, processing time
 * @param maxLatenessMs a sample more than this behind the watermark is dead-lettered TOO_LATE
 * @param errorWindow effective window of the rolling RMSE/MAPE, in predictions
 * @param linkStateTtlMs a link direction silent this long in event time (the watermark this far
 *     past its newest sample or signal) has all its state and timers dropped, so links that are
 *     gone do not keep state forever; more than {@code maxLatenessMs}, so a late sample never
 *     reaches a link whose state was dropped
 * @param driftDetector the detector of each link's and lane's drift signal, checked when it was
 *     made
 * @param reliability the output-stall watch and fault injection
 */
public record ForecastOperatorConfig(
    List<ForecasterSpec> lanes,
    int horizonSteps,
    long stepMs,
    int maxBatchRows,
    long flushIntervalMs,
    long maxLatenessMs,
    int errorWindow,
    long linkStateTtlMs,
    DetectorSetting driftDetector,
    int confirmationHorizonSteps,
    String telemetryTopic,
    AdaptationConfig adaptation,
    Reliability reliability)
    implements Serializable {

  /**
   * Reliability settings.
   *
   * @param outputStallTimeoutMs records waiting this long for a completed checkpoint mark the
   *     output stalled (gauge {@code outputStalled}, a WARN line)
   * @param faultInjection a {@link FaultInjection} plan for chaos tests; blank = none
   */
  public record Reliability(long outputStallTimeoutMs, String faultInjection)
      implements Serializable {
    public Reliability {
      require(
          outputStallTimeoutMs >= 1,
          "outputStallTimeoutMs must be >= 1, was " + outputStallTimeoutMs);
      faultInjection = faultInjection == null ? "" : faultInjection.trim();
      if (!faultInjection.isEmpty()) {
        FaultInjection.validate(faultInjection);
      }
    }

    /** Stalled after a minute; no fault injection. */
    public static Reliability defaults() {
      return new Reliability(60_000, "");
    }
  }

  /** With the default reliability settings. */
  public ForecastOperatorConfig(
      List<ForecasterSpec> lanes,
      int horizonSteps,
      long stepMs,
      int maxBatchRows,
      long flushIntervalMs,
      long maxLatenessMs,
      int errorWindow,
      long linkStateTtlMs,
      DetectorSetting driftDetector,
      int confirmationHorizonSteps,
      String telemetryTopic,
      AdaptationConfig adaptation) {
    this(
        lanes,
        horizonSteps,
        stepMs,
        maxBatchRows,
        flushIntervalMs,
        maxLatenessMs,
        errorWindow,
        linkStateTtlMs,
        driftDetector,
        confirmationHorizonSteps,
        telemetryTopic,
        adaptation,
        Reliability.defaults());
  }

  /** Without adaptive lanes' settings (the defaults apply). */
  public ForecastOperatorConfig(
      List<ForecasterSpec> lanes,
      int horizonSteps,
      long stepMs,
      int maxBatchRows,
      long flushIntervalMs,
      long maxLatenessMs,
      int errorWindow,
      long linkStateTtlMs,
      DetectorSetting driftDetector,
      int confirmationHorizonSteps,
      String telemetryTopic) {
    this(
        lanes,
        horizonSteps,
        stepMs,
        maxBatchRows,
        flushIntervalMs,
        maxLatenessMs,
        errorWindow,
        linkStateTtlMs,
        driftDetector,
        confirmationHorizonSteps,
        telemetryTopic,
        AdaptationConfig.defaults(),
        Reliability.defaults());
  }

  public ForecastOperatorConfig {
    if (lanes == null || lanes.isEmpty()) {
      throw new IllegalArgumentException("at least one strategy lane is required");
    }
    lanes = List.copyOf(lanes);
    require(horizonSteps >= 1, "horizonSteps must be >= 1, was " + horizonSteps);
    require(stepMs >= 1, "stepMs must be >= 1, was " + stepMs);
    require(maxBatchRows >= 1, "maxBatchRows must be >= 1, was " + maxBatchRows);
    require(flushIntervalMs >= 1, "flushIntervalMs must be >= 1, was " + flushIntervalMs);
    require(maxLatenessMs >= 0, "maxLatenessMs must be >= 0, was " + maxLatenessMs);
    require(errorWindow >= 1, "errorWindow must be >= 1, was " + errorWindow);
    require(
        linkStateTtlMs > maxLatenessMs,
        "linkStateTtlMs must exceed maxLatenessMs ("
            + maxLatenessMs
            + "), or a late sample could reach a link whose state was dropped; was "
            + linkStateTtlMs);
    if (reliability == null) {
      throw new IllegalArgumentException("reliability settings are required");
    }
    require(
        confirmationHorizonSteps >= 1,
        "confirmationHorizonSteps must be >= 1, was " + confirmationHorizonSteps);
    if (driftDetector == null) {
      throw new IllegalArgumentException("a drift detector setting is required");
    }
    if (adaptation == null) {
      throw new IllegalArgumentException("adaptation settings are required");
    }
    java.util.Set<String> names = new java.util.HashSet<>();
    for (ForecasterSpec lane : lanes) {
      names.add(lane.strategy());
    }
    for (ForecasterSpec lane : lanes) {
      if (lane.isHybrid()
          && !(names.contains(ForecasterSpec.LIQUID)
              && names.contains(ForecasterSpec.INCREMENTAL))) {
        throw new IllegalArgumentException(
            "the hybrid lane blends the lanes named liquid and incremental: add both");
      }
    }
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
