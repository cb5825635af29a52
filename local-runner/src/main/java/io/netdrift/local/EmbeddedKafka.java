package io.netdrift.local;

import io.netdrift.simulator.TopicReadiness;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;

/**
 * A single-node Kafka 4 broker in KRaft mode (combined broker + controller), in this JVM, with its
 * log directory under the system temp dir (deleted on close). Used by {@code ./netdrift demo},
 * {@code ./netdrift evaluate} and the integration tests; never part of the job jar.
 *
 * <p>It listens on the loopback interface only unless given another bind address (the controller
 * listener always stays on loopback). With {@link Sasl} its client listener is {@code
 * SASL_PLAINTEXT} (PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512) and ACLs are enforced by the standard
 * authorizer ({@code allow.everyone.if.no.acl.found=false}): only the {@code admin} super user may
 * do anything without an ACL.
 *
 * <p>Replication factors are 1 (one node) and {@code transaction.max.timeout.ms} is raised to 1
 * hour, above the sinks' transaction timeout, so EXACTLY_ONCE sinks can open their transactions.
 */
public final class EmbeddedKafka implements AutoCloseable {
  /** The default bind address: this machine only. */
  public static final String LOOPBACK = "127.0.0.1";

  /** The super user of a {@link Sasl} broker (PLAIN); also its inter-broker identity. */
  public static final String ADMIN_USER = "admin";

  private static final String BROKER = "BROKER";
  private static final String CONTROLLER = "CONTROLLER";

  /**
   * SASL users of a secured broker: the admin's password, PLAIN users and SCRAM users (created for
   * both SCRAM-SHA-256 and SCRAM-SHA-512), each name to password.
   */
  public record Sasl(
      String adminPassword, Map<String, String> plainUsers, Map<String, String> scramUsers) {

    @Override
    public String toString() {
      return "Sasl[plainUsers=" + plainUsers.keySet() + ", scramUsers=" + scramUsers.keySet() + "]";
    }
  }

  /**
   * A second client listener with TLS (SASL_SSL with {@link Sasl}, else SSL): the broker's key and
   * certificate in a PKCS12 key store.
   */
  public record Tls(Path keyStore, String keyStorePassword) {
    @Override
    public String toString() {
      return "Tls[keyStore=" + keyStore + "]";
    }
  }

  private static final String TLS = "TLS";

  private final KafkaRaftServer server;
  private final Path dir;
  private final String bootstrapServers;
  private final String tlsBootstrapServers;
  private final Sasl sasl;

  private EmbeddedKafka(
      KafkaRaftServer server,
      Path dir,
      String bootstrapServers,
      String tlsBootstrapServers,
      Sasl sasl) {
    this.server = server;
    this.dir = dir;
    this.bootstrapServers = bootstrapServers;
    this.tlsBootstrapServers = tlsBootstrapServers;
    this.sasl = sasl;
  }

  /** A PLAINTEXT broker on loopback; returns once it accepts clients (2-7 s). */
  public static EmbeddedKafka start() throws Exception {
    return start(LOOPBACK, 0, null, null);
  }

  /**
   * A PLAINTEXT broker whose client listener binds to {@code bindAddress} (0.0.0.0: every
   * interface, advertised under this host's name).
   */
  public static EmbeddedKafka start(String bindAddress) throws Exception {
    return start(bindAddress, 0, null, null);
  }

  /**
   * A PLAINTEXT broker whose client listener binds to {@code bindAddress} on {@code brokerPort} (0:
   * a free one), as {@code ./netdrift kafka} runs it for producers started by hand.
   */
  public static EmbeddedKafka start(String bindAddress, int brokerPort) throws Exception {
    return start(bindAddress, brokerPort, null, null);
  }

  /** A SASL_PLAINTEXT broker on loopback with ACLs enforced. */
  public static EmbeddedKafka startWithSasl(Sasl sasl) throws Exception {
    return start(LOOPBACK, 0, sasl, null);
  }

