package io.netdrift.core.model.training;

import io.netdrift.core.model.ForecastMetrics;
import io.netdrift.core.model.ModelConfig;
import io.netdrift.core.model.ModelMetadata;
import io.netdrift.core.model.ModelWeights;
import java.time.Instant;
import java.util.Map;

/**
 * Outcome of a training run: the best weights (by validation loss) and their metrics against
 * persistence on the validation split, in Mbps.
 */
public record TrainingResult(
    ModelConfig config,
    TrainingConfig training,
    ModelWeights weights,
    ForecastMetrics validation,
    ForecastMetrics persistence,
    long steps,
    double stepsPerSecond,
    int epochs,
    double firstEpochLoss,
    double lastEpochLoss,
    double bestValidationLoss,
    Map<String, Float> linkScales,
    Instant trainingFrom,
    Instant trainingTo,
    Instant validationTo) {

  /** Metadata for a model directory (version 1; {@code ModelDirectory.write} bumps it). */
  public ModelMetadata metadata() {
    return new ModelMetadata(
        ModelMetadata.FORMAT_VERSION,
        1,
        config,
        training.optimizer(),
        Instant.now(),
        trainingFrom,
        trainingTo,
        validationTo,
        linkScales,
        steps,
        stepsPerSecond,
        validation,
        persistence);
  }
}
