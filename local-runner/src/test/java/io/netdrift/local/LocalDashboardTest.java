package io.netdrift.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netdrift.job.config.ConfigException;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.junit.jupiter.api.Test;

/** The demo's MiniCluster listens on loopback only and its dashboard runs no uploaded jars. */
class LocalDashboardTest {

  @Test
  void theDefaultConfigurationBindsToLoopbackWithoutWebSubmission() {
    Configuration conf = LocalDashboard.flinkConfiguration(EmbeddedKafka.LOOPBACK, 8081);

    assertThat(conf.get(RestOptions.BIND_ADDRESS)).isEqualTo("127.0.0.1");
    assertThat(conf.get(RestOptions.ADDRESS)).isEqualTo("127.0.0.1");
    assertThat(conf.get(RestOptions.BIND_PORT)).isEqualTo("8081");
    assertThat(conf.get(WebOptions.SUBMIT_ENABLE)).isFalse();
    assertThat(conf.get(WebOptions.CANCEL_ENABLE)).isTrue();
    assertThat(LocalDashboard.url(EmbeddedKafka.LOOPBACK, 8081)).isEqualTo("http://127.0.0.1:8081");
  }

  @Test
  void openingToTheNetworkKeepsSubmissionAndCancellationOff() {
    Configuration conf = LocalDashboard.flinkConfiguration("0.0.0.0", 8081);

    assertThat(conf.get(RestOptions.BIND_ADDRESS)).isEqualTo("0.0.0.0");
    assertThat(conf.get(WebOptions.SUBMIT_ENABLE)).isFalse();
    assertThat(conf.get(WebOptions.CANCEL_ENABLE)).isFalse();
    // a browser on this machine still uses loopback
    assertThat(LocalDashboard.url("0.0.0.0", 8081)).isEqualTo("http://127.0.0.1:8081");
  }

  @Test
  void aMiniClusterWithThisConfigurationAnswersOnLoopbackOnlyAndRefusesJarSubmission()
      throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    MiniClusterConfiguration cluster =
        new MiniClusterConfiguration.Builder()
            .setConfiguration(LocalDashboard.flinkConfiguration(EmbeddedKafka.LOOPBACK, port))
            .setNumTaskManagers(1)
            .setNumSlotsPerTaskManager(1)
            .build();
    try (MiniCluster miniCluster = new MiniCluster(cluster)) {
      miniCluster.start();
      URI rest = miniCluster.getRestAddress().get();
      assertThat(rest.getHost()).isEqualTo("127.0.0.1");
      assertThat(rest.getPort()).isEqualTo(port);

      HttpURLConnection config =
          (HttpURLConnection) URI.create(rest + "/config").toURL().openConnection();
      assertThat(config.getResponseCode()).isEqualTo(200);
      JsonNode features = new ObjectMapper().readTree(config.getInputStream()).path("features");
      assertThat(features.path("web-submit").asBoolean(true)).isFalse();
      HttpURLConnection jars =
          (HttpURLConnection) URI.create(rest + "/jars").toURL().openConnection();
      assertThat(jars.getResponseCode()).isEqualTo(404);

      // from another interface of this host the port is closed (skipped on a host without one)
      for (InetAddress address : nonLoopbackAddresses()) {
        assertThat(accepts(address, port)).as(address + ":" + port).isFalse();
      }
    }
  }

  @Test
  void aTakenPortIsOneLineNamingTheFlag() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      int port = taken.getLocalPort();

      assertThatThrownBy(() -> LocalDashboard.checkPortFree(EmbeddedKafka.LOOPBACK, port))
          .isInstanceOf(ConfigException.class)
          .hasMessage(
              "the dashboard port "
                  + port
                  + " on 127.0.0.1 is already in use (another demo or Flink?); choose a free one"
                  + " with --web-port");
    }
  }

  @Test
  void theEmbeddedBrokerListensOnLoopbackOnly() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      String bootstrap = kafka.bootstrapServers();
      assertThat(bootstrap).startsWith("127.0.0.1:");
      int port = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
      assertThat(accepts(InetAddress.getLoopbackAddress(), port)).isTrue();
      for (InetAddress address : nonLoopbackAddresses()) {
        assertThat(accepts(address, port)).as(address + ":" + port).isFalse();
      }
    }
  }

  @Test
  void aBrokerOpenedToTheNetworkAnswersOnEveryInterface() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start("0.0.0.0")) {
      String bootstrap = kafka.bootstrapServers();
      int port = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
      assertThat(accepts(InetAddress.getLoopbackAddress(), port)).isTrue();
      for (InetAddress address : nonLoopbackAddresses()) {
        assertThat(accepts(address, port)).as(address + ":" + port).isTrue();
      }
      // advertised under this host's name, which clients here resolve
      kafka.createTopics(java.util.Map.of("opened", 1));
    }
  }

  private static List<InetAddress> nonLoopbackAddresses() throws IOException {
    return NetworkInterface.networkInterfaces()
        .flatMap(NetworkInterface::inetAddresses)
        .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
        .toList();
  }

  private static boolean accepts(InetAddress address, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), 1_000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