  /**
   * A broker on loopback with ACLs enforced, a SASL_PLAINTEXT listener ({@link
   * #bootstrapServers()}) and a SASL_SSL one ({@link #tlsBootstrapServers()}).
   */
  public static EmbeddedKafka startWithSaslAndTls(Sasl sasl, Tls tls) throws Exception {
    return start(LOOPBACK, 0, sasl, tls);
  }

  private static EmbeddedKafka start(String bindAddress, int fixedBrokerPort, Sasl sasl, Tls tls)
      throws Exception {
    // KafkaRaftServer halts the JVM on a fatal fault (a broken setting, a lost disk): here that
    // JVM is the demo's or a test's, so the fault becomes an exception in the broker's thread
    Exit.setHaltProcedure(EmbeddedKafka::refuseToEndTheJvm);
    Exit.setExitProcedure(EmbeddedKafka::refuseToEndTheJvm);
    Exception last = null;
    // the ports are picked free just before the broker binds them: another process may win the
    // race, so a failed start is retried on new ports
    for (int attempt = 0; attempt < 3; attempt++) {
      Path dir = Files.createTempDirectory("netdrift-kafka-");
      KafkaRaftServer server = null;
      try {
        int brokerPort = fixedBrokerPort > 0 ? fixedBrokerPort : freePort(bindAddress);
        int controllerPort = freePort(LOOPBACK);
        int tlsPort = tls == null ? -1 : freePort(bindAddress);
        String advertised = advertisedHost(bindAddress);
        Properties props =
            brokerProperties(dir, bindAddress, advertised, brokerPort, controllerPort, sasl);
        if (tls != null) {
          addTlsListener(props, bindAddress, advertised, tlsPort, sasl, tls);
        }
        format(dir, props, sasl);
        server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        server.startup();
        EmbeddedKafka kafka =
            new EmbeddedKafka(
                server,
                dir,
                hostPort(advertised, brokerPort),
                tls == null ? null : hostPort(advertised, tlsPort),
                sasl);
        kafka.awaitReady(Duration.ofSeconds(60));
        return kafka;
      } catch (Exception e) {
        last = e;
        if (server != null) {
          server.shutdown();
          server.awaitShutdown();
        }
        deleteRecursively(dir);
      }
    }
    throw last;
  }

  private static void refuseToEndTheJvm(int status, String message) {
    throw new IllegalStateException(
        "the embedded Kafka broker hit a fatal fault (it would have ended the JVM with status "
            + status
            + (message == null ? "" : ": " + message)
            + ")");
  }

