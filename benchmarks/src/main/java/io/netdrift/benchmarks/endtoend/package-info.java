/**
 * End-to-end runs of the whole netdrift job on an embedded KRaft broker and a Flink MiniCluster in
 * one JVM: throughput against a fair baseline and a Kafka to Kafka passthrough ({@link
 * io.netdrift.benchmarks.endtoend.EndToEndBenchmark}: the input, one run, its stall watch, its
 * exactly-once check and the report are separate types), latency per delivery guarantee ({@link
 * io.netdrift.benchmarks.endtoend.LatencyBenchmark}) and the output-stall reproducer ({@link
 * io.netdrift.benchmarks.endtoend.OutputStallHarness}).
 */
package io.netdrift.benchmarks.endtoend;
