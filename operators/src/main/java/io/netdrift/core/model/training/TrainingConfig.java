package io.netdrift.core.model.training;

/**
 * How a model is trained.
 *
 * @param optimizer {@code adam} or {@code adabelief}
 * @param learningRate step size
 * @param batchSize windows per mini-batch
 * @param maxEpochs upper bound on passes over the training windows
 * @param maxStepsPerEpoch cap on mini-batches per epoch (large files)
 * @param patience epochs without validation improvement before early stopping
 * @param validationFraction tail fraction of every link's series held out for validation
 * @param scaleAugmentation training scale is {@code max load × U(1, scaleAugmentation)}
 * @param seed seeds initial weights, shuffling and augmentation
 */
public record TrainingConfig(
    String optimizer,
    float learningRate,
    int batchSize,
    int maxEpochs,
    int maxStepsPerEpoch,
    int patience,
    double validationFraction,
    float scaleAugmentation,
    long seed) {

  public TrainingConfig {
    if (!optimizer.equals("adam") && !optimizer.equals("adabelief")) {
      throw new IllegalArgumentException("optimizer must be adam or adabelief, was " + optimizer);
    }
    if (!(learningRate > 0 && learningRate < 1)) {
      throw new IllegalArgumentException("learningRate must be in (0, 1)");
    }
    if (batchSize < 1 || maxEpochs < 1 || maxStepsPerEpoch < 1 || patience < 1) {
      throw new IllegalArgumentException("batchSize, maxEpochs, maxStepsPerEpoch, patience >= 1");
    }
    if (!(validationFraction > 0 && validationFraction < 0.9)) {
      throw new IllegalArgumentException("validationFraction must be in (0, 0.9)");
    }
    if (!(scaleAugmentation >= 1)) {
      throw new IllegalArgumentException("scaleAugmentation must be >= 1");
    }
  }

  /** Adam, lr 0.005, batch 64, 30 epochs of at most 200 steps, patience 4, 20% validation. */
  public static TrainingConfig defaults() {
    return new TrainingConfig("adam", 0.005f, 64, 30, 200, 4, 0.2, 1.5f, 42L);
  }

  public TrainingConfig withOptimizer(String o) {
    return new TrainingConfig(
        o,
        learningRate,
        batchSize,
        maxEpochs,
        maxStepsPerEpoch,
        patience,
        validationFraction,
        scaleAugmentation,
        seed);
  }

  public TrainingConfig withEpochs(int epochs, int stepsPerEpoch) {
    return new TrainingConfig(
        optimizer,
        learningRate,
        batchSize,
        epochs,
        stepsPerEpoch,
        patience,
        validationFraction,
        scaleAugmentation,
        seed);
  }

  public TrainingConfig withLearningRate(float lr) {
    return new TrainingConfig(
        optimizer,
        lr,
        batchSize,
        maxEpochs,
        maxStepsPerEpoch,
        patience,
        validationFraction,
        scaleAugmentation,
        seed);
  }

  public TrainingConfig withBatchSize(int b) {
    return new TrainingConfig(
        optimizer,
        learningRate,
        b,
        maxEpochs,
        maxStepsPerEpoch,
        patience,
        validationFraction,
        scaleAugmentation,
        seed);
  }

  public TrainingConfig withValidationFraction(double f) {
    return new TrainingConfig(
        optimizer,
        learningRate,
        batchSize,
        maxEpochs,
        maxStepsPerEpoch,
        patience,
        f,
        scaleAugmentation,
        seed);
  }

  public TrainingConfig withSeed(long s) {
    return new TrainingConfig(
        optimizer,
        learningRate,
        batchSize,
        maxEpochs,
        maxStepsPerEpoch,
        patience,
        validationFraction,
        scaleAugmentation,
        s);
  }
}
