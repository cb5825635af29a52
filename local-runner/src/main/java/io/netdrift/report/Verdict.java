package io.netdrift.report;

import java.util.Map;

/**
 * One target the adaptive lanes should meet after the failure, judged on RMSE ratios.
 *
 * @param name short key, as in report.json
 * @param outcome met, missed, or not applicable (a lane it needs does not exist)
 * @param threshold the ratio a lane must stay below (or at, for {@code hybridNearBestAdaptive})
 * @param ratios lane to its RMSE after the failure over the reference's
 * @param reference the lane the ratios divide by, null when not applicable
 * @param sentence the verdict for people, naming any lane that misses and by how much
 */
public record Verdict(
    String name,
    Outcome outcome,
    double threshold,
    Map<String, Double> ratios,
    String reference,
    String sentence) {

  /** Result of a verdict. */
  public enum Outcome {
    MET,
    MISSED,
    NOT_APPLICABLE;
  }

  /** True when met, false when missed, null when not applicable. */
  public Boolean passed() {
    return outcome == Outcome.NOT_APPLICABLE ? null : outcome == Outcome.MET;
  }
}
