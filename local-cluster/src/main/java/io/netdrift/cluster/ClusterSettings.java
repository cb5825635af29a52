package io.netdrift.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link LocalFlinkCluster} is made of: where it keeps its files, the jars of its {@code
 * lib/}, how many TaskManagers with how many slots, its ports and heartbeat, and any further Flink
 * setting ({@link #withSetting}).
 *
 * @param home the cluster's directory: {@code conf/}, {@code log/}, the processes' PID files,
 *     checkpoints and savepoints
 * @param flinkLib the directory of jars every process runs from ({@code local-cluster/target/
 *     flink-lib})
 * @param taskManagers TaskManager processes started with the cluster
 * @param slotsPerTaskManager {@code taskmanager.numberOfTaskSlots}
 * @param restPort the dashboard's and REST API's port on 127.0.0.1 (0: a free one)
 * @param heartbeatInterval {@code heartbeat.interval}
 * @param heartbeatTimeout {@code heartbeat.timeout}: how soon a killed TaskManager is noticed
 * @param jobManagerMemory {@code jobmanager.memory.process.size}
 * @param taskManagerMemory {@code taskmanager.memory.process.size}
 * @param extraSettings further Flink settings, written last into {@code conf/config.yaml}
 */
public record ClusterSettings(
    Path home,
    Path flinkLib,
    int taskManagers,
    int slotsPerTaskManager,
    int restPort,
    Duration heartbeatInterval,
    Duration heartbeatTimeout,
    String jobManagerMemory,
    String taskManagerMemory,
    Map<String, String> extraSettings) {

  public ClusterSettings {
    Objects.requireNonNull(home, "home");
    Objects.requireNonNull(flinkLib, "flinkLib");
    if (taskManagers < 1) {
      throw new IllegalArgumentException("taskManagers must be at least 1, got " + taskManagers);
    }
    if (slotsPerTaskManager < 1) {
      throw new IllegalArgumentException(
          "slotsPerTaskManager must be at least 1, got " + slotsPerTaskManager);
    }
    if (restPort < 0 || restPort > 65535) {
      throw new IllegalArgumentException("restPort must be 0-65535, got " + restPort);
    }
    if (heartbeatTimeout.compareTo(heartbeatInterval) <= 0) {
      throw new IllegalArgumentException(
          "heartbeatTimeout ("
              + heartbeatTimeout.toMillis()
              + " ms) must exceed heartbeatInterval ("
              + heartbeatInterval.toMillis()
              + " ms)");
    }
    extraSettings = Collections.unmodifiableMap(new LinkedHashMap<>(extraSettings));
  }

  /**
   * The defaults for one machine with 2 cores: two TaskManagers of two slots, 1 GB for the
   * JobManager and 1.5 GB per TaskManager (TensorFlow's native memory comes on top, outside Flink's
   * budget), the dashboard on port 8081, Flink's default heartbeat (10 s, 50 s).
   */
  public static ClusterSettings defaults(Path home, Path flinkLib) {
    return new ClusterSettings(
        home,
        flinkLib,
        2,
        2,
        8081,
        Duration.ofSeconds(10),
        Duration.ofSeconds(50),
        "1g",
        "1536m",
        Map.of());
  }

  public ClusterSettings withTaskManagers(int n, int slots) {
    return new ClusterSettings(
        home,
        flinkLib,
        n,
        slots,
        restPort,
        heartbeatInterval,
        heartbeatTimeout,
        jobManagerMemory,
        taskManagerMemory,
        extraSettings);
  }

  public ClusterSettings withRestPort(int port) {
    return new ClusterSettings(
        home,
        flinkLib,
        taskManagers,
        slotsPerTaskManager,
        port,
        heartbeatInterval,
        heartbeatTimeout,
        jobManagerMemory,
        taskManagerMemory,
        extraSettings);
  }

  /** A shorter heartbeat: a killed TaskManager is noticed after {@code timeout}. */
  public ClusterSettings withHeartbeat(Duration interval, Duration timeout) {
    return new ClusterSettings(
        home,
        flinkLib,
        taskManagers,
        slotsPerTaskManager,
        restPort,
        interval,
        timeout,
        jobManagerMemory,
        taskManagerMemory,
        extraSettings);
  }

  public ClusterSettings withMemory(String jobManager, String taskManager) {
    return new ClusterSettings(
        home,
        flinkLib,
        taskManagers,
        slotsPerTaskManager,
        restPort,
        heartbeatInterval,
        heartbeatTimeout,
        jobManager,
        taskManager,
        extraSettings);
  }

  /** Flink's Prometheus reporter, in {@code lib/} of the cluster (flink-metrics-prometheus). */
  public static final String PROMETHEUS_REPORTER_FACTORY =
      "org.apache.flink.metrics.prometheus.PrometheusReporterFactory";

  /**
   * Flink's Prometheus reporter in every process, as on a production cluster: each process takes
   * the first free port of {@code firstPort} .. {@code firstPort + taskManagers + 2} (the
   * JobManager, the TaskManagers and two started later), and serves {@code /metrics} there. The
   * reporter listens on every interface: it has no bind-address setting.
   */
  public ClusterSettings withPrometheus(int firstPort) {
    int last = firstPort + taskManagers + 2;
    if (firstPort < 1 || last > 65535) {
      throw new IllegalArgumentException(
          "the Prometheus ports " + firstPort + "-" + last + " must lie within 1-65535");
    }
    return withSetting("metrics.reporter.prom.factory.class", PROMETHEUS_REPORTER_FACTORY)
        .withSetting("metrics.reporter.prom.port", firstPort + "-" + last);
  }

  /** One more Flink setting ({@code key: value} in {@code conf/config.yaml}). */
  public ClusterSettings withSetting(String key, String value) {
    Map<String, String> more = new LinkedHashMap<>(extraSettings);
    more.put(key, value);
    return new ClusterSettings(
        home,
        flinkLib,
        taskManagers,
        slotsPerTaskManager,
        restPort,
        heartbeatInterval,
        heartbeatTimeout,
        jobManagerMemory,
        taskManagerMemory,
        more);
  }
}
