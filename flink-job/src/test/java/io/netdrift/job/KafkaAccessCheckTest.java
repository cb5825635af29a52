package io.netdrift.job;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netdrift.job.config.ConfigException;
import io.netdrift.job.config.JobConfig;
import io.netdrift.job.config.KafkaClientProperties;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The start-up check's one-line answers that need no broker (the rest: SecuredKafkaITCase). */
class KafkaAccessCheckTest {

  private static int closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return socket.getLocalPort();
    }
  }

  @Test
  void nothingListeningNamesTheBootstrapFlag() throws Exception {
    String bootstrap = "127.0.0.1:" + closedPort();
    JobConfig config =
        JobConfig.fromArgs("--bootstrap-servers", bootstrap, "--kafka-check-timeout-ms", "1000");

    assertThatThrownBy(() -> KafkaAccessCheck.check(config, KafkaClientProperties.none()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "no Kafka answered at "
                + bootstrap
                + " within 1 s: nothing accepts connections at "
                + bootstrap
                + " (check --bootstrap-servers)");
  }

  @Test
  void saslWithoutAJaasConfigSaysWhereToPutIt() throws Exception {
    JobConfig config = JobConfig.fromArgs("--bootstrap-servers", "127.0.0.1:" + closedPort());
    KafkaClientProperties sasl =
        KafkaClientProperties.load(
            null,
            Map.of(
                "NETDRIFT_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
                "NETDRIFT_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512"));

    assertThatThrownBy(() -> KafkaAccessCheck.check(config, sasl))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("Kafka client settings rejected (SASL_PLAINTEXT): ")
        .hasMessageEndingWith(
            "(security.protocol SASL_PLAINTEXT needs sasl.jaas.config: --kafka-properties FILE"
                + " or NETDRIFT_KAFKA_SASL_JAAS_CONFIG)")
        .message()
        .doesNotContain("\n");
  }
}
