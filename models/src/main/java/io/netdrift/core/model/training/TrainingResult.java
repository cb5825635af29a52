package io.netdrift.core.model.training;

import io.netdrift.core.model.ForecastMetrics;
import io.netdrift.core.model.ModelConfig;
import io.netdrift.core.model.ModelMetadata;
import io.netdrift.core.model.ModelWeights;
import java.time.Instant;
import java.util.LinkedHashMap;
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

  /** Metadata for a model directory (version 1; {@code ModelDirectoryWriter.write} bumps it). */
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
   * Fields {@code metrics.json} carries beyond model and persistence (name to a value Jackson
   * writes: maps, strings, numbers): which split they are on, the validation figures that chose the
   * weights, the data ranges and the seed. Deterministic for a seeded run (no timings).
   */
  public Map<String, Object> metricsJsonFields() {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("split", reportedSplit());
    Map<String, Object> validationFigures = new LinkedHashMap<>();
    validationFigures.put("model", validation.toMap());
    validationFigures.put("persistence", persistence.toMap());
    validationFigures.put("start", startValidation.toMap());
    validationFigures.put("normalisedMse", ForecastMetrics.finiteOrNull(bestValidationLoss));
    f.put("validation", validationFigures);
    Map<String, Object> selection = new LinkedHashMap<>();
    selection.put("metric", "validation rmse (Mbps)");
    selection.put("bestEpoch", bestEpoch);
    selection.put("epochs", epochs);
    selection.put("keptStartingWeights", keptStartingWeights);
    f.put("selection", selection);
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("train", withWindows(ranges.train(), windows[0]));
    data.put("validation", withWindows(ranges.validation(), windows[1]));
    data.put("test", withWindows(ranges.test(), windows[2]));
    f.put("data", data);
    Map<String, Object> run = new LinkedHashMap<>();
    run.put("seed", training.seed());
    run.put("optimizer", training.optimizer());
    run.put("learningRate", training.learningRate());
    run.put("batchSize", training.batchSize());
    run.put("validationFraction", training.validationFraction());
    run.put("testFraction", training.testFraction());
    f.put("training", run);
    return f;
  }

  private static Map<String, Object> withWindows(TimeSplit.Range range, int windows) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (range.from() != null) {
      m.put("from", range.from().toString());
      m.put("to", range.to().toString());
    }
    m.put("windows", range.from() == null ? 0 : windows);
    return m;
  }
}
