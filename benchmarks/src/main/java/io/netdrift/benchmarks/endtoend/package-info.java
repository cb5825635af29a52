/**
 * End-to-end throughput of the whole netdrift job against a plain Kafka to Kafka passthrough job,
 * both on the same embedded KRaft broker and Flink MiniCluster, in one JVM run: see {@link
 * io.netdrift.benchmarks.endtoend.EndToEndBenchmark}.
 */
package io.netdrift.benchmarks.endtoend;
