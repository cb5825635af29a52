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
 * @param seed seeds initial weights, shuffling and augmentation: same seed and data give the same
 *     weights on CPU within a JVM, to about six digits across processes ({@link ModelTrainer} runs
 *     TensorFlow single-threaded for that)
 * @param testFraction share of the time span held out last for the test part, which only reports
 *     (0: no test part, e.g. a retrain on a short series; the result then reports validation)
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
    long seed,
    double testFraction) {

  /** Without a test part ({@code testFraction} 0), as before the test split existed. */
  public TrainingConfig(
      String optimizer,
      float learningRate,
      int batchSize,
      int maxEpochs,
      int maxStepsPerEpoch,
      int patience,
      double validationFraction,
      float scaleAugmentation,
      long seed) {
    this(
        optimizer,
        learningRate,
        batchSize,
        maxEpochs,
        maxStepsPerEpoch,
        patience,
        validationFraction,
        scaleAugmentation,
        seed,
        0);
  }

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
    if (!(testFraction >= 0 && testFraction < 0.9)) {
      throw new IllegalArgumentException("testFraction must be in [0, 0.9), was " + testFraction);
    }
    if (!(validationFraction + testFraction <= 0.9)) {
      throw new IllegalArgumentException(
          "validationFraction + testFraction must be <= 0.9 (some data must train)");
    }
    if (!(scaleAugmentation >= 1)) {
      throw new IllegalArgumentException("scaleAugmentation must be >= 1");
    }
  }

  /**
   * Adam, lr 0.005, batch 64, 30 epochs of at most 200 steps, patience 4, 20% validation then 20%
   * test (by time), seed 42.
   */
  public static TrainingConfig defaults() {
    return new TrainingConfig("adam", 0.005f, 64, 30, 200, 4, 0.2, 1.5f, 42L, 0.2);
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
        seed,
        testFraction);
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
        seed,
        testFraction);
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
        seed,
        testFraction);
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
        seed,
        testFraction);
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
        seed,
        testFraction);
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
        s,
        testFraction);
  }

  public TrainingConfig withTestFraction(double f) {
    return new TrainingConfig(
        optimizer,
        learningRate,
        batchSize,
        maxEpochs,
        maxStepsPerEpoch,
        patience,
        validationFraction,
        scaleAugmentation,
        seed,
        f);
  }
}
