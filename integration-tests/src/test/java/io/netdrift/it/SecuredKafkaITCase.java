package io.netdrift.it;

import static io.netdrift.it.KafkaTopicsSupport.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.netdrift.job.NetdriftJob;
import io.netdrift.job.config.ConfigException;
import io.netdrift.job.config.JobConfig;
import io.netdrift.local.EmbeddedKafka;
import io.netdrift.schema.LinkStatus;
import io.netdrift.schema.LinkTelemetry;
import io.netdrift.schema.LoadPrediction;
import io.netdrift.schema.codec.AvroCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job against a secured broker: the embedded KRaft broker with a SASL_PLAINTEXT listener and a
 * SASL_SSL one (PLAIN, SCRAM-SHA-256/512; a self-signed certificate made by keytool) and ACLs
 * enforced ({@code allow.everyone.if.no.acl.found=false}). A SCRAM user over TLS with the job's
 * ACLs gets committed predictions, and its passwords reach neither the log nor the job's
 * configuration; no credentials, a wrong password, missing ACLs or an untrusted certificate fail at
 * start with one line that says what to fix.
 */
class SecuredKafkaITCase {
  private static final long STEP_MS = 900_000;
  private static final long START_MS = 1_767_225_600_000L; // 2026-01-01T00:00Z
  private static final int STEPS = 12;
  private static final String[][] LINKS = {{"A-B", "A", "B"}, {"A-B", "B", "A"}};
  private static final String ADMIN_PASSWORD = "admin-" + UUID.randomUUID();
  private static final String ALICE_PASSWORD = "alice-" + UUID.randomUUID();
  private static final String BOB_PASSWORD = "bob-" + UUID.randomUUID();
  private static final String MALLORY_PASSWORD = "mallory-" + UUID.randomUUID();
  private static final String CAROL_PASSWORD = "carol-" + UUID.randomUUID();

  @RegisterExtension
  // sets itself as the context environment of each test
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  private static final String STORE_PASSWORD = "store-" + UUID.randomUUID();

  private static EmbeddedKafka kafka;
  private static Path certificates;
  private static Path trustStore;

  @BeforeAll
  static void startSecuredKafka() throws Exception {
    certificates = Files.createTempDirectory("netdrift-it-tls");
    Path keyStore = certificates.resolve("broker.p12");
    trustStore = certificates.resolve("truststore.p12");
    selfSignedBrokerCertificate(keyStore, trustStore);
    kafka =
        EmbeddedKafka.startWithSaslAndTls(
            new EmbeddedKafka.Sasl(
                ADMIN_PASSWORD,
                Map.of("bob", BOB_PASSWORD),
                Map.of(
                    "alice", ALICE_PASSWORD, "mallory", MALLORY_PASSWORD, "carol", CAROL_PASSWORD)),
            new EmbeddedKafka.Tls(keyStore, STORE_PASSWORD));
  }

