package io.netdrift.report;

import io.netdrift.core.metrics.PhaseErrors;

/**
 * Forecast error of one lane in one phase; NaN where undefined (no predictions, no noise-free
 * reference, no non-zero actual load for the MAPE).
 *
 * @param predictions (step, link) pairs scored
 * @param rmseMbps root mean squared error against the measured load
 * @param mapePercent mean absolute percentage error against the measured load, over the pairs with
 *     a non-zero measured load
 * @param rmseVsExpectedMbps root mean squared error against the noise-free routed load
 */
public record PhaseSummary(
    long predictions, double rmseMbps, double mapePercent, double rmseVsExpectedMbps) {

  static PhaseSummary of(PhaseErrors.PhaseError error) {
    return new PhaseSummary(
        error.predictions(), error.rmseMbps(), error.mapePercent(), error.rmseVsNoiseFreeMbps());
  }
}
