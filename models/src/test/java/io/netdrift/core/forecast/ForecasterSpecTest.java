package io.netdrift.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netdrift.core.model.serving.ModelRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ForecasterSpecTest {

  @Test
  void anUnknownModelIsRejectedListingTheKnownOnes() {
    assertThatThrownBy(() -> new ForecasterSpec("lane", "arima", 96))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("arima")
        .hasMessageContaining(ForecasterSpec.PERSISTENCE)
        .hasMessageContaining(ForecasterSpec.SEASONAL_NAIVE);
    assertThatThrownBy(() -> ForecasterSpec.baseline("cfc", 96))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cfc");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\t"})
  void aBlankStrategyNameIsRejected(String strategy) {
    assertThatThrownBy(() -> new ForecasterSpec(strategy, "persistence", 96))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("strategy");
    assertThatThrownBy(() -> new ForecasterSpec(null, "persistence", 96))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void modelNamesAreCaseInsensitive() {
    assertThat(new ForecasterSpec("lane", "Seasonal-Naive", 4).model()).isEqualTo("seasonal-naive");
  }

  @Test
  void createBuildsTheNamedModel() {
    BatchForecaster persistence =
        ModelRegistry.forecaster(new ForecasterSpec("static", "persistence", 96));
    assertThat(persistence).isInstanceOf(PersistenceForecaster.class);

    BatchForecaster seasonal =
        ModelRegistry.forecaster(ForecasterSpec.baseline("seasonal-naive", 24));
    assertThat(seasonal).isInstanceOf(SeasonalNaiveForecaster.class);
    assertThat(seasonal.window()).isEqualTo(24);
    assertThat(seasonal.modelId()).isEqualTo("seasonal-naive");
  }

  @Test
  void baselineNamesTheLaneAfterItsModel() {
    ForecasterSpec spec = ForecasterSpec.baseline("persistence", 96);
    assertThat(spec.strategy()).isEqualTo("persistence");
    assertThat(spec.model()).isEqualTo("persistence");
    assertThat(spec.seasonSteps()).isEqualTo(96);
  }
}
