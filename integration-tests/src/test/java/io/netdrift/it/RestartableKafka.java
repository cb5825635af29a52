package io.netdrift.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;

/**
 * A single-node Kafka 4 KRaft server (combined broker + controller) in this JVM that can be stopped
 * and started again on the same log directory and the same ports, so clients that knew it reconnect
 * to the same address and find the same topics, offsets and transactions.
 *
 * <p>{@code KafkaClusterTestKit} (kafka-test-common-runtime 4.2) can restart the broker half of a
 * combined node in place ({@code cluster.brokers().get(id).shutdown()/startup()}, its pre-bound
 * sockets are re-bound to the same port), but its controller keeps running; here the whole node
 * goes down, as when a broker process or host dies: the metadata log, the transaction coordinator
 * and the group coordinator are reloaded from disk at the restart.
 *
 * <p>Formatted once with {@link StorageTool#execute} ({@code main} would exit the JVM), started
 * with {@link KafkaRaftServer}. Broker settings as in {@code EmbeddedKafka}: replication factors 1,
 * one partition for the transaction-state and offsets topics, {@code transaction.max.timeout.ms} of
 * 1 hour (above the sinks' transaction timeout), no initial rebalance delay, loopback listeners.
 */
final class RestartableKafka implements AutoCloseable {
  private static final int NODE_ID = 1;

  private final Path dir;
  private final Properties props;
  private final int brokerPort;
  private KafkaRaftServer server;

  private RestartableKafka(Path dir, Properties props, int brokerPort) {
    this.dir = dir;
    this.props = props;
    this.brokerPort = brokerPort;
  }

  /**
   * Formats a log directory under {@code dir} and starts the node on two free loopback ports chosen
   * now and kept for every restart; returns once it serves clients.
   */
  static RestartableKafka start(Path dir) throws Exception {
    // KafkaRaftServer halts the JVM on a fatal fault; here that JVM is the test's
    Exit.setHaltProcedure(RestartableKafka::refuseToEndTheJvm);
    Exit.setExitProcedure(RestartableKafka::refuseToEndTheJvm);
    int brokerPort = freePort();
    int controllerPort = freePort();
    Properties props = new Properties();
    props.put("process.roles", "broker,controller");
    props.put("node.id", String.valueOf(NODE_ID));
    props.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
    props.put(
        "listeners",
        "BROKER://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
    props.put("advertised.listeners", "BROKER://127.0.0.1:" + brokerPort);
    props.put("listener.security.protocol.map", "BROKER:PLAINTEXT,CONTROLLER:PLAINTEXT");
    props.put("inter.broker.listener.name", "BROKER");
    props.put("controller.listener.names", "CONTROLLER");
    props.put("log.dirs", dir.resolve("kafka-logs").toString());
    props.put("offsets.topic.replication.factor", "1");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("transaction.state.log.num.partitions", "1");
    props.put("offsets.topic.num.partitions", "1");
    props.put("transaction.max.timeout.ms", "3600000");
    props.put("group.initial.rebalance.delay.ms", "0");
    props.put("auto.create.topics.enable", "false");
    props.put("num.partitions", "1");
    props.put("log.cleaner.dedupe.buffer.size", "2097152");
    Files.createDirectories(dir);
    Path propsFile = dir.resolve("server.properties");
    try (OutputStream out = Files.newOutputStream(propsFile)) {
      props.store(out, "netdrift restartable test broker");
    }
    ByteArrayOutputStream formatOutput = new ByteArrayOutputStream();
    int formatted =
        StorageTool.execute(
            new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c", propsFile.toString()},
            new PrintStream(formatOutput, true, StandardCharsets.UTF_8));
    if (formatted != 0) {
      throw new IllegalStateException(
          "formatting the Kafka log directory failed: "
              + formatOutput.toString(StandardCharsets.UTF_8));
    }
    RestartableKafka kafka = new RestartableKafka(dir, props, brokerPort);
    try {
      kafka.startServer();
    } catch (Exception e) {
      kafka.close();
      throw e;
    }
    return kafka;
  }

  String bootstrapServers() {
    return "127.0.0.1:" + brokerPort;
  }

  boolean isRunning() {
    return server != null;
  }

  /** Stops the whole node (broker and controller) and waits until it is down. */
  void stop() {
    if (server != null) {
      KafkaRaftServer stopping = server;
      server = null;
      stopping.shutdown();
      stopping.awaitShutdown();
    }
  }

  /** Starts the node again on the same log directory and ports; returns once it serves clients. */
  void restart() throws Exception {
    if (server == null) {
      startServer();
    }
  }

  private void startServer() throws Exception {
    KafkaRaftServer started = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
    server = started;
    started.startup();
    awaitServing();
  }

  /** A metadata round trip: the broker has registered with its controller and serves clients. */
  private void awaitServing() throws Exception {
    try (Admin admin =
        Admin.create(
            Map.<String, Object>of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                60_000))) {
      admin.describeCluster().nodes().get();
    }
  }

  private static void refuseToEndTheJvm(int status, String message) {
    throw new IllegalStateException(
        "the test's Kafka node hit a fatal fault (it would have ended the JVM with status "
            + status
            + (message == null ? "" : ": " + message)
            + ")");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() {
    stop();
  }

  @Override
  public String toString() {
    return "RestartableKafka[" + bootstrapServers() + ", " + dir + "]";
  }
}
