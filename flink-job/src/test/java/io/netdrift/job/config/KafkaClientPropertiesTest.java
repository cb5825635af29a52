package io.netdrift.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.util.ParameterTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kafka client settings from a file and the environment; their secrets are never shown. */
class KafkaClientPropertiesTest {
  private static final String PASSWORD = "s3cr3t-Pa55";
  private static final String JAAS =
      "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"alice\""
          + " password=\""
          + PASSWORD
          + "\";";

  @TempDir Path dir;

  private Path file(String text) throws Exception {
    Path file = dir.resolve("kafka.properties");
    Files.writeString(file, text);
    return file;
  }

  private Path securedFile() throws Exception {
    return file(
        "security.protocol=SASL_SSL\n"
            + "sasl.mechanism=SCRAM-SHA-512\n"
            + "sasl.jaas.config="
            + JAAS
            + "\n"
            + "ssl.truststore.location=/etc/kafka/truststore.p12\n"
            + "ssl.truststore.password=trust-"
            + PASSWORD
            + "\n");
  }

  @Test
  void readsTheFileThenTheEnvironmentWhichWins() throws Exception {
    KafkaClientProperties props =
        KafkaClientProperties.load(
            securedFile().toString(),
            Map.of(
                "NETDRIFT_KAFKA_SASL_MECHANISM", "SCRAM-SHA-256",
                "NETDRIFT_KAFKA_SSL_ENDPOINT_IDENTIFICATION_ALGORITHM", "",
                "PATH", "/usr/bin"));

    assertThat(props.asMap())
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-256")
        .containsEntry("sasl.jaas.config", JAAS)
        .containsEntry("ssl.truststore.location", "/etc/kafka/truststore.p12")
        .containsEntry("ssl.endpoint.identification.algorithm", "")
        .doesNotContainKey("path");
    assertThat(props.saslUser()).isEqualTo("alice");
    assertThat(KafkaClientProperties.propertyOfEnv("NETDRIFT_KAFKA_SASL_JAAS_CONFIG"))
        .isEqualTo("sasl.jaas.config");
  }

  @Test
  void noFileAndNoVariablesIsPlaintext() {
    KafkaClientProperties props = KafkaClientProperties.load("", Map.of("HOME", "/root"));
    assertThat(props.isEmpty()).isTrue();
    assertThat(props.securityProtocol()).isEqualTo("PLAINTEXT");
  }

  @Test
  void secretsAreRedactedInEveryStringForm() throws Exception {
    KafkaClientProperties props =
        KafkaClientProperties.load(
            securedFile().toString(), Map.of("NETDRIFT_KAFKA_SSL_KEY_PASSWORD", "key-" + PASSWORD));

    assertThat(props.redacted())
        .containsEntry("sasl.jaas.config", KafkaClientProperties.REDACTED)
        .containsEntry("ssl.truststore.password", KafkaClientProperties.REDACTED)
        .containsEntry("ssl.key.password", KafkaClientProperties.REDACTED)
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("ssl.truststore.location", "/etc/kafka/truststore.p12");
    assertThat(props.toString()).doesNotContain(PASSWORD).contains("SCRAM-SHA-512");
    assertThat(props.scrub("login failed for " + JAAS + " and " + PASSWORD))
        .doesNotContain(PASSWORD);

    JobConfig config = JobConfig.fromArgs("--kafka-properties", securedFile().toString());
    assertThat(config.toString()).doesNotContain(PASSWORD);
    Map<String, String> shown = config.toDisplayMap();
    assertThat(shown)
        .containsEntry("kafka.sasl.jaas.config", KafkaClientProperties.REDACTED)
        .containsEntry("kafka.security.protocol", "SASL_SSL");
    // what the dashboard shows: the global job parameters
    ParameterTool parameters = ParameterTool.fromMap(shown);
    assertThat(parameters.toMap().toString() + parameters.getConfiguration())
        .doesNotContain(PASSWORD);
  }

  @Test
  void aTypoFailsNamingTheKeyAndWhereItCameFromButNotItsValue() throws Exception {
    Path file = file("sasl.jass.config=" + JAAS + "\n");

    assertThatThrownBy(() -> JobConfig.fromArgs("--kafka-properties", file.toString()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "kafkaProperties (file "
                + file
                + "): 'sasl.jass.config' is not a Kafka consumer, producer or admin client"
                + " property")
        .message()
        .doesNotContain(PASSWORD);
  }

  @Test
  void settingsTheJobOwnsAreRefused() {
    assertThatThrownBy(
            () ->
                KafkaClientProperties.load(
                    null, Map.of("NETDRIFT_KAFKA_BOOTSTRAP_SERVERS", "other:9092")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("environment variable NETDRIFT_KAFKA_BOOTSTRAP_SERVERS")
        .hasMessageContaining("'bootstrap.servers' is set by the job itself");
    assertThatThrownBy(
            () ->
                KafkaClientProperties.load(
                    null, Map.of("NETDRIFT_KAFKA_ISOLATION_LEVEL", "read_uncommitted")))
        .hasMessageContaining("'isolation.level' is set by the job itself");
  }

  @Test
  void anUnreadableFileIsNamedWithoutItsContent() {
    Path missing = dir.resolve("missing.properties");
    assertThatThrownBy(() -> KafkaClientProperties.load(missing.toString(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("kafkaProperties: cannot read " + missing + " (NoSuchFileException)");
  }

  @Test
  void secretNamesCoverKafkaPasswordsAndTheJaasConfig() {
    assertThat(KafkaClientProperties.isSecret("sasl.jaas.config")).isTrue();
    assertThat(KafkaClientProperties.isSecret("ssl.keystore.password")).isTrue();
    assertThat(KafkaClientProperties.isSecret("ssl.keystore.key")).isTrue();
    assertThat(KafkaClientProperties.isSecret("sasl.oauthbearer.client.credentials.client.secret"))
        .isTrue();
    assertThat(KafkaClientProperties.isSecret("sasl.mechanism")).isFalse();
    assertThat(KafkaClientProperties.isSecret("ssl.truststore.location")).isFalse();
  }
}
