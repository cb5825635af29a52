package io.netdrift.core.model.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.netdrift.core.forecast.BatchForecaster;
import io.netdrift.core.forecast.ForecastBatch;
import io.netdrift.core.model.ModelArchitecture;
import io.netdrift.core.model.ModelConfig;
import io.netdrift.core.model.ModelKind;
import io.netdrift.core.model.ModelTestSupport;
import io.netdrift.core.model.ModelWeights;
import io.netdrift.core.model.graph.ModelDirectoryWriter;
import io.netdrift.core.model.runtime.DeviceSelection;
import io.netdrift.core.model.runtime.ServingEngine;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DJL serving on its direct tensor path: the same forecasts and states as the TF Java session on
 * the same SavedModel, for batches of any size in any order on one forecaster, and nothing written
 * past a batch's rows.
 */
class DjlForecasterTest {
  @TempDir Path tmp;

  private static final int CAPACITY = 300;

  @Test
  void recurrentModelMatchesTheSessionForBatchSizesUpAndDown() {
    ModelConfig config = new ModelConfig(ModelKind.CFC, 4, 2, 8, 8, 6, 0, 300f);
    Path dir = write(config, 3);
    // larger, much smaller, one row, larger again, the full capacity, then small again
    int[] rows = {64, 5, 1, 128, CAPACITY, 3, 64};
    try (BatchForecaster djl = ModelRegistry.load(dir, DeviceSelection.CPU, ServingEngine.DJL);
        BatchForecaster session =
            ModelRegistry.load(dir, DeviceSelection.CPU, ServingEngine.TF_JAVA)) {
      assertThat(djl).isInstanceOf(DjlForecaster.class);
      ForecastBatch a = new ForecastBatch(CAPACITY, config.servingWindow(), 8, 2);
      ForecastBatch b = new ForecastBatch(CAPACITY, config.servingWindow(), 8, 2);
      for (int i = 0; i < rows.length; i++) {
        fill(a, rows[i], config, 100 + i);
        fill(b, rows[i], config, 100 + i);
        djl.forecast(a);
        session.forecast(b);
        assertSameOutputs(a, b, rows[i]);
        assertUntouchedPastRows(a, rows[i]);
      }
    }
  }

  @Test
  void smallerBatchAfterLargerGivesWhatAFreshForecasterGives() {
    ModelConfig config = new ModelConfig(ModelKind.CFC, 4, 1, 6, 6, 6, 0, 300f);
    Path dir = write(config, 9);
    ForecastBatch large = new ForecastBatch(CAPACITY, 1, 6, 1);
    ForecastBatch small = new ForecastBatch(CAPACITY, 1, 6, 1);
    ForecastBatch fresh = new ForecastBatch(7, 1, 6, 1);
    fill(large, CAPACITY, config, 1);
    fill(small, 7, config, 2);
    fill(fresh, 7, config, 2);
    try (BatchForecaster used = ModelRegistry.load(dir, DeviceSelection.CPU)) {
      used.forecast(large);
      used.forecast(small);
    }
    try (BatchForecaster unused = ModelRegistry.load(dir, DeviceSelection.CPU)) {
      unused.forecast(fresh);
    }
    assertThat(Arrays.copyOf(small.forecastMbps, 7)).containsExactly(fresh.forecastMbps);
    assertThat(Arrays.copyOf(small.stateOut, 7 * 6)).containsExactly(fresh.stateOut);
  }

  @Test
  void stateFreeModelMatchesTheSessionAcrossBatchCapacities() {
    ModelConfig config = new ModelConfig(ModelKind.MLP, 6, 3, 8, 8, 1, 0, 300f);
    Path dir = write(config, 5);
    try (BatchForecaster djl = ModelRegistry.load(dir, DeviceSelection.CPU, ServingEngine.DJL);
        BatchForecaster session =
            ModelRegistry.load(dir, DeviceSelection.CPU, ServingEngine.TF_JAVA)) {
      assertThat(djl.stateSize()).isZero();
      // a growing, then a smaller batch object on the same forecaster (its arrays grow once)
      for (int capacity : new int[] {4, 200, 4}) {
        ForecastBatch a = new ForecastBatch(capacity, 6, 0, 2);
        ForecastBatch b = new ForecastBatch(capacity, 6, 0, 2);
        fill(a, capacity, config, capacity);
        fill(b, capacity, config, capacity);
        djl.forecast(a);
        session.forecast(b);
        assertSameOutputs(a, b, capacity);
      }
    }
  }

