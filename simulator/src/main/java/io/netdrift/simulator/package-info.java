/**
 * The network simulator (no Flink): {@link io.netdrift.simulator.NetworkSimulator} drives a
 * topology ({@link io.netdrift.core.network.BuiltInTopologies} or a CSV file) with generated
 * gravity/sine traffic ({@link io.netdrift.simulator.GravitySineTrafficModel}) or replayed
 * measurements ({@link io.netdrift.simulator.ReplayTrafficModel}), failures from a {@link
 * io.netdrift.simulator.FailureSchedule} (file, seed, or {@link
 * io.netdrift.simulator.FailureScenario}), and shortest-path re-routing from {@code
 * io.netdrift.core.network}. Steps go to Kafka ({@link io.netdrift.simulator.KafkaStepPublisher})
 * or to CSV files ({@link io.netdrift.simulator.CsvStepWriter}).
 */
package io.netdrift.simulator;
