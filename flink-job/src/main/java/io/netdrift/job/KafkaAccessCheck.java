package io.netdrift.job;

import io.netdrift.job.config.ConfigException;
import io.netdrift.job.config.JobConfig;
import io.netdrift.job.config.JobConfig.Topic;
import io.netdrift.job.config.KafkaClientProperties;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.DescribeTransactionsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdNotFoundException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.UnsupportedSaslMechanismException;

/**
 * The job's start-up check of its Kafka access, with the client settings its sources and sinks use:
 * the credentials are accepted, the six topics exist, the inputs may be read and the outputs
 * written, and the consumer group and the sinks' transactional ids are authorized. Each failure is
 * one {@link ConfigException} line that says what to fix and never holds a secret.
 *
 * <p>Why: a Kafka client that speaks PLAINTEXT to a SASL or SSL listener gets no error, only a
 * metadata timeout per record (the broker logs the mismatch, the client does not), and a job with
 * wrong credentials or missing ACLs restarts forever; both are found here in seconds.
 */
public final class KafkaAccessCheck {
  private KafkaAccessCheck() {}

  /** Checks {@code config}'s Kafka access; throws a one-line {@link ConfigException} otherwise. */
  public static void check(JobConfig config, KafkaClientProperties kafka) {
    String bootstrap = config.get(JobConfig.BOOTSTRAP_SERVERS);
    long timeoutMs = config.get(JobConfig.KAFKA_CHECK_TIMEOUT_MS);
    Properties props = new Properties();
    props.putAll(kafka.asMap());
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(AdminClientConfig.CLIENT_ID_CONFIG, "netdrift-access-check");
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Math.min(timeoutMs, 1 << 30));
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeoutMs, 1 << 30));
    Admin admin;
    try {
      admin = Admin.create(props);
    } catch (RuntimeException e) {
      throw new ConfigException(
          oneLine(
              "Kafka client settings rejected ("
                  + kafka.securityProtocol()
                  + "): "
                  + kafka.scrub(rootMessage(e))
                  + jaasHint(kafka, e)));
    }
    try {
      checkWith(admin, config, kafka, timeoutMs);
    } finally {
      admin.close(java.time.Duration.ZERO);
    }
  }

  private static void checkWith(
      Admin admin, JobConfig config, KafkaClientProperties kafka, long timeoutMs) {
    String bootstrap = config.get(JobConfig.BOOTSTRAP_SERVERS);
    String who = principal(kafka);
    List<String> topics = java.util.Arrays.stream(Topic.values()).map(config::topic).toList();
    Map<String, KafkaFuture<TopicDescription>> described =
        admin
            .describeTopics(
                topics,
                new DescribeTopicsOptions()
                    .includeAuthorizedOperations(true)
                    .timeoutMs((int) timeoutMs))
            .topicNameValues();
    for (String topic : topics) {
      TopicDescription description = await(described.get(topic), timeoutMs, config, kafka, topic);
      AclOperation needed = neededOn(topic, config);
      Set<AclOperation> allowed = description.authorizedOperations();
      // null: the broker has no authorizer (everything allowed)
      if (allowed != null && !allowed.contains(needed) && !allowed.contains(AclOperation.ALL)) {
        throw missingTopicAcl(topic, config, kafka);
      }
    }
    String group = config.get(JobConfig.CONSUMER_GROUP_ID);
    probe(
        admin
            .describeConsumerGroups(
                List.of(group), new DescribeConsumerGroupsOptions().timeoutMs((int) timeoutMs))
            .all(),
        GroupIdNotFoundException.class,
        GroupAuthorizationException.class,
        who
            + " may not use consumer group '"
            + group
            + "' on Kafka at "
            + bootstrap
            + " (add an ACL: READ on Group:"
            + group
            + ")",
        config,
        kafka);
    if (!config.exactlyOnce()) {
      return; // at-least-once sinks use no transactional ids
    }
    // the sinks' transactional ids are <prefix>-<output>-<subtask>-<n>: one probe per output
    String prefix = config.get(JobConfig.TRANSACTIONAL_ID_PREFIX);
    for (String output : List.of("predictions", "adaptation-events", "dead-letters")) {
      probe(
          admin
              .describeTransactions(
                  List.of(prefix + "-" + output + "-0-1"),
                  new DescribeTransactionsOptions().timeoutMs((int) timeoutMs))
              .all(),
          TransactionalIdNotFoundException.class,
          TransactionalIdAuthorizationException.class,
          who
              + " may not use the transactional ids '"
              + prefix
              + "-"
              + output
              + "-*' on Kafka at "
              + bootstrap
              + " (add an ACL: WRITE on TransactionalId:"
              + prefix
              + " with a prefixed pattern)",
          config,
          kafka);
    }
  }

  /**
   * Waits for a describe call on a resource the job uses but that may not exist yet: {@code absent}
   * is fine, {@code denied} fails with {@code deniedMessage}.
   */
  private static void probe(
      KafkaFuture<?> future,
      Class<? extends Exception> absent,
      Class<? extends Exception> denied,
      String deniedMessage,
      JobConfig config,
      KafkaClientProperties kafka) {
    try {
      await(future, config.get(JobConfig.KAFKA_CHECK_TIMEOUT_MS), config, kafka, null);
    } catch (ProbeOutcome e) {
      if (denied.isInstance(e.getCause())) {
        throw new ConfigException(oneLine(deniedMessage));
      }
      if (!absent.isInstance(e.getCause())) {
        throw explain(e.getCause(), config, kafka, null);
      }
    }
  }

  /** READ for an input topic, WRITE for an output topic. */
  private static AclOperation neededOn(String topic, JobConfig config) {
    return List.of(
                config.topic(Topic.TELEMETRY),
                config.topic(Topic.TRAFFIC),
                config.topic(Topic.NETWORK_EVENTS))
            .contains(topic)
        ? AclOperation.READ
        : AclOperation.WRITE;
  }

  private static ConfigException missingTopicAcl(
      String topic, JobConfig config, KafkaClientProperties kafka) {
    AclOperation needed = neededOn(topic, config);
    return new ConfigException(
        oneLine(
            principal(kafka)
                + " may not "
                + needed
                + " topic '"
                + topic
                + "' on Kafka at "
                + config.get(JobConfig.BOOTSTRAP_SERVERS)
                + " (add an ACL: "
                + needed
                + " on Topic:"
                + topic
                + ")"));
  }

  private static String principal(KafkaClientProperties kafka) {
    return kafka.securityProtocol().startsWith("SASL")
        ? "user '" + kafka.saslUser() + "'"
        : "this client (" + kafka.securityProtocol() + ")";
  }

  /** A failure of a {@link #probe}, for it to interpret. */
  private static final class ProbeOutcome extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ProbeOutcome(Throwable cause) {
      super(null, cause, false, false);
    }
  }

  private static <T> T await(
      KafkaFuture<T> future,
      long timeoutMs,
      JobConfig config,
      KafkaClientProperties kafka,
      String topic) {
    try {
      // a little beyond the client's own timeout, so its answer (not ours) names the cause
      return future.get(timeoutMs + 2_000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConfigException("interrupted while checking Kafka access");
    } catch (TimeoutException e) {
      throw explain(new org.apache.kafka.common.errors.TimeoutException(), config, kafka, topic);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (topic == null
          && (cause instanceof GroupAuthorizationException
              || cause instanceof GroupIdNotFoundException
              || cause instanceof TransactionalIdAuthorizationException
              || cause instanceof TransactionalIdNotFoundException)) {
        throw new ProbeOutcome(cause);
      }
      throw explain(cause, config, kafka, topic);
    }
  }

  /** One line that says what went wrong and what to change; never a secret. */
  static ConfigException explain(
      Throwable cause, JobConfig config, KafkaClientProperties kafka, String topic) {
    String bootstrap = config.get(JobConfig.BOOTSTRAP_SERVERS);
    String protocol = kafka.securityProtocol();
    String message;
    if (cause instanceof SaslAuthenticationException) {
      message =
          "Kafka at "
              + bootstrap
              + " rejected the credentials of user '"
              + kafka.saslUser()
              + "' (sasl.mechanism "
              + kafka.saslMechanism()
              + "): check the user and password in sasl.jaas.config ("
              + where("sasl.jaas.config")
              + ")";
    } else if (cause instanceof UnsupportedSaslMechanismException) {
      message =
          "Kafka at "
              + bootstrap
              + " does not enable sasl.mechanism "
              + kafka.saslMechanism()
              + " on this listener: "
              + kafka.scrub(cause.getMessage());
    } else if (cause instanceof SslAuthenticationException) {
      message =
          "TLS handshake with Kafka at "
              + bootstrap
              + " failed ("
              + kafka.scrub(rootMessage(cause))
              + "): check ssl.truststore.* (the broker's CA) and ssl.endpoint.identification.algorithm";
    } else if (cause instanceof AuthenticationException) {
      message =
          "Kafka at "
              + bootstrap
              + " refused to authenticate this "
              + protocol
              + " client ("
              + kafka.scrub(cause.getMessage())
              + "): check security.protocol and sasl.mechanism";
    } else if (cause instanceof TopicAuthorizationException && topic != null) {
      return missingTopicAcl(topic, config, kafka);
    } else if (cause instanceof AuthorizationException) {
      message =
          "Kafka at "
              + bootstrap
              + " denied "
              + principal(kafka)
              + ": "
              + kafka.scrub(cause.getMessage());
    } else if (cause instanceof UnknownTopicOrPartitionException) {
      message =
          "topic '"
              + topic
              + "' does not exist on Kafka at "
              + bootstrap
              + " (create the six topics first; the job does not)";
    } else if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
      message = timeoutMessage(bootstrap, protocol, config.get(JobConfig.KAFKA_CHECK_TIMEOUT_MS));
    } else {
      message =
          "checking Kafka access at "
              + bootstrap
              + " failed: "
              + cause.getClass().getSimpleName()
              + ": "
              + kafka.scrub(cause.getMessage());
    }
    return new ConfigException(oneLine(message));
  }

  private static String timeoutMessage(String bootstrap, String protocol, long timeoutMs) {
    String first = bootstrap.split(",")[0].trim();
    String seconds = String.format("%.0f s", timeoutMs / 1e3);
    if (!accepts(first)) {
      return "no Kafka answered at "
          + bootstrap
          + " within "
          + seconds
          + ": nothing accepts connections at "
          + first
          + " (check --bootstrap-servers)";
    }
    if (protocol.equals("PLAINTEXT")) {
      return "Kafka at "
          + bootstrap
          + " accepts connections but did not answer a PLAINTEXT client within "
          + seconds
          + ": the listener probably requires SSL or SASL; set security.protocol, sasl.mechanism"
          + " and sasl.jaas.config in --kafka-properties FILE or NETDRIFT_KAFKA_* variables";
    }
    return "Kafka at "
        + bootstrap
        + " accepts connections but did not answer a "
        + protocol
        + " client within "
        + seconds
        + ": check that this listener speaks "
        + protocol
        + " (security.protocol)";
  }

  /** Whether something accepts TCP connections at {@code host:port}. */
  private static boolean accepts(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon < 0) {
      return false;
    }
    try (Socket socket = new Socket()) {
      socket.connect(
          new InetSocketAddress(
              hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))),
          2_000);
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static String jaasHint(KafkaClientProperties kafka, Throwable e) {
    return kafka.securityProtocol().startsWith("SASL")
            && !kafka.asMap().containsKey("sasl.jaas.config")
        ? " (security.protocol "
            + kafka.securityProtocol()
            + " needs sasl.jaas.config: "
            + where("sasl.jaas.config")
            + ")"
        : "";
  }

  private static String where(String property) {
    return "--kafka-properties FILE or "
        + KafkaClientProperties.ENV_PREFIX
        + property.toUpperCase(java.util.Locale.ROOT).replace('.', '_');
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  private static String oneLine(String message) {
    return message.replaceAll("\\s*[\\r\\n]+\\s*", " ");
  }
}
