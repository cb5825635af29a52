package io.netdrift.job.config;

import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;

/**
 * The Kafka client settings every client of the job shares (its three sources, three sinks and the
 * start-up check): security ({@code security.protocol}, {@code sasl.*}, {@code ssl.*}) and any
 * other client tuning. Read from a Kafka client properties file ({@code --kafka-properties FILE})
 * and then from environment variables {@code NETDRIFT_KAFKA_<PROPERTY>}, the property upper-cased
 * with dots as underscores ({@code NETDRIFT_KAFKA_SASL_JAAS_CONFIG} is {@code sasl.jaas.config});
 * the environment wins.
 *
 * <p>Secrets (every key Kafka declares a password, plus anything named like a password, secret,
 * credential or JAAS config) are never printed: {@link #toString()}, {@link #redacted()} and every
 * message of this class show {@value #REDACTED} instead; {@link #scrub(String)} removes their
 * values from any text (exception messages of the Kafka clients).
 */
public final class KafkaClientProperties implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Prefix of the environment variables that set a Kafka client property. */
  public static final String ENV_PREFIX = "NETDRIFT_KAFKA_";

  /** What a secret value is shown as. */
  public static final String REDACTED = "[redacted]";

  /** The job sets these itself (from its own flags); a properties file must not. */
  static final Set<String> OWNED_BY_THE_JOB =
      Set.of(
          "bootstrap.servers",
          "group.id",
          "transactional.id",
          "isolation.level",
          "enable.idempotence",
          "key.serializer",
          "value.serializer",
          "key.deserializer",
          "value.deserializer",
          "enable.auto.commit",
          "transaction.timeout.ms");

  private static final Pattern SECRET_NAME =
      Pattern.compile(".*(password|secret|credential|jaas|token|ssl\\.keystore\\.key).*");

  private final Map<String, String> values;

  private KafkaClientProperties(Map<String, String> values) {
    this.values = Collections.unmodifiableMap(new TreeMap<>(values));
  }

  /** No settings: a PLAINTEXT client with the Kafka defaults. */
  public static KafkaClientProperties none() {
    return new KafkaClientProperties(Map.of());
  }

  /**
   * The file (null or blank: none) overridden by the {@link #ENV_PREFIX} variables of {@code env}.
   * Unknown keys (typos such as {@code sasl.jass.config}) and keys the job sets itself fail with a
   * {@link ConfigException} naming the key and where it came from, never its value.
   */
  public static KafkaClientProperties load(String file, Map<String, String> env) {
    Map<String, String> values = new LinkedHashMap<>();
    Map<String, String> origin = new LinkedHashMap<>();
    if (file != null && !file.isBlank()) {
      Properties props = new Properties();
      try (Reader reader = Files.newBufferedReader(Path.of(file))) {
        props.load(reader);
      } catch (IOException e) {
        // the exception names the file, never its content
        throw new ConfigException(
            "kafkaProperties: cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
      }
      for (String key : props.stringPropertyNames()) {
        values.put(key.trim(), props.getProperty(key).trim());
        origin.put(key.trim(), "file " + file);
      }
    }
    for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
      if (e.getKey().startsWith(ENV_PREFIX) && e.getKey().length() > ENV_PREFIX.length()) {
        String key = propertyOfEnv(e.getKey());
        values.put(key, e.getValue().trim());
        origin.put(key, "environment variable " + e.getKey());
      }
    }
    for (String key : values.keySet()) {
      check(key, origin.get(key));
    }
    return new KafkaClientProperties(values);
  }

  /** {@code NETDRIFT_KAFKA_SASL_JAAS_CONFIG} → {@code sasl.jaas.config}. */
  static String propertyOfEnv(String variable) {
    return variable.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
  }

  private static void check(String key, String origin) {
    if (OWNED_BY_THE_JOB.contains(key)) {
      throw new ConfigException(
          "kafkaProperties ("
              + origin
              + "): '"
              + key
              + "' is set by the job itself (see `netdrift config`); remove it");
    }
    if (!KNOWN_KEYS.contains(key)) {
      throw new ConfigException(
          "kafkaProperties ("
              + origin
              + "): '"
              + key
              + "' is not a Kafka consumer, producer or admin client property");
    }
  }

  private static final Set<String> KNOWN_KEYS = knownKeys();
  private static final Set<String> PASSWORD_KEYS = passwordKeys();

  private static Set<String> knownKeys() {
    Set<String> keys = new java.util.HashSet<>();
    keys.addAll(ConsumerConfig.configNames());
    keys.addAll(ProducerConfig.configNames());
    keys.addAll(AdminClientConfig.configNames());
    return Set.copyOf(keys);
  }

  private static Set<String> passwordKeys() {
    Set<String> keys = new java.util.HashSet<>();
    for (ConfigDef def :
        java.util.List.of(
            ConsumerConfig.configDef(),
            ProducerConfig.configDef(),
            AdminClientConfig.configDef())) {
      def.configKeys().values().stream()
          .filter(k -> k.type == ConfigDef.Type.PASSWORD)
          .forEach(k -> keys.add(k.name));
    }
    return Set.copyOf(keys);
  }

  /** Whether the value of {@code key} is a secret (never shown). */
  public static boolean isSecret(String key) {
    return PASSWORD_KEYS.contains(key)
        || SECRET_NAME.matcher(key.toLowerCase(Locale.ROOT)).matches();
  }

  /** The settings, secrets included: only for the Kafka client builders. */
  public Map<String, String> asMap() {
    return values;
  }

  /** The settings with every secret value replaced by {@value #REDACTED}: safe to show or log. */
  public Map<String, String> redacted() {
    Map<String, String> out = new TreeMap<>();
    values.forEach((k, v) -> out.put(k, isSecret(k) ? REDACTED : v));
    return out;
  }

  public boolean isEmpty() {
    return values.isEmpty();
  }

  /** {@code security.protocol}, PLAINTEXT when unset. */
  public String securityProtocol() {
    return values.getOrDefault("security.protocol", "PLAINTEXT").toUpperCase(Locale.ROOT);
  }

  /** {@code sasl.mechanism}, GSSAPI (Kafka's default) when unset. */
  public String saslMechanism() {
    return values.getOrDefault("sasl.mechanism", "GSSAPI");
  }

  /** The user name in {@code sasl.jaas.config}, or "?" when there is none. */
  public String saslUser() {
    String jaas = values.get("sasl.jaas.config");
    if (jaas == null) {
      return "?";
    }
    java.util.regex.Matcher m = Pattern.compile("username\\s*=\\s*\"([^\"]*)\"").matcher(jaas);
    return m.find() ? m.group(1) : "?";
  }

  /** {@code text} with the value of every secret (and its quoted password) replaced. */
  public String scrub(String text) {
    if (text == null) {
      return null;
    }
    String out = text;
    for (Map.Entry<String, String> e : values.entrySet()) {
      if (isSecret(e.getKey()) && !e.getValue().isEmpty()) {
        out = out.replace(e.getValue(), REDACTED);
        java.util.regex.Matcher m =
            Pattern.compile("password\\s*=\\s*\"([^\"]*)\"").matcher(e.getValue());
        while (m.find()) {
          if (!m.group(1).isEmpty()) {
            out = out.replace(m.group(1), REDACTED);
          }
        }
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return redacted().toString();
  }
}
