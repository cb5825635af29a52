package io.netdrift.core.adaptation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.netdrift.core.forecast.PersistenceForecaster;
import java.util.List;
import org.junit.jupiter.api.Test;

class HoldoutEvaluationTest {

  @Test
  void scoresOnlyTheHeldBackSamplesOneStepAhead() {
    LinkSamples link = new LinkSamples(100);
    // loads 0, 10, 20, ... : persistence is off by 10 on every step
    for (int i = 0; i < 20; i++) {
      link.append(1_000_000L + i * 60_000L, 10f * i, 1000f);
    }
    double rmse =
        HoldoutEvaluation.rmseMbps(new PersistenceForecaster(), List.of(link), 5, 60_000L);
    assertThat(rmse).isCloseTo(10.0, within(1e-6));
  }

  @Test
  void theHoldOutIsTheNewestSamples() {
    LinkSamples link = new LinkSamples(100);
    for (int i = 0; i < 20; i++) {
      // flat until the last 3 samples, which jump by 30 each
      float load = i < 17 ? 100f : 100f + 30f * (i - 16);
      link.append(1_000_000L + i * 60_000L, load, 1000f);
    }
    double lastThree =
        HoldoutEvaluation.rmseMbps(new PersistenceForecaster(), List.of(link), 3, 60_000L);
    assertThat(lastThree).isCloseTo(30.0, within(1e-6));
  }

  @Test
  void nothingToScoreIsNaN() {
    assertThat(HoldoutEvaluation.rmseMbps(new PersistenceForecaster(), List.of(), 3, 60_000L))
        .isNaN();
  }
}
