package io.netdrift.local;

import io.netdrift.job.config.ConfigException;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;

/**
 * The demo's Prometheus endpoint ({@code --prometheus-port}): Flink's own Prometheus reporter
 * ({@code flink-metrics-prometheus}), configured on the local MiniCluster exactly as on a cluster
 * ({@code metrics.reporter.prom.factory.class}, {@code metrics.reporter.prom.port}), so the names a
 * scrape of the demo shows are the names the Grafana dashboard in {@code docker/} sees on a
 * cluster.
 *
 * <p>Off by default: Flink's reporter has no bind-address setting and always listens on every
 * interface, while the demo otherwise listens on loopback only. It serves read-only metric values
 * (job, task and operator names, host names, counters and gauges; no configuration, no secrets) to
 * anyone who reaches the port.
 */
public final class PrometheusEndpoint {
  /** Flink's default port of the reporter, which a Prometheus scrape config usually names. */
  public static final int FLINK_DEFAULT_PORT = 9249;

  static final ConfigOption<String> FACTORY =
      ConfigOptions.key("metrics.reporter.prom.factory.class").stringType().noDefaultValue();
  static final ConfigOption<String> PORT =
      ConfigOptions.key("metrics.reporter.prom.port").stringType().noDefaultValue();
  static final String FACTORY_CLASS =
      "org.apache.flink.metrics.prometheus.PrometheusReporterFactory";

  private PrometheusEndpoint() {}

  /**
   * Adds the reporter on {@code port} to the MiniCluster's configuration; 0 adds nothing (off).
   * Fails with one line naming the flag when the port is out of range or already taken: Flink would
   * only log that the reporter could not start, and the demo would run without it.
   */
  public static void configure(Configuration conf, int port) {
    if (port == 0) {
      return;
    }
    if (port < 0 || port > 65_535) {
      throw new ConfigException("--prometheus-port must be 0 (off) or 1-65535, was " + port);
    }
    // the reporter binds the wildcard address, so that is where the port must be free
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(port));
    } catch (BindException e) {
      throw new ConfigException(
          "the Prometheus port "
              + port
              + " is already in use (another demo or Flink?); choose a free one with"
              + " --prometheus-port");
    } catch (IOException e) {
      throw new ConfigException(
          "--prometheus-port " + port + " cannot be opened: " + e.getMessage());
    }
    conf.set(FACTORY, FACTORY_CLASS);
    conf.set(PORT, String.valueOf(port));
  }

  /** Where a scraper on this machine reads the metrics. */
  public static String url(int port) {
    return "http://" + EmbeddedKafka.LOOPBACK + ":" + port + "/metrics";
  }
}
