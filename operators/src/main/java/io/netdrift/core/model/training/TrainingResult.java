package io.netdrift.core.model.training;

import io.netdrift.core.model.ForecastMetrics;
import io.netdrift.core.model.ModelConfig;
import io.netdrift.core.model.ModelMetadata;
import io.netdrift.core.model.ModelWeights;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Outcome of a training run: the chosen weights and their metrics in Mbps against persistence.
 *
 * <p>The weights are chosen by RMSE in Mbps on the validation split, among the starting weights
 * (evaluated before the first epoch) and the weights after every epoch; the starting weights stay
 * when no epoch beats them ({@link #keptStartingWeights()}). {@link #validation()} and {@link
 * #persistence()} are on the validation split (they chose the weights); {@link #test()} and {@link
 * #testPersistence()} on the test split, which comes last in time and chose nothing. {@link
 * #reportedModel()} / {@link #reportedPersistence()} are what {@code metrics.json} reports: test,
 * or validation when the run has no test part ({@code testFraction} 0).
 *
 * @param validation chosen weights on the validation split, Mbps
 * @param persistence persistence on the validation split, Mbps
 * @param bestValidationLoss chosen weights' mean squared normalised error on the validation split
 * @param trainingFrom first training sample
 * @param trainingTo last training sample
 * @param validationTo last validation sample
 * @param test chosen weights on the test split (NaN, count 0 without a test part)
 * @param testPersistence persistence on the test split (NaN, count 0 without a test part)
 * @param startValidation starting weights (initial or warm start) on the validation split
 * @param keptStartingWeights no epoch beat the starting weights: {@code weights} are the start
 * @param bestEpoch epoch of the chosen weights (0: the starting weights)
 * @param ranges train / validation / test data ranges (sample timestamps)
 * @param windows training, validation and test windows
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
    Instant validationTo,
    ForecastMetrics test,
    ForecastMetrics testPersistence,
    ForecastMetrics startValidation,
    boolean keptStartingWeights,
    int bestEpoch,
    TimeSplit ranges,
    int[] windows) {

  /** The starting weights on the validation split, RMSE in Mbps. */
  public double startValidationRmseMbps() {
    return startValidation.rmse();
  }

  /** The chosen weights on the validation split, RMSE in Mbps (the selection metric). */
  public double validationRmseMbps() {
    return validation.rmse();
  }

  /** True when the run has a test part. */
  public boolean hasTest() {
    return test.count() > 0;
  }

  /** The model's metrics {@code metrics.json} reports: test, or validation without a test part. */
  public ForecastMetrics reportedModel() {
    return hasTest() ? test : validation;
  }

  /** Persistence on the split of {@link #reportedModel()}. */
  public ForecastMetrics reportedPersistence() {
    return hasTest() ? testPersistence : persistence;
  }

  /** Split of {@link #reportedModel()}: {@code test} or {@code validation}. */
  public String reportedSplit() {
    return hasTest() ? "test" : "validation";
  }

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
        reportedModel(),
        reportedPersistence());
  }

  /**
   * Fields {@code metrics.json} carries beyond model and persistence (name to JSON value): which
   * split they are on, the validation figures that chose the weights, the data ranges and the seed.
   * Deterministic for a seeded run (no timings).
   */
  public Map<String, String> metricsJsonFields() {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("split", "\"" + reportedSplit() + "\"");
    f.put(
        "validation",
        "{\"model\": "
            + validation.toJson()
            + ", \"persistence\": "
            + persistence.toJson()
            + ", \"start\": "
            + startValidation.toJson()
            + ", \"normalisedMse\": "
            + num(bestValidationLoss)
            + "}");
    f.put(
        "selection",
        "{\"metric\": \"validation rmse (Mbps)\", \"bestEpoch\": "
            + bestEpoch
            + ", \"epochs\": "
            + epochs
            + ", \"keptStartingWeights\": "
            + keptStartingWeights
            + "}");
    f.put(
        "data",
        "{\"train\": "
            + withWindows(ranges.train().toJson(), windows[0])
            + ", \"validation\": "
            + withWindows(ranges.validation().toJson(), windows[1])
            + ", \"test\": "
            + withWindows(ranges.test().toJson(), windows[2])
            + "}");
    f.put(
        "training",
        String.format(
            Locale.ROOT,
            "{\"seed\": %d, \"optimizer\": \"%s\", \"learningRate\": %s, \"batchSize\": %d,"
                + " \"validationFraction\": %s, \"testFraction\": %s}",
            training.seed(),
            training.optimizer(),
            Float.toString(training.learningRate()),
            training.batchSize(),
            Double.toString(training.validationFraction()),
            Double.toString(training.testFraction())));
    return f;
  }

  private static String withWindows(String range, int windows) {
    return range.equals("null")
        ? "{\"windows\": 0}"
        : range.substring(0, range.length() - 1) + ", \"windows\": " + windows + "}";
  }

  private static String num(double v) {
    return Double.isFinite(v) ? Double.toString(v) : "null";
  }
}
