package io.netdrift.core.forecast;

/**
 * A load forecaster that serves many link directions in one call (River's {@code forecast}, batched
 * for the stream operator's micro-batches). Implementations are global models: one instance serves
 * every link of a subtask, with per-link normalisation and per-link recurrent state passed in and
 * out through the {@link ForecastBatch}.
 *
 * <p>Not thread-safe: one instance per operator subtask (DJL: one predictor per thread).
 */
public interface BatchForecaster extends AutoCloseable {

  /** Model family, e.g. {@code persistence}, {@code cfc}. */
  String modelId();

  /** Version of the weights serving now; increments on every swap. */
  long modelVersion();

  /** How many past samples a row must carry. */
  int window();

  /** Length of the per-link recurrent state (0 for stateless models). */
  int stateSize();

  /**
   * Samples a link must have had before this model's forecasts are served; before that the caller
   * serves persistence ({@link ForecastBatch#forecastPersistence}). 0: from the first sample.
   */
  default int warmUpSamples() {
    return 0;
  }

  /** Fills {@code forecastMbps} (and {@code stateOut}) for rows {@code 0..batch.rows-1}. */
  void forecast(ForecastBatch batch);

  @Override
  default void close() {}
}
