/**
 * Forecasting API and what the stream operator runs per link, plain Java: BatchForecaster serves a
 * whole micro-batch in one call; persistence and seasonal-naive baselines; ForecasterSpec describes
 * a strategy lane (the serving layer builds it); LinkForecastState is a link's history and pending
 * forecasts; ArrivalOrder keeps each link's samples in event-time order; MicroBatchBuffer holds the
 * records waiting for one model call and serves them in waves; LaneScoring scores each lane's
 * forecasts against the truth (rolling errors, drift signal, recovery).
 */
package io.netdrift.core.forecast;
