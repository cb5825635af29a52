package io.netdrift.core.forecast;

import io.netdrift.core.model.runtime.DeviceSelection;
import io.netdrift.core.model.runtime.ServingEngine;
import java.io.Serializable;
import java.util.Locale;

/**
 * A serialisable recipe for one strategy lane: the strategy name written on its predictions and how
 * to build its forecaster in each parallel instance (models hold native resources and are built in
 * {@code open()}, never shipped).
 *
 * @param strategy name on the predictions, e.g. {@code persistence} or {@code static}
 * @param model model family: {@code persistence}, {@code seasonal-naive}, or {@code trained} (a
 *     model directory written by {@code ./netdrift train})
 * @param seasonSteps season length in steps (seasonal models)
 * @param modelDirectory the model directory of a {@code trained} lane, else {@code null}; it must
 *     exist on every TaskManager
 * @param device where a trained model runs: {@code auto}, {@code cpu} or {@code gpu:N}
 * @param engine what serves a trained model: {@code djl} (DJL's TensorFlow engine) or {@code
 *     tf-java} (a plain TF Java session on the same SavedModel: identical outputs, about half the
 *     per-call overhead)
 * @param adaptation how a trained lane adapts: {@code none} (static), {@code liquid} or {@code
 *     incremental} (the operator builds an adaptive lane around the model); the {@code hybrid}
 *     model blends the liquid and incremental lanes
 */
public record ForecasterSpec(
    String strategy,
    String model,
    int seasonSteps,
    String modelDirectory,
    String device,
    String engine,
    String adaptation)
    implements Serializable {

  /** Model families ({@code ModelRegistry.forecaster} builds them). */
  public static final String PERSISTENCE = "persistence";

  public static final String SEASONAL_NAIVE = "seasonal-naive";

  public static final String TRAINED = "trained";

  /** Blends the lanes named {@code liquid} and {@code incremental}; no model of its own. */
  public static final String HYBRID = "hybrid";

  /** Adaptation modes of a trained lane. */
  public static final String STATIC = "none";

  public static final String LIQUID = "liquid";
  public static final String INCREMENTAL = "incremental";

  public ForecasterSpec {
    if (strategy == null || strategy.isBlank()) {
      throw new IllegalArgumentException("strategy name must not be blank");
    }
    model = model.toLowerCase(Locale.ROOT);
    if (!model.equals(PERSISTENCE)
        && !model.equals(SEASONAL_NAIVE)
        && !model.equals(TRAINED)
        && !model.equals(HYBRID)) {
      throw new IllegalArgumentException(
          "unknown model '"
              + model
              + "' (known: "
              + PERSISTENCE
              + ", "
              + SEASONAL_NAIVE
              + ", "
              + TRAINED
              + " with a model directory, "
              + HYBRID
              + ")");
    }
    if (model.equals(TRAINED) && (modelDirectory == null || modelDirectory.isBlank())) {
      throw new IllegalArgumentException("a trained lane needs its model directory");
    }
    adaptation = adaptation == null ? STATIC : adaptation;
    if (!adaptation.equals(STATIC)
        && !adaptation.equals(LIQUID)
        && !adaptation.equals(INCREMENTAL)) {
      throw new IllegalArgumentException(
          "unknown adaptation '" + adaptation + "' (none, liquid, incremental)");
    }
    if (!adaptation.equals(STATIC) && !model.equals(TRAINED)) {
      throw new IllegalArgumentException("only a trained lane can adapt: " + strategy);
    }
    DeviceSelection.parse(device); // a bad device or engine fails here, when the job is built
    ServingEngine.parse(engine);
  }

  /** A baseline lane: {@code persistence} or {@code seasonal-naive}. */
  public ForecasterSpec(String strategy, String model, int seasonSteps) {
    this(strategy, model, seasonSteps, null, "cpu", "djl", STATIC);
  }

  /** A static lane (no adaptation). */
  public ForecasterSpec(
      String strategy,
      String model,
      int seasonSteps,
      String modelDirectory,
      String device,
      String engine) {
    this(strategy, model, seasonSteps, modelDirectory, device, engine, STATIC);
  }

  /** A lane named after its baseline model: {@code persistence} or {@code seasonal-naive}. */
  public static ForecasterSpec baseline(String model, int seasonSteps) {
    return new ForecasterSpec(model, model, seasonSteps);
  }

  /** A lane serving a model directory written by {@code ./netdrift train} (CfC, LTC, GRU, MLP). */
  public static ForecasterSpec trained(
      String strategy, String modelDirectory, String device, String engine) {
    return new ForecasterSpec(strategy, TRAINED, 2, modelDirectory, device, engine);
  }

  /**
   * An adaptive lane ({@code liquid} or {@code incremental}) built around a model directory written
   * by {@code ./netdrift train}.
   */
  public static ForecasterSpec adaptive(
      String strategy, String adaptation, String modelDirectory, String device, String engine) {
    return new ForecasterSpec(strategy, TRAINED, 2, modelDirectory, device, engine, adaptation);
  }

  /** The hybrid lane: a per-link error-weighted blend of the liquid and incremental lanes. */
  public static ForecasterSpec hybrid() {
    return new ForecasterSpec(HYBRID, HYBRID, 2, null, "cpu", "djl", STATIC);
  }

  public boolean isAdaptive() {
    return !adaptation.equals(STATIC);
  }

  public boolean isHybrid() {
    return model.equals(HYBRID);
  }
}
