package io.netdrift.benchmarks.harness;

import java.util.List;

/**
 * The Kafka names of one benchmark run: its three input topics ({@code PREFIX-telemetry-INPUTS}
 * ...), shared by the runs that read the same pre-loaded input, and its own three output topics,
 * consumer group and transactional ids ({@code PREFIX-predictions-OUTPUTS}, {@code
 * PREFIX-OUTPUTS}), fresh for every run.
 */
public record RunTopics(String prefix, String inputs, String outputs) {

  public String telemetry() {
    return prefix + "telemetry-" + inputs;
  }

  public String traffic() {
    return prefix + "traffic-" + inputs;
  }

  public String networkEvents() {
    return prefix + "events-" + inputs;
  }

  public String predictions() {
    return prefix + "predictions-" + outputs;
  }

  public String adaptationEvents() {
    return prefix + "adaptation-" + outputs;
  }

  public String deadLetters() {
    return prefix + "dead-letters-" + outputs;
  }

  /** The run's consumer group, also its transactional id prefix. */
  public String consumerGroup() {
    return prefix + outputs;
  }

  /** The same inputs, other outputs: the next run on the same pre-loaded topics. */
  public RunTopics withOutputs(String runOutputs) {
    return new RunTopics(prefix, inputs, runOutputs);
  }

  /** The job flags naming the broker, these topics, the consumer group and transactional ids. */
  public List<String> jobArgs(String bootstrapServers) {
    return List.of(
        "--bootstrap-servers",
        bootstrapServers,
        "--telemetry-topic",
        telemetry(),
        "--traffic-topic",
        traffic(),
        "--network-events-topic",
        networkEvents(),
        "--predictions-topic",
        predictions(),
        "--adaptation-events-topic",
        adaptationEvents(),
        "--dead-letters-topic",
        deadLetters(),
        "--consumer-group-id",
        consumerGroup(),
        "--transactional-id-prefix",
        consumerGroup());
  }
}
