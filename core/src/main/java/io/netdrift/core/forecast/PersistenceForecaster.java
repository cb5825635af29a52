package io.netdrift.core.forecast;

/**
 * The trivial forecast: every future step equals the newest measurement. Every model must beat it
 * to be worth serving; under abrupt re-routing it is also the fastest to "adapt" (one step).
 */
public final class PersistenceForecaster implements BatchForecaster {

  @Override
  public String modelId() {
    return "persistence";
  }

  @Override
  public long modelVersion() {
    return 1;
  }

  @Override
  public int window() {
    return 1;
  }

  @Override
  public int stateSize() {
    return 0;
  }

  @Override
  public void forecast(ForecastBatch batch) {
    for (int r = 0; r < batch.rows; r++) {
      float last = batch.newestMbps(r);
      for (int h = 0; h < batch.horizon; h++) {
        batch.forecastMbps[r * batch.horizon + h] = last;
      }
    }
  }
}