  @Test
  void rejectsABatchOfAnotherShapeAndServesAnEmptyOne() {
    ModelConfig config = new ModelConfig(ModelKind.CFC, 4, 1, 6, 6, 6, 0, 300f);
    try (BatchForecaster djl = ModelRegistry.load(write(config, 1), DeviceSelection.CPU)) {
      assertThatThrownBy(() -> djl.forecast(new ForecastBatch(4, 1, 5, 1)))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> djl.forecast(new ForecastBatch(4, 1, 6, 2)))
          .isInstanceOf(IllegalArgumentException.class);
      ForecastBatch empty = new ForecastBatch(4, 1, 6, 1);
      Arrays.fill(empty.forecastMbps, Float.NaN);
      djl.forecast(empty);
      assertThat(empty.forecastMbps).containsOnly(Float.NaN);
    }
  }

  private Path write(ModelConfig config, long seed) {
    ModelWeights weights = ModelArchitecture.initialWeights(config, seed);
    // a non-trivial readout so the forecasts depend on the state
    Arrays.fill(weights.values("head_w"), 0.3f);
    Path dir = tmp.resolve(config.kind().id() + "-" + seed);
    try {
      ModelDirectoryWriter.write(dir, ModelTestSupport.untrainedMetadata(config), weights);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return dir;
  }

  /**
   * Puts {@code rows} random rows at the front of {@code b} and marks every output slot, including
   * those past the rows, with NaN.
   */
  private static void fill(ForecastBatch b, int rows, ModelConfig config, long seed) {
    ForecastBatch src = ModelTestSupport.randomBatch(rows, config.withHorizon(b.horizon), seed);
    int w = b.window;
    int h = b.stateSize;
    System.arraycopy(src.historyMbps, 0, b.historyMbps, 0, rows * w);
    System.arraycopy(src.gapSeconds, 0, b.gapSeconds, 0, rows * w);
    System.arraycopy(src.stateIn, 0, b.stateIn, 0, rows * h);
    System.arraycopy(src.lastTimestampMs, 0, b.lastTimestampMs, 0, rows);
    System.arraycopy(src.scaleMbps, 0, b.scaleMbps, 0, rows);
    System.arraycopy(src.available, 0, b.available, 0, rows);
    Arrays.fill(b.forecastMbps, Float.NaN);
    Arrays.fill(b.stateOut, Float.NaN);
    b.rows = rows;
  }

  private static void assertSameOutputs(ForecastBatch djl, ForecastBatch session, int rows) {
    for (int i = 0; i < rows * djl.horizon; i++) {
      assertThat(djl.forecastMbps[i])
          .as("forecast %d of %d rows", i, rows)
          .isCloseTo(session.forecastMbps[i], within(1e-3f));
    }
    for (int i = 0; i < rows * djl.stateSize; i++) {
      assertThat(djl.stateOut[i])
          .as("state %d of %d rows", i, rows)
          .isCloseTo(session.stateOut[i], within(1e-6f));
    }
  }

  private static void assertUntouchedPastRows(ForecastBatch b, int rows) {
    for (int i = rows * b.horizon; i < b.forecastMbps.length; i++) {
      assertThat(b.forecastMbps[i]).as("forecast slot %d past %d rows", i, rows).isNaN();
    }
    for (int i = rows * b.stateSize; i < b.stateOut.length; i++) {
      assertThat(b.stateOut[i]).as("state slot %d past %d rows", i, rows).isNaN();
    }
  }
}
