package io.netdrift.job.local;

import java.util.Collection;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A single-node Kafka 4 broker in KRaft mode (combined broker + controller), in this JVM, on a free
 * port, with its log directory under the system temp dir (deleted on close). Used by {@code
 * ./netdrift demo} and the integration tests; never part of the job jar.
 *
 * <p>Replication factors are 1 (one node) and {@code transaction.max.timeout.ms} is raised to 1
 * hour, above the sinks' transaction timeout, so EXACTLY_ONCE sinks can open their transactions.
 */
public final class EmbeddedKafka implements AutoCloseable {
  private final KafkaClusterTestKit cluster;

  private EmbeddedKafka(KafkaClusterTestKit cluster) {
    this.cluster = cluster;
  }

  /** Formats storage and starts the broker; returns once it accepts clients (1-7 s). */
  public static EmbeddedKafka start() throws Exception {
    TestKitNodes nodes =
        new TestKitNodes.Builder()
            .setCombined(true)
            .setNumBrokerNodes(1)
            .setNumControllerNodes(1)
            .build();
    KafkaClusterTestKit cluster =
        new KafkaClusterTestKit.Builder(nodes)
            .setConfigProp("offsets.topic.replication.factor", "1")
            .setConfigProp("transaction.state.log.replication.factor", "1")
            .setConfigProp("transaction.state.log.min.isr", "1")
            // one partition each instead of 50: the coordinators load in milliseconds, so the
            // sinks' first initTransactions() does not wait on a busy machine
            .setConfigProp("transaction.state.log.num.partitions", "1")
            .setConfigProp("offsets.topic.num.partitions", "1")
            .setConfigProp("transaction.max.timeout.ms", "3600000")
            .setConfigProp("group.initial.rebalance.delay.ms", "0")
            .setConfigProp("auto.create.topics.enable", "false")
            .setConfigProp("num.partitions", "1")
            .build();
    try {
      cluster.format();
      cluster.startup();
      cluster.waitForReadyBrokers();
    } catch (Exception e) {
      cluster.close();
      throw e;
    }
    return new EmbeddedKafka(cluster);
  }

  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  /** Creates topics (replication factor 1) that do not exist yet. */
  public void createTopics(Map<String, Integer> partitionsByTopic) throws Exception {
    createTopics(bootstrapServers(), partitionsByTopic);
  }

  /** Creates topics that do not exist yet on any Kafka cluster, replication factor 1. */
  public static void createTopics(String bootstrapServers, Map<String, Integer> partitionsByTopic)
      throws Exception {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    try (Admin admin = Admin.create(props)) {
      Collection<NewTopic> topics =
          partitionsByTopic.entrySet().stream()
              // records carry their event time as the Kafka timestamp, and the simulator's dates
              // lie in the past: time-based retention would delete them while the demo runs
              .map(
                  e ->
                      new NewTopic(e.getKey(), e.getValue(), (short) 1)
                          .configs(Map.of("retention.ms", "-1")))
              .toList();
      for (var result : admin.createTopics(topics).values().values()) {
        try {
          result.get();
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
        }
      }
    }
  }

  @Override
  public void close() throws Exception {
    cluster.close();
  }
}
