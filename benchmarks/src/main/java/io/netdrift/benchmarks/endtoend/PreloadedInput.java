package io.netdrift.benchmarks.endtoend;

import io.netdrift.benchmarks.harness.BenchmarkConsole;
import io.netdrift.benchmarks.harness.FailureAndRepair;
import io.netdrift.benchmarks.harness.RunTopics;
import io.netdrift.benchmarks.harness.SimulatorPreload;
import io.netdrift.core.network.BuiltInTopologies;
import io.netdrift.local.EmbeddedKafka;
import io.netdrift.simulator.FailureScenario;
import io.netdrift.simulator.NetworkSimulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * An embedded broker whose three input topics hold {@code steps} steps of the Euro28 simulator (82
 * telemetry records and 756 OD traffic samples a step, a drastic failure at a third, its repair at
 * two thirds), and what they hold: the end offset of every input partition.
 */
final class PreloadedInput implements AutoCloseable {
  static final long STEP_MS = FailureAndRepair.STEP.toMillis();

  private final EmbeddedKafka kafka;
  private final RunTopics topics;
  private final int steps;
  private final Map<TopicPartition, Long> ends;

  private PreloadedInput(
      EmbeddedKafka kafka, RunTopics topics, int steps, Map<TopicPartition, Long> ends) {
    this.kafka = kafka;
    this.topics = topics;
    this.steps = steps;
    this.ends = ends;
  }

  /**
   * Starts a broker and pre-loads it (untimed). Input topics get {@code max(2, parallelism)}
   * partitions (one for the network events) and the names of {@code topics}.
   */
  static PreloadedInput start(
      RunTopics topics, int steps, long seed, int parallelism, BenchmarkConsole console)
      throws Exception {
    console.log("starting embedded Kafka (KRaft, single node) ...");
    EmbeddedKafka kafka = EmbeddedKafka.start();
    try {
      int partitions = Math.max(2, parallelism);
      kafka.createTopics(
          Map.of(
              topics.telemetry(),
              partitions,
              topics.traffic(),
              partitions,
              topics.networkEvents(),
              1));
      NetworkSimulator simulator =
          FailureAndRepair.simulator(
              BuiltInTopologies.euro28(), seed, steps, FailureScenario.DRASTIC);
      SimulatorPreload.publish(simulator, steps, kafka.bootstrapServers(), topics, console);
      PreloadedInput input =
          new PreloadedInput(kafka, topics, steps, endOffsets(kafka.bootstrapServers(), topics));
      console.log(
          "input: telemetry %d, traffic %d, network events %d records",
          input.records(topics.telemetry()),
          input.records(topics.traffic()),
          input.records(topics.networkEvents()));
      long expected = (long) steps * BuiltInTopologies.euro28().directedLinkCount();
      if (input.telemetryRecords() != expected) {
        throw new IllegalStateException(
            "expected "
                + expected
                + " telemetry records, the topic holds "
                + input.telemetryRecords());
      }
      return input;
    } catch (Exception e) {
      kafka.close();
      throw e;
    }
  }

  String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  RunTopics topics() {
    return topics;
  }

  int steps() {
    return steps;
  }

  /** End offset of every input partition. */
  Map<TopicPartition, Long> ends() {
    return ends;
  }

  long telemetryRecords() {
    return records(topics.telemetry());
  }

  /** Records on all three input topics. */
  long inputRecords() {
    return ends.values().stream().mapToLong(Long::longValue).sum();
  }

  long records(String topic) {
    return ends.entrySet().stream()
        .filter(e -> e.getKey().topic().equals(topic))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  private static Map<TopicPartition, Long> endOffsets(String bootstrap, RunTopics topics) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : List.of(topics.telemetry(), topics.traffic(), topics.networkEvents())) {
        for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
          partitions.add(new TopicPartition(topic, info.partition()));
        }
      }
      return new HashMap<>(consumer.endOffsets(partitions, Duration.ofSeconds(30)));
    }
  }

  @Override
  public void close() throws Exception {
    kafka.close();
  }
}
