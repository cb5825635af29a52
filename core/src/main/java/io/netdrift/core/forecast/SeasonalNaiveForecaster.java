package io.netdrift.core.forecast;

/**
 * Seasonal naive forecast: the value one season ago at the target phase, {@code ŷ(t+h) = y(t+h-m)}
 * for season length {@code m} (Hyndman &amp; Athanasopoulos, FPP3 §5.2). Until a link has a full
 * season of history it falls back to persistence, so it never invents data.
 */
public final class SeasonalNaiveForecaster implements BatchForecaster {
  private final int seasonSteps;

  /**
   * @param seasonSteps season length in measurement steps (e.g. 96 for a daily cycle at 15-min
   *     steps); at least 2
   */
  public SeasonalNaiveForecaster(int seasonSteps) {
    if (seasonSteps < 2) {
      throw new IllegalArgumentException("seasonSteps must be >= 2, was " + seasonSteps);
    }
    this.seasonSteps = seasonSteps;
  }

  @Override
  public String modelId() {
    return "seasonal-naive";
  }

  @Override
  public long modelVersion() {
    return 1;
  }

  @Override
  public int window() {
    return seasonSteps;
  }

  @Override
  public int stateSize() {
    return 0;
  }

  @Override
  public void forecast(ForecastBatch batch) {
    int w = batch.window;
    for (int r = 0; r < batch.rows; r++) {
      int base = r * w;
      boolean fullSeason = batch.available[r] >= seasonSteps;
      float last = batch.historyMbps[base + w - 1];
      for (int h = 1; h <= batch.horizon; h++) {
        float value;
        if (fullSeason) {
          // history index of time t+h-m, where the newest sample (time t) sits at w-1;
          // for h > m the season repeats, so wrap h into 1..m.
          int hh = ((h - 1) % seasonSteps) + 1;
          value = batch.historyMbps[base + w - 1 + hh - seasonSteps];
        } else {
          value = last;
        }
        batch.forecastMbps[r * batch.horizon + h - 1] = value;
      }
    }
  }
}
