package io.netdrift.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class PersistenceForecasterTest {

  @Test
  void everyHorizonEqualsTheNewestSample() {
    PersistenceForecaster forecaster = new PersistenceForecaster();
    ForecastBatch batch = new ForecastBatch(2, 3, 0, 4);
    batch.rows = 2;
    System.arraycopy(new float[] {1f, 2f, 3f, 7f, 8f, 9.5f}, 0, batch.historyMbps, 0, 6);
    batch.available[0] = 3;
    batch.available[1] = 1;

    forecaster.forecast(batch);

    assertThat(batch.forecastMbps).containsExactly(3f, 3f, 3f, 3f, 9.5f, 9.5f, 9.5f, 9.5f);
  }

  @Test
  void aWindowOfOneForecastsItsOnlySample() {
    PersistenceForecaster forecaster = new PersistenceForecaster();
    ForecastBatch batch = new ForecastBatch(3, forecaster.window(), 0, 1);
    batch.rows = 2;
    batch.historyMbps[0] = 4f;
    batch.historyMbps[1] = 5f;
    batch.historyMbps[2] = 6f;
    batch.forecastMbps[2] = -1f;

    forecaster.forecast(batch);

    assertThat(batch.forecastMbps).containsExactly(4f, 5f, -1f);
  }

  @Test
  void describesItself() {
    PersistenceForecaster forecaster = new PersistenceForecaster();
    assertThat(forecaster.modelId()).isEqualTo("persistence");
    assertThat(forecaster.window()).isEqualTo(1);
    assertThat(forecaster.stateSize()).isZero();
    assertThat(forecaster.modelVersion()).isEqualTo(1);
  }

  @Property(tries = 200, seed = "31337")
  void batchedEqualsRowByRow(
      @ForAll @IntRange(min = 1, max = 5) int window,
      @ForAll @IntRange(min = 1, max = 6) int horizon,
      @ForAll @IntRange(min = 1, max = 8) int rows,
      @ForAll long seed) {
    Random random = new Random(seed);
    ForecastBatch batched = new ForecastBatch(rows, window, 0, horizon);
    batched.rows = rows;
    for (int i = 0; i < batched.historyMbps.length; i++) {
      batched.historyMbps[i] = random.nextFloat() * 1000f;
    }
    PersistenceForecaster forecaster = new PersistenceForecaster();
    forecaster.forecast(batched);

    for (int r = 0; r < rows; r++) {
      ForecastBatch single = new ForecastBatch(1, window, 0, horizon);
      single.rows = 1;
      System.arraycopy(batched.historyMbps, r * window, single.historyMbps, 0, window);
      forecaster.forecast(single);
      float[] row = Arrays.copyOfRange(batched.forecastMbps, r * horizon, r * horizon + horizon);
      assertThat(row).containsExactly(single.forecastMbps);
      assertThat(row).containsOnly(batched.historyMbps[r * window + window - 1]);
    }
  }
}
