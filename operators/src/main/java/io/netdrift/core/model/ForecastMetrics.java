package io.netdrift.core.model;

/**
 * Error of a forecaster on held-out steps, in Mbps: RMSE over all (row, horizon) pairs and MAPE in
 * percent over the pairs whose actual load is above {@code minActualMbps} (MAPE is undefined at
 * zero load).
 */
public record ForecastMetrics(double rmse, double mape, long count) {

  /** Accumulates squared and absolute percentage errors. */
  public static final class Accumulator {
    private final double minActualMbps;
    private double sumSquared;
    private long n;
    private double sumApe;
    private long nApe;

    public Accumulator(double minActualMbps) {
      this.minActualMbps = minActualMbps;
    }

    public void add(double predicted, double actual) {
      double e = predicted - actual;
      sumSquared += e * e;
      n++;
      if (Math.abs(actual) > minActualMbps) {
        sumApe += Math.abs(e / actual);
        nApe++;
      }
    }

    public ForecastMetrics result() {
      return new ForecastMetrics(
          n == 0 ? Double.NaN : Math.sqrt(sumSquared / n),
          nApe == 0 ? Double.NaN : 100.0 * sumApe / nApe,
          n);
    }
  }

  /** {@code {"rmse": …, "mape": …}} with plain decimals. */
  public String toJson() {
    return "{\"rmse\": " + num(rmse) + ", \"mape\": " + num(mape) + ", \"count\": " + count + "}";
  }

  private static String num(double v) {
    return Double.isFinite(v) ? Double.toString(v) : "null";
  }
}