  @AfterAll
  static void stopKafka() throws Exception {
    if (kafka != null) {
      kafka.close();
    }
    if (certificates != null) {
      try (var files = Files.walk(certificates)) {
        for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  /** The broker's key pair for 127.0.0.1 (keytool of this JDK) and a trust store holding it. */
  private static void selfSignedBrokerCertificate(Path keyStore, Path trustStore) throws Exception {
    Path certificate = keyStore.resolveSibling("broker.crt");
    keytool(
        "-genkeypair",
        "-alias",
        "broker",
        "-keyalg",
        "RSA",
        "-keysize",
        "2048",
        "-validity",
        "2",
        "-dname",
        "CN=localhost",
        "-ext",
        "SAN=ip:127.0.0.1,dns:localhost",
        "-keystore",
        keyStore.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        STORE_PASSWORD,
        "-keypass",
        STORE_PASSWORD);
    keytool(
        "-exportcert",
        "-alias",
        "broker",
        "-keystore",
        keyStore.toString(),
        "-storepass",
        STORE_PASSWORD,
        "-file",
        certificate.toString());
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        "broker",
        "-file",
        certificate.toString(),
        "-keystore",
        trustStore.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        STORE_PASSWORD);
  }

  private static void keytool(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor()).as("keytool %s: %s", args[0], output).isZero();
  }

  /** A SCRAM-SHA-512 user over TLS that trusts the broker's certificate. */
  private static Map<String, String> saslSsl(String user, String password, boolean trusted) {
    Map<String, String> props =
        new java.util.LinkedHashMap<>(
            EmbeddedKafka.saslClientProperties("SCRAM-SHA-512", user, password));
    props.put("security.protocol", "SASL_SSL");
    if (trusted) {
      props.put("ssl.truststore.location", trustStore.toString());
      props.put("ssl.truststore.password", STORE_PASSWORD);
      props.put("ssl.truststore.type", "PKCS12");
    }
    return props;
  }

  @Test
  void aScramUserOverTlsWithTheJobsAclsGetsCommittedPredictionsAndItsSecretsAreNeverShown(
      @TempDir Path dir) throws Exception {
    Path properties = propertiesFile(dir, saslSsl("alice", ALICE_PASSWORD, true));
    JobConfig config =
        jobWithTopics(
            kafka.tlsBootstrapServers(), "sec", "--kafka-properties", properties.toString());
    grant("alice", config, true);
    produceTelemetry(config);

    List<String> log = new CopyOnWriteArrayList<>();
    try (LogCapture capture = new LogCapture(log)) {
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
      NetdriftJob.attach(env, config);
      Map<String, String> shown = env.getConfig().getGlobalJobParameters().toMap();
      assertThat(shown)
          .containsEntry("kafkaProperties", properties.toString())
          .containsEntry("kafka.sasl.mechanism", "SCRAM-SHA-512")
          .containsEntry("kafka.security.protocol", "SASL_SSL")
          .containsEntry("kafka.sasl.jaas.config", "[redacted]")
          .containsEntry("kafka.ssl.truststore.password", "[redacted]");
      assertThat(shown.toString() + env.getConfiguration() + env.getConfig())
          .doesNotContain(ALICE_PASSWORD, STORE_PASSWORD);

      JobClient job = env.executeAsync("netdrift-secured-it");
      int lanes = config.lanes().size();
      String predictions = config.get(JobConfig.PREDICTIONS_TOPIC);
      await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> readCommitted(predictions).size() >= (STEPS - 2) * LINKS.length * lanes);
      JobRunSupport.drain(job, dir);

      AvroCodec<LoadPrediction> codec = AvroCodec.of(LoadPrediction.class);
      List<LoadPrediction> committed = new ArrayList<>();
      for (ConsumerRecord<byte[], byte[]> r : readCommitted(predictions)) {
        committed.add(codec.decode(r.value()));
      }
      Map<String, Long> perLinkStepStrategy = JobRunSupport.countPerLinkStepStrategy(committed);
      assertThat(perLinkStepStrategy)
          .hasSize(STEPS * LINKS.length * lanes)
          .allSatisfy((k, count) -> assertThat(count).as(k).isEqualTo(1));
    }
    assertThat(log).as("captured log lines").isNotEmpty();
    assertThat(log)
        .as("no log line holds the password")
        .noneMatch(line -> line.contains(ALICE_PASSWORD) || line.contains(STORE_PASSWORD));
  }

  @Test
  void aClientThatDoesNotTrustTheBrokersCertificateFailsAtStartWithOneLine(@TempDir Path dir)
      throws Exception {
    JobConfig config =
        jobWithTopics(
            kafka.tlsBootstrapServers(),
            "untrusted",
            "--kafka-properties",
            propertiesFile(dir, saslSsl("alice", ALICE_PASSWORD, false)).toString());

    assertAttachFails(config)
        .hasMessageStartingWith(
            "TLS handshake with Kafka at " + kafka.tlsBootstrapServers() + " failed (")
        .hasMessageEndingWith(
            "): check ssl.truststore.* (the broker's CA) and ssl.endpoint.identification.algorithm")
        .message()
        .doesNotContain(ALICE_PASSWORD, "\n");
  }

  @Test
  void withoutCredentialsTheJobFailsAtStartWithOneLine() throws Exception {
    JobConfig config =
        jobWithTopics(kafka.bootstrapServers(), "nocred", "--kafka-check-timeout-ms", "3000");

    long started = System.nanoTime();
    assertAttachFails(config)
        .hasMessage(
            "Kafka at "
                + kafka.bootstrapServers()
                + " accepts connections but did not answer a PLAINTEXT client within 3 s: the"
                + " listener probably requires SSL or SASL; set security.protocol, sasl.mechanism"
                + " and sasl.jaas.config in --kafka-properties FILE or NETDRIFT_KAFKA_* variables");
    System.out.printf(
        "SecuredKafkaITCase: no credentials failed after %.1f s%n",
        (System.nanoTime() - started) / 1e9);
  }

  @Test
  void aWrongPasswordFailsAtStartWithOneLineWithoutThePassword(@TempDir Path dir) throws Exception {
    JobConfig config = saslJob(dir, "wrongpw", "SCRAM-SHA-256", "alice", "not-" + ALICE_PASSWORD);
    grant("alice", config, true);

    assertAttachFails(config)
        .hasMessage(
            "Kafka at "
                + kafka.bootstrapServers()
                + " rejected the credentials of user 'alice' (sasl.mechanism SCRAM-SHA-256):"
                + " check the user and password in sasl.jaas.config (--kafka-properties FILE or"
                + " NETDRIFT_KAFKA_SASL_JAAS_CONFIG)")
        .hasNoCause();
  }

