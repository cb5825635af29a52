/**
 * Throughput of the forecast operator while its adaptive lanes retrain in the background, against
 * the same run's throughput without a retrain in flight: see {@link
 * io.netdrift.benchmarks.adaptation.RetrainThroughputBenchmark}.
 */
package io.netdrift.benchmarks.adaptation;
