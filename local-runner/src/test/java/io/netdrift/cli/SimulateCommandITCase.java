package io.netdrift.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code netdrift simulate --bootstrap-servers} against a real in-process KRaft broker. */
class SimulateCommandITCase {

  @Test
  void publishesEveryTelemetryRecordOfTheRun() throws Exception {
    try (KafkaClusterTestKit cluster =
        new KafkaClusterTestKit.Builder(
                new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build())
            .setConfigProp("auto.create.topics.enable", "true")
            .setConfigProp("offsets.topic.replication.factor", "1")
            .build()) {
      cluster.format();
      cluster.startup();
      cluster.waitForReadyBrokers();

      StringWriter err = new StringWriter();
      CommandLine command = new CommandLine(new SimulateCommand());
      command.setOut(new PrintWriter(new StringWriter()));
      command.setErr(new PrintWriter(err));
      int exit =
          command.execute(
              "--topology", "abilene",
              "--steps", "3",
              "--scenario", "drastic",
              "--fail-at-step", "1",
              "--bootstrap-servers", cluster.bootstrapServers(),
              "--telemetry-topic", "telemetry-it",
              "--steps-per-second", "100");
      assertThat(exit).as(err.toString()).isZero();

      Properties properties = new Properties();
      properties.putAll(
          Map.of(
              ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
              ConsumerConfig.GROUP_ID_CONFIG, "simulate-it",
              ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
      int records = 0;
      try (KafkaConsumer<String, byte[]> consumer =
          new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer())) {
        consumer.subscribe(List.of("telemetry-it"));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (records < 3 * 28 && System.nanoTime() < deadline) {
          records += consumer.poll(Duration.ofMillis(200)).count();
        }
      }
      assertThat(records).isEqualTo(3 * 28); // Abilene: 14 links, 28 directions

      // an existing topic that keeps records for a week would delete these (stamped 2026-01-05)
      try (Admin admin =
          Admin.create(Map.<String, Object>of("bootstrap.servers", cluster.bootstrapServers()))) {
        admin
            .createTopics(
                List.of(
                    new NewTopic("week-telemetry", 1, (short) 1)
                        .configs(Map.of("retention.ms", String.valueOf(7 * 86_400_000L)))))
            .all()
            .get();
      }
      StringWriter refused = new StringWriter();
      command.setErr(new PrintWriter(refused));
      int refusedExit =
          command.execute(
              "--topology", "abilene",
              "--steps", "3",
              "--bootstrap-servers", cluster.bootstrapServers(),
              "--telemetry-topic", "week-telemetry");
      assertThat(refusedExit).isEqualTo(SimulateCommand.BAD_INPUT);
      assertThat(refused.toString())
          .contains("topic week-telemetry deletes records older than 7 days", "retention.ms=-1");
    }
  }
}