  @Test
  void aUserWithoutAnyAclFailsAtStartNamingTheTopic(@TempDir Path dir) throws Exception {
    JobConfig config = saslJob(dir, "noacl", "SCRAM-SHA-512", "mallory", MALLORY_PASSWORD);

    assertAttachFails(config)
        .hasMessage(missingTopicAcl("mallory", "READ", config.get(JobConfig.TELEMETRY_TOPIC)))
        .message()
        .doesNotContain(MALLORY_PASSWORD, "\n");
  }

  @Test
  void aPlainUserThatMayOnlyReadFailsAtStartNamingTheMissingWrite(@TempDir Path dir)
      throws Exception {
    JobConfig config = saslJob(dir, "readonly", "PLAIN", "bob", BOB_PASSWORD);
    grant("bob", config, false);

    assertAttachFails(config)
        .hasMessage(missingTopicAcl("bob", "WRITE", config.get(JobConfig.PREDICTIONS_TOPIC)));
  }

  @Test
  void aUserWithoutTheGroupOrTransactionalIdAclFailsAtStartNamingTheAcl(@TempDir Path dir)
      throws Exception {
    JobConfig config = saslJob(dir, "nogroup", "SCRAM-SHA-256", "carol", CAROL_PASSWORD);
    grantTopics("carol", config, true);
    String group = config.get(JobConfig.CONSUMER_GROUP_ID);
    String prefix = config.get(JobConfig.TRANSACTIONAL_ID_PREFIX);

    assertAttachFails(config)
        .hasMessage(
            "user 'carol' may not use consumer group '"
                + group
                + "' on Kafka at "
                + kafka.bootstrapServers()
                + " (add an ACL: READ on Group:"
                + group
                + ")");

    grantGroup("carol", config);
    // ACLs reach the authorizer through the metadata log: a moment after createAcls returns
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertAttachFails(config)
                    .hasMessage(
                        "user 'carol' may not use the transactional ids '"
                            + prefix
                            + "-predictions-*' on Kafka at "
                            + kafka.bootstrapServers()
                            + " (add an ACL: WRITE on TransactionalId:"
                            + prefix
                            + " with a prefixed pattern)"));
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> assertAttachFails(
      JobConfig config) {
    return assertThatThrownBy(
            () -> NetdriftJob.attach(StreamExecutionEnvironment.getExecutionEnvironment(), config))
        .isInstanceOf(ConfigException.class);
  }

  private static String missingTopicAcl(String user, String operation, String topic) {
    return "user '"
        + user
        + "' may not "
        + operation
        + " topic '"
        + topic
        + "' on Kafka at "
        + kafka.bootstrapServers()
        + " (add an ACL: "
        + operation
        + " on Topic:"
        + topic
        + ")";
  }

  /** A job of a SASL user on the SASL_PLAINTEXT listener, its six topics created. */
  private static JobConfig saslJob(
      Path dir, String name, String mechanism, String user, String password) throws Exception {
    Path properties =
        propertiesFile(dir, EmbeddedKafka.saslClientProperties(mechanism, user, password));
    return jobWithTopics(
        kafka.bootstrapServers(), name, "--kafka-properties", properties.toString());
  }

  /** The job's configuration on six fresh topics named after {@code name}, created as admin. */
  private static JobConfig jobWithTopics(String bootstrap, String name, String... extraFlags)
      throws Exception {
    String suffix = name + "-" + UUID.randomUUID().toString().substring(0, 8);
    List<String> args = JobRunSupport.sharedFlags(bootstrap, suffix, STEP_MS);
    args.addAll(List.of("--parallelism", "1"));
    args.addAll(List.of(extraFlags));
    JobConfig config = JobConfig.fromArgs(args.toArray(String[]::new));
    Map<String, Integer> topics = new java.util.LinkedHashMap<>();
    for (JobConfig.Topic t : JobConfig.Topic.values()) {
      topics.put(config.topic(t), 1);
    }
    kafka.createTopics(topics);
    return config;
  }

  /**
   * The ACLs the job needs (the least: no cluster-level right); READ only without {@code write}.
   */
  private static void grant(String user, JobConfig config, boolean write) throws Exception {
    grantTopics(user, config, write);
    grantGroup(user, config);
    if (write) {
      grantTransactionalIds(user, config);
    }
  }

  /** READ on the inputs; with {@code write}, WRITE on the outputs. */
  private static void grantTopics(String user, JobConfig config, boolean write) throws Exception {
    List<AclBinding> acls = new ArrayList<>();
    for (JobConfig.Topic t : JobConfig.Topic.values()) {
      boolean input =
          t == JobConfig.Topic.TELEMETRY
              || t == JobConfig.Topic.TRAFFIC
              || t == JobConfig.Topic.NETWORK_EVENTS;
      if (input || write) {
        acls.add(
            allow(
                user,
                ResourceType.TOPIC,
                config.topic(t),
                PatternType.LITERAL,
                input ? AclOperation.READ : AclOperation.WRITE));
      }
    }
    createAcls(acls);
  }

