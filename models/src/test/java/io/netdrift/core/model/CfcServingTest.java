package io.netdrift.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.netdrift.core.forecast.BatchForecaster;
import io.netdrift.core.forecast.ForecastBatch;
import io.netdrift.core.model.graph.ModelDirectoryWriter;
import io.netdrift.core.model.reference.ReferenceForecaster;
import io.netdrift.core.model.runtime.DeviceSelection;
import io.netdrift.core.model.runtime.ServingEngine;
import io.netdrift.core.model.serving.ModelRegistry;
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
    ModelDirectoryWriter.write(
        tmp.resolve("cfc"), ModelTestSupport.untrainedMetadata(config), weights);

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
    ModelDirectoryWriter.write(
        tmp.resolve("m"), ModelTestSupport.untrainedMetadata(config), weights);
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

  @Test
  void streamingOneSampleAtATimeWithCarriedStateEqualsFullUnroll() throws Exception {
    ModelWeights weights = ModelArchitecture.initialWeights(config, 21);
    java.util.Arrays.fill(weights.values("head_w"), 0.2f);
    Path dir = tmp.resolve("stream");
    ModelDirectoryWriter.write(dir, ModelTestSupport.untrainedMetadata(config), weights);
    int n = 12;
    float[] load = new float[n];
    float[] gaps = new float[n];
    long[] ts = new long[n];
    for (int i = 0; i < n; i++) {
      load[i] = 300 + 200 * (float) Math.sin(i * 0.7);
      gaps[i] = i == 0 ? 0 : (i % 4 == 0 ? 900 : 300); // a missing step every 4 samples
      ts[i] = (i == 0 ? ModelTestSupport.T0 : ts[i - 1] + (long) (gaps[i] * 1000));
    }
    float scale = 800f;
    float[] state = new float[config.stateSize()];
    float streamed = 0;
    for (ServingEngine engine : ServingEngine.values()) {
      java.util.Arrays.fill(state, 0f);
      try (BatchForecaster model = ModelRegistry.load(dir, DeviceSelection.CPU, engine)) {
        for (int i = 0; i < n; i++) {
          ForecastBatch b = new ForecastBatch(1, 1, config.stateSize(), 2);
          b.rows = 1;
          b.historyMbps[0] = load[i];
          b.gapSeconds[0] = gaps[i];
          b.lastTimestampMs[0] = ts[i];
          b.scaleMbps[0] = scale;
          b.available[0] = 1;
          System.arraycopy(state, 0, b.stateIn, 0, state.length);
          model.forecast(b);
          System.arraycopy(b.stateOut, 0, state, 0, state.length);
          streamed = b.forecastMbps[0];
        }
      }
      float[] x = new float[n * ModelConfig.FEATURES];
      float[] dt = new float[n];
      FeatureEncoder.encode(load, gaps, 0, n, ts[n - 1], scale, 300f, x, 0, dt, 0);
      float[] h = new float[config.stateSize()];
      float[] out = new float[2];
      new ReferenceForecaster(config, weights, 1).run(x, 0, dt, 0, n, h, null, out);
      assertThat(streamed).as(engine.toString()).isCloseTo(out[0] * scale, within(1e-3f));
      for (int j = 0; j < h.length; j++) {
        assertThat(state[j]).isCloseTo(h[j], within(1e-5f));
      }
    }
  }

  @Test
  void tfJavaEngineGivesTheSameOutputsAsDjl() throws Exception {
    ModelWeights weights = ModelArchitecture.initialWeights(config, 5);
    Path dir = tmp.resolve("engines");
    ModelDirectoryWriter.write(dir, ModelTestSupport.untrainedMetadata(config), weights);
    ForecastBatch a = ModelTestSupport.randomBatch(6, config, 2);
    ForecastBatch b = ModelTestSupport.randomBatch(6, config, 2);
    try (BatchForecaster djl = ModelRegistry.load(dir, DeviceSelection.CPU, ServingEngine.DJL);
        BatchForecaster tfj = ModelRegistry.load(dir, DeviceSelection.CPU, ServingEngine.TF_JAVA)) {
      djl.forecast(a);
      tfj.forecast(b);
      assertThat(tfj.modelVersion()).isEqualTo(djl.modelVersion());
    }
    assertThat(b.forecastMbps).containsExactly(a.forecastMbps);
    assertThat(b.stateOut).containsExactly(a.stateOut);
  }
}
