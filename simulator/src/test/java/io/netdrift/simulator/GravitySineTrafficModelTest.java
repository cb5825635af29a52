package io.netdrift.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.netdrift.core.network.BuiltInTopologies;
import io.netdrift.core.network.DemandMatrix;
import io.netdrift.core.network.Topology;
import org.junit.jupiter.api.Test;

class GravitySineTrafficModelTest {

  private static final long START = NetworkSimulator.Builder.DEFAULT_START.toEpochMilli();
  private static final long HOUR = 3600_000L;

  private final Topology euro28 = BuiltInTopologies.euro28();

  @Test
  void meanDemandPerPairMatchesTheConfiguredMeanOverAWeek() {
    GravitySineTrafficModel model =
        new GravitySineTrafficModel(euro28, GravitySineTrafficConfig.defaults(), 3, START, HOUR);
    double sum = 0;
    int samples = 0;
    DemandMatrix matrix = new DemandMatrix(euro28);
    for (long t = START; t < START + GravitySineTrafficModel.WEEK_MS; t += HOUR / 4) {
      sum += model.expectedAt(t, matrix).totalMbps();
      samples++;
    }
    double meanPerPair = sum / samples / (28 * 27);
    assertThat(meanPerPair).isCloseTo(100, within(0.5));
  }

  @Test
  void gravityModelMakesDemandProportionalToNodeWeightProducts() {
    GravitySineTrafficConfig flat = new GravitySineTrafficConfig(100, 0, 0, 0, 0, 20, 0.5, 1.5, 0);
    GravitySineTrafficModel model = new GravitySineTrafficModel(euro28, flat, 11, START, HOUR);
    double[] weights = model.nodeWeights();
    DemandMatrix demands = model.expectedAt(START, new DemandMatrix(euro28));
    double ratio = demands.get(0, 1) / (weights[0] * weights[1]);
    for (int s = 0; s < 28; s++) {
      for (int d = 0; d < 28; d++) {
        if (s != d) {
          assertThat(demands.get(s, d) / (weights[s] * weights[d])).isCloseTo(ratio, within(1e-9));
        }
      }
    }
  }

  @Test
  void peaksAtTheConfiguredHourAndRepeatsDaily() {
    GravitySineTrafficConfig noJitter =
        new GravitySineTrafficConfig(100, 0.5, 0.0, 0, 0, 20, 0.5, 1.5, 0);
    GravitySineTrafficModel model = new GravitySineTrafficModel(euro28, noJitter, 1, START, HOUR);
    DemandMatrix matrix = new DemandMatrix(euro28);
    double atPeak = model.expectedAt(START + 20 * HOUR, matrix).totalMbps();
    double atTrough = model.expectedAt(START + 8 * HOUR, matrix).totalMbps();
    double nextDayPeak = model.expectedAt(START + 44 * HOUR, matrix).totalMbps();
    assertThat(atPeak / atTrough).isCloseTo(1.5 / 0.5, within(1e-9));
    assertThat(nextDayPeak).isCloseTo(atPeak, within(1e-6));
  }

  @Test
  void offeredDemandIsNoisyButNeverNegativeAndSeeded() {
    GravitySineTrafficConfig noisy =
        GravitySineTrafficConfig.defaults().withNoiseStandardDeviation(0.5);
    GravitySineTrafficModel first = new GravitySineTrafficModel(euro28, noisy, 7, START, HOUR);
    GravitySineTrafficModel second = new GravitySineTrafficModel(euro28, noisy, 7, START, HOUR);
    DemandMatrix offered = new DemandMatrix(euro28);
    DemandMatrix expected = new DemandMatrix(euro28);
    DemandMatrix offeredAgain = new DemandMatrix(euro28);
    for (int step = 0; step < 20; step++) {
      assertThat(first.next(offered, expected)).isEqualTo(START + step * HOUR);
      second.next(offeredAgain, new DemandMatrix(euro28));
      for (int s = 0; s < 28; s++) {
        for (int d = 0; d < 28; d++) {
          assertThat(offered.get(s, d)).isGreaterThanOrEqualTo(0).isEqualTo(offeredAgain.get(s, d));
        }
      }
    }
    assertThat(offered.totalMbps()).isNotEqualTo(expected.totalMbps());
  }
}