  private static void grantGroup(String user, JobConfig config) throws Exception {
    createAcls(
        List.of(
            allow(
                user,
                ResourceType.GROUP,
                config.get(JobConfig.CONSUMER_GROUP_ID),
                PatternType.LITERAL,
                AclOperation.READ)));
  }

  /** WRITE on the sinks' transactional ids: a prefixed pattern. */
  private static void grantTransactionalIds(String user, JobConfig config) throws Exception {
    createAcls(
        List.of(
            allow(
                user,
                ResourceType.TRANSACTIONAL_ID,
                config.get(JobConfig.TRANSACTIONAL_ID_PREFIX),
                PatternType.PREFIXED,
                AclOperation.WRITE)));
  }

  private static void createAcls(List<AclBinding> acls) throws Exception {
    try (Admin admin = Admin.create(adminProperties())) {
      admin.createAcls(acls).all().get();
    }
  }

  private static AclBinding allow(
      String user, ResourceType type, String name, PatternType pattern, AclOperation operation) {
    return new AclBinding(
        new ResourcePattern(type, name, pattern),
        new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW));
  }

  private static Properties adminProperties() {
    Properties props = new Properties();
    props.putAll(kafka.adminClientProperties());
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    return props;
  }

  private static void produceTelemetry(JobConfig config) {
    AvroCodec<LinkTelemetry> codec = AvroCodec.of(LinkTelemetry.class);
    try (KafkaProducer<byte[], byte[]> producer =
        KafkaTopicsSupport.producer(kafka.bootstrapServers(), kafka.adminClientProperties())) {
      for (int step = 0; step < STEPS; step++) {
        for (String[] link : LINKS) {
          LinkTelemetry telemetry =
              LinkTelemetry.newBuilder()
                  .setLinkId(link[0])
                  .setSrcNode(link[1])
                  .setDstNode(link[2])
                  .setTimestampMs(START_MS + step * STEP_MS)
                  .setLoadMbps(400 + 100 * Math.sin(step / 3.0))
                  .setCapacityMbps(1000)
                  .setStatus(LinkStatus.UP)
                  .build();
          send(
              producer,
              config.topic(JobConfig.Topic.TELEMETRY),
              link[0] + ":" + link[1] + ">" + link[2],
              codec.encode(telemetry));
        }
      }
      producer.flush();
    }
  }

  private static List<ConsumerRecord<byte[], byte[]>> readCommitted(String topic) {
    return KafkaTopicsSupport.read(
        kafka.bootstrapServers(), kafka.adminClientProperties(), topic, "read_committed");
  }

  private static Path propertiesFile(Path dir, Map<String, String> settings) throws Exception {
    Path file = dir.resolve("kafka-" + UUID.randomUUID() + ".properties");
    Properties props = new Properties();
    props.putAll(settings);
    try (var out = Files.newBufferedWriter(file)) {
      props.store(out, "netdrift Kafka client settings");
    }
    return file;
  }

  /**
   * Captures every INFO+ line of Kafka, Flink and netdrift (and their exceptions) while open, on
   * top of the configured appenders.
   */
  private static final class LogCapture implements AutoCloseable {
    private static final List<String> LOGGERS =
        List.of("org.apache.kafka", "org.apache.flink", "io.netdrift", "kafka");
    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
    private final AbstractAppender appender;
    private final List<String> added = new ArrayList<>();

    LogCapture(List<String> lines) {
      appender =
          new AbstractAppender("secret-capture", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
              StringBuilder line = new StringBuilder(event.getMessage().getFormattedMessage());
              for (Throwable t = event.getThrown(); t != null; t = t.getCause()) {
                line.append(" | ").append(t);
              }
              lines.add(line.toString());
            }
          };
      appender.start();
      Configuration config = context.getConfiguration();
      for (String name : LOGGERS) {
        LoggerConfig existing = config.getLoggers().get(name);
        if (existing != null) {
          existing.addAppender(appender, Level.INFO, null);
        } else {
          LoggerConfig logger = new LoggerConfig(name, Level.INFO, false);
          logger.addAppender(appender, Level.INFO, null);
          config.addLogger(name, logger);
          added.add(name);
        }
      }
      context.updateLoggers();
    }

    @Override
    public void close() {
      Configuration config = context.getConfiguration();
      for (String name : LOGGERS) {
        if (added.contains(name)) {
          config.removeLogger(name);
        } else {
          config.getLoggers().get(name).removeAppender(appender.getName());
        }
      }
      context.updateLoggers();
      appender.stop();
    }
  }
}