  private static Properties brokerProperties(
      Path dir,
      String bindAddress,
      String advertised,
      int brokerPort,
      int controllerPort,
      Sasl sasl) {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@" + hostPort(LOOPBACK, controllerPort));
    p.put("controller.listener.names", CONTROLLER);
    p.put("inter.broker.listener.name", BROKER);
    p.put(
        "listeners",
        BROKER
            + "://"
            + hostPort(bindAddress, brokerPort)
            + ","
            + CONTROLLER
            + "://"
            + hostPort(LOOPBACK, controllerPort));
    p.put("advertised.listeners", BROKER + "://" + hostPort(advertised, brokerPort));
    String protocol = sasl == null ? "PLAINTEXT" : "SASL_PLAINTEXT";
    p.put(
        "listener.security.protocol.map",
        BROKER + ":" + protocol + "," + CONTROLLER + ":" + protocol);
    p.put("log.dirs", dir.resolve("data").toString());
    p.put("offsets.topic.replication.factor", "1");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    // one partition each instead of 50: the coordinators load in milliseconds, so the sinks' first
    // initTransactions() does not wait on a busy machine
    p.put("transaction.state.log.num.partitions", "1");
    p.put("offsets.topic.num.partitions", "1");
    p.put("transaction.max.timeout.ms", "3600000");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("auto.create.topics.enable", "false");
    p.put("num.partitions", "1");
    // the log cleaner's dedupe buffer defaults to 128 MB; compacted topics here are tiny
    p.put("log.cleaner.dedupe.buffer.size", "2097152");
    if (sasl != null) {
      p.put("sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-256,SCRAM-SHA-512");
      // broker and controller talk PLAIN as the admin; the SCRAM mechanisms are for clients
      p.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
      p.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
      p.put("sasl.mechanism.controller.protocol", "PLAIN");
      StringBuilder plain =
          new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required")
              .append(jaasOption("username", ADMIN_USER))
              .append(jaasOption("password", sasl.adminPassword()))
              .append(jaasOption("user_" + ADMIN_USER, sasl.adminPassword()));
      sasl.plainUsers()
          .forEach((user, password) -> plain.append(jaasOption("user_" + user, password)));
      plain.append(';');
      for (String listener : List.of("broker", "controller")) {
        p.put("listener.name." + listener + ".plain.sasl.jaas.config", plain.toString());
      }
      for (String scram : List.of("scram-sha-256", "scram-sha-512")) {
        p.put(
            "listener.name.broker." + scram + ".sasl.jaas.config",
            "org.apache.kafka.common.security.scram.ScramLoginModule required;");
      }
      p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
      p.put("super.users", "User:" + ADMIN_USER);
      p.put("allow.everyone.if.no.acl.found", "false");
    }
    return p;
  }

  private static void addTlsListener(
      Properties p, String bindAddress, String advertised, int port, Sasl sasl, Tls tls) {
    p.put("listeners", p.get("listeners") + "," + TLS + "://" + hostPort(bindAddress, port));
    p.put(
        "advertised.listeners",
        p.get("advertised.listeners") + "," + TLS + "://" + hostPort(advertised, port));
    p.put(
        "listener.security.protocol.map",
        p.get("listener.security.protocol.map")
            + ","
            + TLS
            + ":"
            + (sasl == null ? "SSL" : "SASL_SSL"));
    String prefix = "listener.name." + TLS.toLowerCase(java.util.Locale.ROOT) + ".";
    p.put(prefix + "ssl.keystore.location", tls.keyStore().toString());
    p.put(prefix + "ssl.keystore.password", tls.keyStorePassword());
    p.put(prefix + "ssl.key.password", tls.keyStorePassword());
    p.put(prefix + "ssl.keystore.type", "PKCS12");
    if (sasl != null) {
      // each listener has its own JAAS settings: the TLS one takes the client listener's
      for (String mechanism : List.of("plain", "scram-sha-256", "scram-sha-512")) {
        p.put(
            prefix + mechanism + ".sasl.jaas.config",
            p.get("listener.name.broker." + mechanism + ".sasl.jaas.config"));
      }
    }
  }

