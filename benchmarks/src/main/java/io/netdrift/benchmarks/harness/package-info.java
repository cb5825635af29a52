/**
 * What the benchmarks share: their command line launcher (picocli) and option converters, a console
 * with time-stamped progress, one-TaskManager MiniClusters and the life cycle of a job on them, the
 * job flags of one run, the simulator's pre-load into Kafka and the {@code read_committed} consumer
 * that counts outputs.
 */
package io.netdrift.benchmarks.harness;
