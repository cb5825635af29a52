package io.netdrift.core.model;

import java.util.LinkedHashMap;
import java.util.Map;

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

  /**
   * {@code {rmse, mape, count}} for a JSON writer; an undefined figure (no samples) is {@code
   * null}.
   */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("rmse", finiteOrNull(rmse));
    m.put("mape", finiteOrNull(mape));
    m.put("count", count);
    return m;
  }

  /** {@code v}, or {@code null} when it is NaN or infinite (JSON has no such numbers). */
  public static Double finiteOrNull(double v) {
    return Double.isFinite(v) ? v : null;
  }
}
