/**
 * The micro-batched, keyed forecast operator: event-time order per link, one model call per lane
 * per batch, failure-aware drift detection, adaptation events and late/duplicate dead letters. The
 * operator keeps the Flink lifecycle and state and composes the core's pieces; StrategyLanes builds
 * a subtask's lanes (plain, adaptive, hybrid) and blends the hybrid; the Avro records it emits are
 * built by PredictionRecords, AdaptationEvents and DeadLetters; AdaptiveLaneState keeps the
 * adaptive lanes in operator state; ForecastMetrics registers the counters and per-lane gauges.
 */
package io.netdrift.flink.forecast;