  private static void format(Path dir, Properties props, Sasl sasl) throws Exception {
    Path file = dir.resolve("server.properties");
    try (var out = Files.newBufferedWriter(file)) {
      props.store(out, null);
    }
    List<String> args =
        new ArrayList<>(
            List.of("format", "-t", Uuid.randomUuid().toString(), "-c", file.toString()));
    if (sasl != null) {
      sasl.scramUsers()
          .forEach(
              (user, password) -> {
                for (String mechanism : List.of("SCRAM-SHA-256", "SCRAM-SHA-512")) {
                  args.add("--add-scram");
                  args.add(mechanism + "=[name=" + user + ",password=" + password + "]");
                }
              });
    }
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    int code;
    try (PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8)) {
      // execute, not main: main exits the JVM
      code = StorageTool.execute(args.toArray(String[]::new), out);
    }
    // the properties file holds the broker's JAAS passwords: not needed once formatted
    Files.delete(file);
    if (code != 0) {
      throw new IllegalStateException(
          "formatting the embedded Kafka's storage failed: "
              + log.toString(StandardCharsets.UTF_8).trim());
    }
  }

  private void awaitReady(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Admin admin = Admin.create(adminProperties())) {
      while (true) {
        try {
          if (!admin.describeCluster().nodes().get().isEmpty()) {
            return;
          }
        } catch (ExecutionException e) {
          if (System.nanoTime() > deadline) {
            throw e;
          }
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("embedded Kafka not ready after " + timeout);
        }
        Thread.sleep(100);
      }
    }
  }

  private static String jaasOption(String key, String value) {
    return " " + key + "=\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /**
   * The Kafka client properties of a {@code mechanism} (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512) user
   * of a {@link Sasl} broker: what a {@code --kafka-properties} file would hold.
   */
  public static Map<String, String> saslClientProperties(
      String mechanism, String user, String password) {
    String module =
        mechanism.equals("PLAIN")
            ? "org.apache.kafka.common.security.plain.PlainLoginModule"
            : "org.apache.kafka.common.security.scram.ScramLoginModule";
    Map<String, String> props = new LinkedHashMap<>();
    props.put("security.protocol", "SASL_PLAINTEXT");
    props.put("sasl.mechanism", mechanism);
    props.put(
        "sasl.jaas.config",
        module
            + " required"
            + jaasOption("username", user)
            + jaasOption("password", password)
            + ";");
    return props;
  }

  /** Client properties with every right: the super user of a {@link Sasl} broker, or none. */
  public Map<String, String> adminClientProperties() {
    return sasl == null
        ? Map.of()
        : saslClientProperties("PLAIN", ADMIN_USER, sasl.adminPassword());
  }

  private Properties adminProperties() {
    Properties props = new Properties();
    props.putAll(adminClientProperties());
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return props;
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** The TLS listener of a broker started with {@link Tls}. */
  public String tlsBootstrapServers() {
    if (tlsBootstrapServers == null) {
      throw new IllegalStateException("this broker has no TLS listener");
    }
    return tlsBootstrapServers;
  }

  /** Creates topics (replication factor 1) that do not exist yet, as the super user. */
  public void createTopics(Map<String, Integer> partitionsByTopic) throws Exception {
    createTopics(adminProperties(), partitionsByTopic);
  }

  /** Creates topics that do not exist yet on any Kafka cluster, replication factor 1. */
  public static void createTopics(String bootstrapServers, Map<String, Integer> partitionsByTopic)
      throws Exception {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    createTopics(props, partitionsByTopic);
  }

  private static void createTopics(Properties adminProps, Map<String, Integer> partitionsByTopic)
      throws Exception {
    try (Admin admin = Admin.create(adminProps)) {
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
      // KRaft answers CreateTopics before the broker leads the new partitions
      TopicReadiness.await(admin, partitionsByTopic.keySet(), Duration.ofSeconds(60));
    }
  }

  private static int freePort(String bindAddress) throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(bindAddress), 0));
      return socket.getLocalPort();
    }
  }

  private static String advertisedHost(String bindAddress) throws IOException {
    InetAddress address = InetAddress.getByName(bindAddress);
    if (!address.isAnyLocalAddress()) {
      return bindAddress;
    }
    try {
      return InetAddress.getLocalHost().getCanonicalHostName();
    } catch (java.net.UnknownHostException e) {
      // a host whose own name does not resolve (some containers): its first external IPv4
      // address, or loopback if it has none
      return java.net.NetworkInterface.networkInterfaces()
          .flatMap(java.net.NetworkInterface::inetAddresses)
          .filter(a -> a instanceof java.net.Inet4Address && !a.isLoopbackAddress())
          .map(InetAddress::getHostAddress)
          .findFirst()
          .orElse(LOOPBACK);
    }
  }

  private static String hostPort(String host, int port) {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  @Override
  public void close() throws Exception {
    server.shutdown();
    server.awaitShutdown();
    deleteRecursively(dir);
  }
}
