/**
 * How netdrift's cost and state grow with the network: the scale benchmark (cost per link-step on
 * synthetic topologies of 1x, 10x and 100x the link directions, checkpoint durations) and the
 * state-size benchmark (savepoint bytes per link direction and lane configuration).
 */
package io.netdrift.benchmarks.scale;
