package io.netdrift.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SeasonalNaiveForecasterTest {

  private static void setRow(ForecastBatch batch, int row, int available, float... history) {
    System.arraycopy(history, 0, batch.historyMbps, row * batch.window, batch.window);
    batch.available[row] = available;
  }

  private static float[] forecastRow(ForecastBatch batch, int row) {
    return Arrays.copyOfRange(
        batch.forecastMbps, row * batch.horizon, row * batch.horizon + batch.horizon);
  }

  @Test
  void repeatsTheLastSeasonForHorizonsOneToSeasonPlusTwo() {
    // m = 4; history y(t-3)..y(t) = 1, 2, 3, 4; y^(t+h) = y(t+h-4), wrapping after one season
    SeasonalNaiveForecaster forecaster = new SeasonalNaiveForecaster(4);
    ForecastBatch batch = new ForecastBatch(1, 4, 0, 6);
    batch.rows = 1;
    setRow(batch, 0, 4, 1f, 2f, 3f, 4f);

    forecaster.forecast(batch);

    assertThat(forecastRow(batch, 0)).containsExactly(1f, 2f, 3f, 4f, 1f, 2f);
  }

  @Test
  void usesTheNewestSeasonOfALongerWindow() {
    // window 7 > m = 3: only the newest 3 samples (5, 6, 7) form the season
    SeasonalNaiveForecaster forecaster = new SeasonalNaiveForecaster(3);
    ForecastBatch batch = new ForecastBatch(2, 7, 0, 5);
    batch.rows = 2;
    setRow(batch, 0, 7, 1f, 2f, 3f, 4f, 5f, 6f, 7f);
    setRow(batch, 1, 3, 30f, 30f, 30f, 30f, 10f, 20f, 30f);

    forecaster.forecast(batch);

    assertThat(forecastRow(batch, 0)).containsExactly(5f, 6f, 7f, 5f, 6f);
    assertThat(forecastRow(batch, 1)).containsExactly(10f, 20f, 30f, 10f, 20f);
  }

  @Test
  void fallsBackToPersistenceBeforeAFullSeason() {
    SeasonalNaiveForecaster forecaster = new SeasonalNaiveForecaster(4);
    ForecastBatch batch = new ForecastBatch(3, 4, 0, 6);
    batch.rows = 3;
    setRow(batch, 0, 3, 2f, 2f, 3f, 9f); // padded front, 3 real samples
    setRow(batch, 1, 1, 5f, 5f, 5f, 5f);
    setRow(batch, 2, 4, 1f, 2f, 3f, 4f); // full season in the same batch

    forecaster.forecast(batch);

    assertThat(forecastRow(batch, 0)).containsOnly(9f);
    assertThat(forecastRow(batch, 1)).containsOnly(5f);
    assertThat(forecastRow(batch, 2)).containsExactly(1f, 2f, 3f, 4f, 1f, 2f);
  }

  @Test
  void onlyTheRowsInUseAreWritten() {
    SeasonalNaiveForecaster forecaster = new SeasonalNaiveForecaster(2);
    ForecastBatch batch = new ForecastBatch(3, 2, 0, 2);
    Arrays.fill(batch.forecastMbps, -1f);
    batch.rows = 1;
    setRow(batch, 0, 2, 1f, 2f);
    setRow(batch, 1, 2, 3f, 4f);

    forecaster.forecast(batch);

    assertThat(forecastRow(batch, 0)).containsExactly(1f, 2f);
    assertThat(forecastRow(batch, 1)).containsOnly(-1f);
    assertThat(forecastRow(batch, 2)).containsOnly(-1f);
  }

  @Test
  void describesItself() {
    SeasonalNaiveForecaster forecaster = new SeasonalNaiveForecaster(96);
    assertThat(forecaster.modelId()).isEqualTo("seasonal-naive");
    assertThat(forecaster.window()).isEqualTo(96);
    assertThat(forecaster.stateSize()).isZero();
    assertThat(forecaster.modelVersion()).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 0, -4})
  void aSeasonShorterThanTwoStepsIsRejected(int seasonSteps) {
    assertThatThrownBy(() -> new SeasonalNaiveForecaster(seasonSteps))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("seasonSteps");
  }

  @Property(tries = 200, seed = "424242")
  void batchedEqualsRowByRow(
      @ForAll @IntRange(min = 2, max = 6) int seasonSteps,
      @ForAll @IntRange(min = 0, max = 3) int extraWindow,
      @ForAll @IntRange(min = 1, max = 14) int horizon,
      @ForAll @IntRange(min = 1, max = 8) int rows,
      @ForAll long seed) {
    int window = seasonSteps + extraWindow;
    Random random = new Random(seed);
    ForecastBatch batched = new ForecastBatch(rows, window, 0, horizon);
    batched.rows = rows;
    for (int i = 0; i < batched.historyMbps.length; i++) {
      batched.historyMbps[i] = random.nextFloat() * 1000f;
    }
    for (int r = 0; r < rows; r++) {
      batched.available[r] = 1 + random.nextInt(window);
    }
    SeasonalNaiveForecaster forecaster = new SeasonalNaiveForecaster(seasonSteps);
    forecaster.forecast(batched);

    for (int r = 0; r < rows; r++) {
      ForecastBatch single = new ForecastBatch(1, window, 0, horizon);
      single.rows = 1;
      System.arraycopy(batched.historyMbps, r * window, single.historyMbps, 0, window);
      single.available[0] = batched.available[r];
      forecaster.forecast(single);
      assertThat(forecastRow(batched, r)).containsExactly(single.forecastMbps);
      // and each value is a real sample of that row (it never invents data)
      float[] history = Arrays.copyOfRange(batched.historyMbps, r * window, r * window + window);
      for (float value : single.forecastMbps) {
        assertThat(history).contains(value);
      }
    }
  }
}
