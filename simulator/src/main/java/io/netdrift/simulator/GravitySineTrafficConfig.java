package io.netdrift.simulator;

/**
 * Parameters of {@link GravitySineTrafficModel}. Every value has a default ({@link #defaults()})
 * and is validated here.
 *
 * @param meanDemandPerPairMbps mean demand of an average OD pair, Mbps; the network-wide mean is
 *     this times the number of ordered pairs (default 100)
 * @param dailyAmplitude relative amplitude of the daily sine (default 0.5: the daily peak is 1.5
 *     times the mean)
 * @param weeklyAmplitude relative amplitude of the weekly sine (default 0.2)
 * @param amplitudeJitter each pair's amplitudes are scaled by a uniform factor in {@code [1 -
 *     jitter, 1 + jitter]} (default 0.2)
 * @param phaseJitterRadians each pair's phases are shifted by a uniform angle in {@code [-jitter,
 *     +jitter]} (default 0.5 rad, about 2 hours of the daily period)
 * @param peakHourUtc hour of day (UTC) of the daily peak before jitter; the weekly peak is on
 *     Wednesday at that hour (default 20)
 * @param nodeWeightMin smallest node weight of the gravity model (default 0.5)
 * @param nodeWeightMax largest node weight of the gravity model (default 1.5)
 * @param noiseStandardDeviation relative standard deviation of the Gaussian noise on each offered
 *     demand (default 0.05)
 */
public record GravitySineTrafficConfig(
    double meanDemandPerPairMbps,
    double dailyAmplitude,
    double weeklyAmplitude,
    double amplitudeJitter,
    double phaseJitterRadians,
    double peakHourUtc,
    double nodeWeightMin,
    double nodeWeightMax,
    double noiseStandardDeviation) {

  public GravitySineTrafficConfig {
    require(
        meanDemandPerPairMbps > 0 && Double.isFinite(meanDemandPerPairMbps),
        "meanDemandPerPairMbps must be > 0");
    require(dailyAmplitude >= 0 && weeklyAmplitude >= 0, "amplitudes must be >= 0");
    require(amplitudeJitter >= 0 && amplitudeJitter < 1, "amplitudeJitter must be in [0, 1)");
    require(
        (dailyAmplitude + weeklyAmplitude) * (1 + amplitudeJitter) < 1,
        "(dailyAmplitude + weeklyAmplitude) * (1 + amplitudeJitter) must be < 1 so demands stay positive");
    require(
        phaseJitterRadians >= 0 && phaseJitterRadians <= Math.PI,
        "phaseJitterRadians must be in [0, pi]");
    require(peakHourUtc >= 0 && peakHourUtc < 24, "peakHourUtc must be in [0, 24)");
    require(
        nodeWeightMin > 0 && nodeWeightMax >= nodeWeightMin,
        "need 0 < nodeWeightMin <= nodeWeightMax");
    require(
        noiseStandardDeviation >= 0 && noiseStandardDeviation < 1,
        "noiseStandardDeviation must be in [0, 1)");
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }

  /** The defaults listed on the record components. */
  public static GravitySineTrafficConfig defaults() {
    return new GravitySineTrafficConfig(100, 0.5, 0.2, 0.2, 0.5, 20, 0.5, 1.5, 0.05);
  }

  public GravitySineTrafficConfig withMeanDemandPerPairMbps(double value) {
    return new GravitySineTrafficConfig(
        value,
        dailyAmplitude,
        weeklyAmplitude,
        amplitudeJitter,
        phaseJitterRadians,
        peakHourUtc,
        nodeWeightMin,
        nodeWeightMax,
        noiseStandardDeviation);
  }

  public GravitySineTrafficConfig withNoiseStandardDeviation(double value) {
    return new GravitySineTrafficConfig(
        meanDemandPerPairMbps,
        dailyAmplitude,
        weeklyAmplitude,
        amplitudeJitter,
        phaseJitterRadians,
        peakHourUtc,
        nodeWeightMin,
        nodeWeightMax,
        value);
  }
}
