/**
 * Forecasting API and the per-link state the stream operator keeps: BatchForecaster serves a whole
 * micro-batch in one call; persistence and seasonal-naive baselines; ForecasterSpec builds a
 * strategy lane. Plain Java.
 */
package io.netdrift.core.forecast;
