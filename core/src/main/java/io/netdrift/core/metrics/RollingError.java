package io.netdrift.core.metrics;

/**
 * Rolling forecast error, scored prediction by prediction as the truth arrives (continual
 * evaluation, De Lange et al. 2023): exponentially weighted mean squared error (reported as RMSE)
 * and mean absolute percentage error with an effective window of {@code n} predictions ({@code
 * alpha = 2 / (n + 1)}). Until {@code n} predictions were scored the means are plain averages, so
 * early values are not biased towards zero.
 *
 * <p>Mutable and tiny: the stream operator keeps one per link and strategy in keyed state (as its
 * three numbers) and one per strategy for the subtask's gauges.
 */
public final class RollingError {
  private final int window;
  private double meanSquaredError;
  private double meanAbsolutePercentError;
  private long count;
  private long percentCount;

  public RollingError(int window) {
    if (window < 1) {
      throw new IllegalArgumentException("window must be >= 1, was " + window);
    }
    this.window = window;
  }

  /**
   * Restores from {@link #meanSquaredError()}, {@link #mape()}, {@link #count()}, {@link
   * #percentCount()}.
   */
  public static RollingError restore(
      int window, double mse, double mape, long count, long percentCount) {
    RollingError e = new RollingError(window);
    e.meanSquaredError = mse;
    e.meanAbsolutePercentError = mape;
    e.count = count;
    e.percentCount = percentCount;
    return e;
  }

  /**
   * Scores one prediction. MAPE skips truths below {@code 1e-9} (undefined there); RMSE always
   * counts.
   */
  public RollingError update(double predicted, double actual) {
    double error = predicted - actual;
    count++;
    meanSquaredError += weight(count) * (error * error - meanSquaredError);
    if (Math.abs(actual) > 1e-9) {
      // MAPE has its own count: a skipped zero truth must not dilute the plain average
      percentCount++;
      double ape = Math.abs(error / actual);
      meanAbsolutePercentError += weight(percentCount) * (ape - meanAbsolutePercentError);
    }
    return this;
  }

  private double weight(long n) {
    return n < window ? 1.0 / n : 2.0 / (window + 1.0);
  }

  public double rmse() {
    return Math.sqrt(meanSquaredError);
  }

  /** Mean absolute percentage error as a fraction (0.05 = 5 %). */
  public double mape() {
    return meanAbsolutePercentError;
  }

  public double meanSquaredError() {
    return meanSquaredError;
  }

  public long count() {
    return count;
  }

  /** Predictions that counted towards MAPE (truth not zero). */
  public long percentCount() {
    return percentCount;
  }
}
