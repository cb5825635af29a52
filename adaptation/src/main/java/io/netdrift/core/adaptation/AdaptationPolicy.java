package io.netdrift.core.adaptation;

import java.io.Serializable;
import java.util.Locale;

/**
 * How an adaptive lane re-fits its model after a drift, validated on construction.
 *
 * <p>The two arms of the reference study (Ayoub, Andreoletti et al. 2024) differ in when and how
 * much they learn: {@link Kind#LIQUID} fine-tunes a liquid model (CfC/LTC) continuously, a few
 * small gradient steps every few samples, while its per-link recurrent state carries the short-term
 * adaptation; {@link Kind#INCREMENTAL} re-fits the model (the study's MLP) on batches of {@code
 * retrainEverySteps} post-drift samples, once a detector has confirmed the drift.
 *
 * @param kind liquid or incremental
 * @param retrainEverySteps new post-drift samples per link between two retrains
 * @param replaySteps pre-drift samples per link kept with the post-drift ones (against forgetting,
 *     and as burn-in for the recurrent state)
 * @param holdoutSteps newest samples per link held back from training: the champion/challenger
 *     comparison runs on them
 * @param maxSeriesSteps most samples per link kept for training (oldest dropped first)
 * @param learningRate optimizer step size of a retrain
 * @param epochs passes per retrain
 * @param stepsPerEpoch gradient steps per pass at most
 * @param minImprovement a candidate must beat the serving version's held-back RMSE by this fraction
 * @param rollbackWindowSteps samples per link a promoted version is watched against its predecessor
 *     (running in shadow) before it is kept for good
 * @param trainingDutyCycle share of one core the background trainer may use (it sleeps between
 *     retrains so the task thread keeps its throughput)
 * @param blockingRetrains the task waits for every retrain it starts, so a candidate lands before
 *     the next micro-batch whatever the machine's speed (replaying history as fast as it goes, as
 *     {@code ./netdrift evaluate} does; in real time a retrain of seconds lands within a step of
 *     minutes anyway). The trainer then never rests.
 */
public record AdaptationPolicy(
    Kind kind,
    int retrainEverySteps,
    int replaySteps,
    int holdoutSteps,
    int maxSeriesSteps,
    float learningRate,
    int epochs,
    int stepsPerEpoch,
    double minImprovement,
    int rollbackWindowSteps,
    double trainingDutyCycle,
    boolean blockingRetrains)
    implements Serializable {

  /** The two adaptive arms. */
  public enum Kind {
    LIQUID,
    INCREMENTAL;

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public AdaptationPolicy {
    if (kind == null) {
      throw new IllegalArgumentException("kind is required");
    }
    require(retrainEverySteps >= 1, "retrainEverySteps must be >= 1, was " + retrainEverySteps);
    require(replaySteps >= 0, "replaySteps must be >= 0, was " + replaySteps);
    require(holdoutSteps >= 1, "holdoutSteps must be >= 1, was " + holdoutSteps);
    require(
        maxSeriesSteps > replaySteps + holdoutSteps,
        "maxSeriesSteps must exceed replaySteps + holdoutSteps");
    require(
        learningRate > 0 && learningRate < 1,
        "learningRate must be in (0, 1), was " + learningRate);
    require(epochs >= 1 && stepsPerEpoch >= 1, "epochs and stepsPerEpoch must be >= 1");
    require(
        minImprovement >= 0 && minImprovement < 1,
        "minImprovement must be in [0, 1), was " + minImprovement);
    require(rollbackWindowSteps >= 1, "rollbackWindowSteps must be >= 1");
    require(
        trainingDutyCycle > 0 && trainingDutyCycle <= 1,
        "trainingDutyCycle must be in (0, 1], was " + trainingDutyCycle);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  /** The same policy with another duty cycle of its background trainer. */
  public AdaptationPolicy withTrainingDutyCycle(double duty) {
    return new AdaptationPolicy(
        kind,
        retrainEverySteps,
        replaySteps,
        holdoutSteps,
        maxSeriesSteps,
        learningRate,
        epochs,
        stepsPerEpoch,
        minImprovement,
        rollbackWindowSteps,
        duty,
        blockingRetrains);
  }

  /** The same policy, with the task waiting for every retrain ({@code blocking}) or not. */
  public AdaptationPolicy withBlockingRetrains(boolean blocking) {
    return new AdaptationPolicy(
        kind,
        retrainEverySteps,
        replaySteps,
        holdoutSteps,
        maxSeriesSteps,
        learningRate,
        epochs,
        stepsPerEpoch,
        minImprovement,
        rollbackWindowSteps,
        trainingDutyCycle,
        blocking);
  }

  /**
   * The liquid arm: a small fine-tune (Adam, lr 2e-4, 3 passes of at most 16 steps) every {@code
   * everySteps} samples. Fine-tuning rates are a tenth or less of the base training's 0.005: a
   * fresh Adam moves every weight by about the learning rate per step whatever its gradient, and at
   * 0.003 the first pass already tripled the validation error of a trained CfC (measured in the
   * demo: 101 → 239 Mbps), so every retrain kept its starting weights.
   */
  public static AdaptationPolicy liquid(int everySteps, int replaySteps, int rollbackWindowSteps) {
    return new AdaptationPolicy(
        Kind.LIQUID,
        everySteps,
        replaySteps,
        Math.max(4, everySteps),
        replaySteps + 672,
        0.0002f,
        3,
        16,
        0.0,
        rollbackWindowSteps,
        0.5,
        false);
  }

  /**
   * The incremental arm: a re-fit (Adam, lr 5e-4, up to 6 passes of 32 steps) on every batch of
   * {@code batchSteps} post-drift samples.
   */
  public static AdaptationPolicy incremental(
      int batchSteps, int replaySteps, int rollbackWindowSteps) {
    return new AdaptationPolicy(
        Kind.INCREMENTAL,
        batchSteps,
        replaySteps,
        Math.max(4, batchSteps / 4),
        replaySteps + 672,
        0.0005f,
        6,
        32,
        0.0,
        rollbackWindowSteps,
        0.5,
        false);
  }
}
