/**
 * How netdrift's cost and state grow with the network: the scale benchmark (cost per link-step on
 * synthetic topologies of 1x, 10x and 100x the link directions, checkpoint durations) and the
 * state-size benchmark (savepoint bytes per link direction and lane configuration, and the latest
 * checkpoint's footprint with the heap and the RocksDB state backend as links grow).
 */
package io.netdrift.benchmarks.scale;
