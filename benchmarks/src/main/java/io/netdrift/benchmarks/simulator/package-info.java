/**
 * JMH benchmarks of the network simulator and routing ({@link
 * io.netdrift.benchmarks.simulator.SimulatorThroughputBenchmark}); results in {@code
 * benchmarks/results/simulator-throughput.txt}.
 */
package io.netdrift.benchmarks.simulator;
