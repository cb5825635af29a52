package io.netdrift.core.model;

import java.util.Properties;

/**
 * Architecture of a forecaster, immutable and validated. Stored in the model directory's {@code
 * model.properties} and rebuilt from it when serving.
 *
 * @param kind model family
 * @param window MLP: history samples per row; recurrent models: trailing training steps that are
 *     scored (serving feeds them one new sample per call, the state carries the history)
 * @param horizon steps predicted ahead
 * @param hiddenUnits recurrent state size (CfC/LTC/GRU) or hidden width (MLP)
 * @param backboneUnits CfC backbone width
 * @param odeUnfolds LTC solver sub-steps per sample
 * @param burnInSteps extra history steps unrolled before the window during training, so the state
 *     at the start of a window has seen history, as the carried state has when serving
 * @param stepSeconds nominal sampling interval; time inputs are gaps divided by it
 */
public record ModelConfig(
    ModelKind kind,
    int window,
    int horizon,
    int hiddenUnits,
    int backboneUnits,
    int odeUnfolds,
    int burnInSteps,
    float stepSeconds) {

  /** Input features per step: load/scale, gap/step, sin and cos of the time of day. */
  public static final int FEATURES = 4;

  public ModelConfig {
    if (kind == null) {
      throw new IllegalArgumentException("kind is required");
    }
    check(window >= 1 && window <= 512, "window must be in 1..512, was " + window);
    check(horizon >= 1 && horizon <= 64, "horizon must be in 1..64, was " + horizon);
    check(hiddenUnits >= 1 && hiddenUnits <= 1024, "hiddenUnits must be in 1..1024");
    check(backboneUnits >= 1 && backboneUnits <= 1024, "backboneUnits must be in 1..1024");
    check(odeUnfolds >= 1 && odeUnfolds <= 32, "odeUnfolds must be in 1..32, was " + odeUnfolds);
    check(burnInSteps >= 0 && burnInSteps <= 512, "burnInSteps must be in 0..512");
    check(stepSeconds > 0 && Float.isFinite(stepSeconds), "stepSeconds must be > 0");
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  /** Defaults: window 16, horizon 1, 32 hidden units, backbone 32, 6 ODE unfolds, burn-in 16. */
  public static ModelConfig defaults(ModelKind kind, float stepSeconds) {
    return new ModelConfig(kind, 16, 1, 32, 32, 6, 16, stepSeconds);
  }

  public ModelConfig withWindow(int w) {
    return new ModelConfig(
        kind, w, horizon, hiddenUnits, backboneUnits, odeUnfolds, burnInSteps, stepSeconds);
  }

  public ModelConfig withHorizon(int h) {
    return new ModelConfig(
        kind, window, h, hiddenUnits, backboneUnits, odeUnfolds, burnInSteps, stepSeconds);
  }

  public ModelConfig withHiddenUnits(int units) {
    return new ModelConfig(
        kind, window, horizon, units, units, odeUnfolds, burnInSteps, stepSeconds);
  }

  public ModelConfig withBurnInSteps(int steps) {
    return new ModelConfig(
        kind, window, horizon, hiddenUnits, backboneUnits, odeUnfolds, steps, stepSeconds);
  }

  /**
   * Samples per row a serving call takes: the window for the MLP, 1 for recurrent models, which run
   * in streaming form (the carried state holds the history).
   */
  public int servingWindow() {
    return kind.recurrent() ? 1 : window;
  }

  /** Training steps unrolled per window: burn-in + window for recurrent models. */
  public int trainingSteps() {
    return kind.recurrent() ? burnInSteps + window : window;
  }

  /** Trailing steps of a training window that carry a loss. */
  public int scoredSteps() {
    return kind.recurrent() ? window : 1;
  }

  /**
   * Samples a link must have been served before a recurrent model's forecast counts: training
   * scores forecasts only after {@code burnInSteps} steps unrolled from a zero state, so a state
   * that has seen fewer is untrained territory (measured on the demo's data: the first 31 forecasts
   * of every link from a zero state doubled the CfC's RMSE over 200 steps). Until then the operator
   * serves the model's residual base, the newest load (persistence). 0 for the MLP.
   */
  public int warmUpSamples() {
    return kind.recurrent() ? burnInSteps + 1 : 0;
  }

  /** Length of the per-link state carried between calls (0 for the MLP). */
  public int stateSize() {
    return kind.recurrent() ? hiddenUnits : 0;
  }

  public void writeTo(Properties p) {
    p.setProperty("model.kind", kind.id());
    p.setProperty("model.window", Integer.toString(window));
    p.setProperty("model.horizon", Integer.toString(horizon));
    p.setProperty("model.hiddenUnits", Integer.toString(hiddenUnits));
    p.setProperty("model.backboneUnits", Integer.toString(backboneUnits));
    p.setProperty("model.odeUnfolds", Integer.toString(odeUnfolds));
    p.setProperty("model.burnInSteps", Integer.toString(burnInSteps));
    p.setProperty("model.stepSeconds", Float.toString(stepSeconds));
    p.setProperty("model.features", Integer.toString(FEATURES));
  }

  /**
   * @throws IllegalArgumentException naming the missing or bad key
   */
  public static ModelConfig readFrom(Properties p) {
    return new ModelConfig(
        ModelKind.parse(required(p, "model.kind")),
        Integer.parseInt(required(p, "model.window")),
        Integer.parseInt(required(p, "model.horizon")),
        Integer.parseInt(required(p, "model.hiddenUnits")),
        Integer.parseInt(required(p, "model.backboneUnits")),
        Integer.parseInt(required(p, "model.odeUnfolds")),
        Integer.parseInt(required(p, "model.burnInSteps")),
        Float.parseFloat(required(p, "model.stepSeconds")));
  }

  private static String required(Properties p, String key) {
    String v = p.getProperty(key);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("missing key '" + key + "'");
    }
    return v.trim();
  }
}
