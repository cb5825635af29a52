/**
 * The micro-batched, keyed forecast operator: event-time order per link, one model call per lane
 * per batch, failure-aware drift detection, adaptation events and late/duplicate dead letters.
 */
package io.netdrift.flink.forecast;
