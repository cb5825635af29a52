package io.netdrift.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdrift.schema.LinkTelemetry;
import io.netdrift.schema.NetworkEvent;
import io.netdrift.schema.codec.AvroCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Publishes a simulated run to a real in-process KRaft broker and reads it back. */
class KafkaStepPublisherITCase {

  private static KafkaClusterTestKit cluster;

  @BeforeAll
  static void startBroker() throws Exception {
    cluster =
        new KafkaClusterTestKit.Builder(
                new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build())
            .setConfigProp("auto.create.topics.enable", "false")
            .setConfigProp("offsets.topic.replication.factor", "1")
            .setConfigProp("num.partitions", "2")
            .build();
    cluster.format();
    cluster.startup();
    cluster.waitForReadyBrokers();
  }

  @AfterAll
  static void stopBroker() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aPacedDrasticRunArrivesCompleteAndDecodable() {
    String suffix = "-" + System.nanoTime();
    KafkaPublisherConfig config =
        KafkaPublisherConfig.defaults(cluster.bootstrapServers())
            .withTopics("telemetry" + suffix, "traffic" + suffix, "events" + suffix)
            .withStepsPerSecond(50);
    assertThat(KafkaStepPublisher.createTopicsIfMissing(config, 3, (short) 1))
        .containsExactly(config.telemetryTopic(), config.trafficTopic(), config.eventsTopic());
    assertThat(KafkaStepPublisher.createTopicsIfMissing(config, 3, (short) 1)).isEmpty();
    NetworkSimulator simulator =
        NetworkSimulator.builder().scenario(FailureScenario.DRASTIC, 2, -1).maxSteps(4).build();
    try (KafkaStepPublisher publisher = new KafkaStepPublisher(config)) {
      assertThat(publisher.publish(simulator, 4, done -> {})).isEqualTo(4);
    }

    List<ConsumerRecord<String, byte[]>> telemetry = readAll(config.telemetryTopic(), 4 * 82);
    assertThat(telemetry).hasSize(4 * 82);
    for (ConsumerRecord<String, byte[]> record : telemetry) {
      LinkTelemetry value = decode(AvroCodec.of(LinkTelemetry.class), record.value());
      assertThat(record.key())
          .isEqualTo(value.getLinkId() + ":" + value.getSrcNode() + ">" + value.getDstNode());
    }
    List<ConsumerRecord<String, byte[]>> events = readAll(config.eventsTopic(), 1);
    assertThat(events).hasSize(1);
    NetworkEvent event = decode(AvroCodec.of(NetworkEvent.class), events.get(0).value());
    assertThat(event.getElement()).isEqualTo(events.get(0).key());
    assertThat(readAll(config.trafficTopic(), 4 * 28 * 27)).hasSize(4 * 28 * 27);
  }

  @Test
  void topicsWhoseTimeRetentionWouldDeleteOldRecordsAreReported() throws Exception {
    String suffix = "-" + System.nanoTime();
    long now = System.currentTimeMillis();
    long weekMs = Duration.ofDays(7).toMillis();
    Map<String, Map<String, String>> topics =
        Map.of(
            "week" + suffix, Map.of("retention.ms", String.valueOf(weekMs)),
            "forever" + suffix, Map.of("retention.ms", "-1"),
            "compacted" + suffix,
                Map.of("retention.ms", String.valueOf(weekMs), "cleanup.policy", "compact"));
    Properties properties = new Properties();
    properties.put("bootstrap.servers", cluster.bootstrapServers());
    try (Admin admin = Admin.create(properties)) {
      admin
          .createTopics(
              topics.entrySet().stream()
                  .map(e -> new NewTopic(e.getKey(), 1, (short) 1).configs(e.getValue()))
                  .toList())
          .all()
          .get();
      List<String> all = new ArrayList<>(topics.keySet());
      all.add("missing" + suffix);
      long monthAgo = now - Duration.ofDays(30).toMillis();
      List<TopicRetention.Problem> problems = TopicRetention.problems(admin, all, monthAgo, now);
      assertThat(problems)
          .extracting(TopicRetention.Problem::topic)
          .containsExactly("week" + suffix);
      assertThat(problems.get(0).message(now))
          .contains("retention.ms=" + weekMs, "7 days", "30 days ago", "retention.ms=-1");
      assertThat(TopicRetention.problems(admin, all, now - Duration.ofDays(1).toMillis(), now))
          .isEmpty();
    }
    KafkaPublisherConfig config =
        KafkaPublisherConfig.defaults(cluster.bootstrapServers())
            .withTopics("t" + suffix, "tr" + suffix, "e" + suffix);
    KafkaStepPublisher.createTopicsIfMissing(config, 1, (short) 1);
    try (Admin admin = Admin.create(properties)) {
      assertThat(
              TopicRetention.problems(
                  admin, List.of("t" + suffix, "tr" + suffix, "e" + suffix), 0L, now))
          .as("topics the publisher creates keep simulated records")
          .isEmpty();
    }
  }

  private static <T extends org.apache.avro.specific.SpecificRecordBase> T decode(
      AvroCodec<T> codec, byte[] bytes) {
    try {
      return codec.decode(bytes);
    } catch (AvroCodec.DecodeException e) {
      throw new AssertionError(e);
    }
  }

  private static List<ConsumerRecord<String, byte[]>> readAll(String topic, int expected) {
    Properties properties = new Properties();
    properties.putAll(
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            cluster.bootstrapServers(),
            ConsumerConfig.GROUP_ID_CONFIG,
            "reader-" + topic,
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest",
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            "read_committed"));
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (records.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }
}
