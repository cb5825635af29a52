package io.netdrift.core.adaptation;

/**
 * The {@code hybrid} lane: per link, an error-weighted blend of the {@code liquid} and {@code
 * incremental} forecasts, each weighted by the inverse of its recent mean squared error (Bates and
 * Granger, "The combination of forecasts", 1969: with independent errors, inverse-variance weights
 * minimise the combined variance).
 *
 * <p>Why a blend rather than picking the lane with the lower recent error: when one lane is much
 * better, its weight tends to 1 and the blend is that lane; when both are close — the usual case
 * away from a drift — averaging cancels part of their errors, so the blend is often better than
 * either; and a blend does not flip between lanes on noise. The recent error has a short effective
 * window (a few steps), so the liquid lane carries the blend right after a drift and the
 * incremental lane takes over as its retrains land.
 */
public final class HybridBlend {
  /** Floor on a mean squared error, Mbps², so a lane with no error yet cannot take all weight. */
  static final double MIN_MSE = 1e-6;

  private HybridBlend() {}

  /**
   * @param liquidMbps the liquid forecast
   * @param incrementalMbps the incremental forecast
   * @param liquidMse recent mean squared error of the liquid lane on this link, or NaN if unknown
   * @param incrementalMse the same for the incremental lane
   * @return the blended forecast (the plain mean while neither error is known)
   */
  public static float blend(
      float liquidMbps, float incrementalMbps, double liquidMse, double incrementalMse) {
    double wl = weight(liquidMse);
    double wi = weight(incrementalMse);
    if (Double.isNaN(wl) || Double.isNaN(wi)) {
      return 0.5f * (liquidMbps + incrementalMbps);
    }
    return (float) ((wl * liquidMbps + wi * incrementalMbps) / (wl + wi));
  }

  /** The liquid lane's weight in [0, 1] (for dashboards and tests). */
  public static double liquidWeight(double liquidMse, double incrementalMse) {
    double wl = weight(liquidMse);
    double wi = weight(incrementalMse);
    return Double.isNaN(wl) || Double.isNaN(wi) ? 0.5 : wl / (wl + wi);
  }

  private static double weight(double mse) {
    return Double.isFinite(mse) ? 1.0 / Math.max(MIN_MSE, mse) : Double.NaN;
  }
}
