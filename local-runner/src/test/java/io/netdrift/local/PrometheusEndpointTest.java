package io.netdrift.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netdrift.job.config.ConfigException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

/**
 * The demo's {@code --prometheus-port}: off at 0, Flink's reporter on a free port, one line else.
 */
class PrometheusEndpointTest {

  @Test
  void zeroLeavesTheReporterOff() {
    Configuration conf = new Configuration();
    PrometheusEndpoint.configure(conf, 0);
    assertThat(conf.toMap()).isEmpty();
  }

  @Test
  void aFreePortConfiguresFlinksPrometheusReporterThere() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    Configuration conf = new Configuration();
    PrometheusEndpoint.configure(conf, port);
    assertThat(conf.toMap())
        .containsEntry(
            "metrics.reporter.prom.factory.class",
            "org.apache.flink.metrics.prometheus.PrometheusReporterFactory")
        .containsEntry("metrics.reporter.prom.port", String.valueOf(port));
    // the factory named is on the demo's classpath
    assertThat(Class.forName(PrometheusEndpoint.FACTORY_CLASS)).isNotNull();
    assertThat(PrometheusEndpoint.url(port)).isEqualTo("http://127.0.0.1:" + port + "/metrics");
  }

  @Test
  void aTakenOrImpossiblePortFailsInOneLineNamingTheFlag() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(0));
      int port = taken.getLocalPort();
      assertThatThrownBy(() -> PrometheusEndpoint.configure(new Configuration(), port))
          .isInstanceOf(ConfigException.class)
          .hasMessage(
              "the Prometheus port "
                  + port
                  + " is already in use (another demo or Flink?); choose a free one with"
                  + " --prometheus-port");
    }
    assertThatThrownBy(() -> PrometheusEndpoint.configure(new Configuration(), 70_000))
        .isInstanceOf(ConfigException.class)
        .hasMessage("--prometheus-port must be 0 (off) or 1-65535, was 70000");
  }
}
