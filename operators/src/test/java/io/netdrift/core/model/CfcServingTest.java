package io.netdrift.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.netdrift.core.forecast.BatchForecaster;
import io.netdrift.core.forecast.ForecastBatch;
import io.netdrift.core.model.reference.ReferenceForecaster;
import io.netdrift.core.model.runtime.DeviceSelection;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CfC: TF graph vs plain-Java equations, batched vs row by row, save/load through DJL. */
class CfcServingTest {
  @TempDir Path tmp;

  private final ModelConfig config = new ModelConfig(ModelKind.CFC, 4, 2, 5, 6, 6, 0, 300f);

  @Test
  void savedModelServedByDjlMatchesPlainJavaReference() throws Exception {
    ModelWeights weights = ModelArchitecture.initialWeights(config, 7);
    // a non-trivial readout so the forecast depends on the state
    java.util.Arrays.fill(weights.values("head_w"), 0.3f);
    ModelDirectory.write(tmp.resolve("cfc"), ModelTestSupport.untrainedMetadata(config), weights);

    ForecastBatch batch = ModelTestSupport.randomBatch(7, config, 11);
    ForecastBatch expected = ModelTestSupport.randomBatch(7, config, 11);
    new ReferenceForecaster(config, weights, 1).forecast(expected);
    try (BatchForecaster model = ModelRegistry.load(tmp.resolve("cfc"), DeviceSelection.CPU)) {
      assertThat(model.modelId()).isEqualTo("cfc");
      assertThat(model.stateSize()).isEqualTo(5);
      model.forecast(batch);
    }
    for (int i = 0; i < 7 * 2; i++) {
      assertThat(batch.forecastMbps[i]).isCloseTo(expected.forecastMbps[i], within(1e-3f));
    }
    for (int i = 0; i < 7 * 5; i++) {
      assertThat(batch.stateOut[i]).isCloseTo(expected.stateOut[i], within(1e-5f));
    }
  }

  @Test
  void batchedEqualsRowByRowAndReloadGivesIdenticalOutputs() throws Exception {
    ModelWeights weights = ModelArchitecture.initialWeights(config, 3);
    ModelDirectory.write(tmp.resolve("m"), ModelTestSupport.untrainedMetadata(config), weights);
    ForecastBatch batch = ModelTestSupport.randomBatch(9, config, 5);
    float[] first;
    float[] firstState;
    try (BatchForecaster model = ModelRegistry.load(tmp.resolve("m"), DeviceSelection.AUTO)) {
      model.forecast(batch);
      first = batch.forecastMbps.clone();
      firstState = batch.stateOut.clone();
      for (int r = 0; r < 9; r++) {
        ForecastBatch one = ModelTestSupport.row(batch, r);
        model.forecast(one);
        for (int j = 0; j < 2; j++) {
          assertThat(one.forecastMbps[j]).isCloseTo(first[r * 2 + j], within(1e-4f));
        }
        for (int s = 0; s < 5; s++) {
          assertThat(one.stateOut[s]).isCloseTo(firstState[r * 5 + s], within(1e-6f));
        }
      }
    }
    try (BatchForecaster again = ModelRegistry.load(tmp.resolve("m"), DeviceSelection.CPU)) {
      ForecastBatch b2 = ModelTestSupport.randomBatch(9, config, 5);
      again.forecast(b2);
      assertThat(b2.forecastMbps).containsExactly(first);
      assertThat(b2.stateOut).containsExactly(firstState);
    }
    assertThat(ModelDirectory.open(tmp.resolve("m")).weights().values("bb_w"))
        .containsExactly(weights.values("bb_w"));
  }
}
