package io.netdrift.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster's files and its process bookkeeping, without starting Flink (FlinkClusterITCase
 * starts a real cluster): what the configuration says, which processes count as the cluster's, and
 * that stopping it stops them and nothing else.
 */
class LocalFlinkClusterTest {
  @TempDir Path home;

  @Test
  void theConfigurationKeepsEverythingOnLoopbackAndLoadsTensorFlowAndProtobufParentFirst()
      throws Exception {
    ClusterSettings settings =
        ClusterSettings.defaults(home, home.resolve("lib"))
            .withHeartbeat(Duration.ofSeconds(1), Duration.ofSeconds(6))
            .withSetting("rest.port", "1234");
    Files.createDirectories(home.resolve("conf"));
    ClusterConfigFiles.write(settings, home, 8081, 6123);

    Map<String, String> c = LocalFlinkCluster.readConfig(home);
    assertThat(c)
        .containsEntry("rest.bind-address", "127.0.0.1")
        .containsEntry("jobmanager.bind-host", "127.0.0.1")
        .containsEntry("taskmanager.bind-host", "127.0.0.1")
        .containsEntry("heartbeat.timeout", "6000 ms")
        .containsEntry("taskmanager.numberOfTaskSlots", "2")
        // a setting given by the caller comes last and wins
        .containsEntry("rest.port", "1234");
    assertThat(c.get("classloader.parent-first-patterns.additional").split(";"))
        .contains("ai.djl.", "org.tensorflow.", "org.bytedeco.", "com.google.protobuf.");
    assertThat(Files.readString(home.resolve("conf").resolve("log4j.properties")))
        .contains("${sys:log.file}");
  }

  @Test
  void prometheusGivesEveryProcessAPortOfItsRange() throws Exception {
    ClusterSettings settings =
        ClusterSettings.defaults(home, home.resolve("lib"))
            .withTaskManagers(3, 1)
            .withPrometheus(9300);
    Files.createDirectories(home.resolve("conf"));
    ClusterConfigFiles.write(settings, home, 8081, 6123);

    assertThat(LocalFlinkCluster.readConfig(home))
        .containsEntry(
            "metrics.reporter.prom.factory.class", ClusterSettings.PROMETHEUS_REPORTER_FACTORY)
        // the JobManager, three TaskManagers and two started later
        .containsEntry("metrics.reporter.prom.port", "9300-9305");
    assertThatThrownBy(() -> ClusterSettings.defaults(home, home.resolve("lib")).withPrometheus(0))
        .hasMessageContaining("Prometheus ports");
    assertThatThrownBy(
            () -> ClusterSettings.defaults(home, home.resolve("lib")).withPrometheus(65534))
        .hasMessageContaining("65534-65538");
  }

  @Test
  void settingsRefuseWhatCannotRun() {
    Path lib = home.resolve("lib");
    assertThatThrownBy(() -> ClusterSettings.defaults(home, lib).withTaskManagers(0, 2))
        .hasMessageContaining("taskManagers");
    assertThatThrownBy(
            () ->
                ClusterSettings.defaults(home, lib)
                    .withHeartbeat(Duration.ofSeconds(5), Duration.ofSeconds(5)))
        .hasMessageContaining("heartbeatTimeout");
    assertThatThrownBy(() -> ClusterSettings.defaults(home, lib).withRestPort(70000))
        .hasMessageContaining("restPort");
  }

  @Test
  void startingWithoutFlinkJarsSaysHowToBuildThem() {
    ClusterSettings settings = ClusterSettings.defaults(home, home.resolve("no-lib"));
    assertThatThrownBy(() -> LocalFlinkCluster.start(settings, Duration.ofSeconds(5)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("mvn -B -DskipTests -pl local-cluster package");
  }

  @Test
  void stopEndsTheProcessesThatNameTheClusterAndLeavesAReusedPidAlone() throws Exception {
    LocalFlinkCluster cluster = attachedWithoutFlink();
    long companion =
        cluster.startCompanion(
            "sleeper", List.of("/bin/sh", "-c", "sleep 120; echo " + home.toAbsolutePath()));
    // a PID file that points at a process that is not the cluster's (here: this test's JVM), as
    // after a reboot when the OS gave the PID to another program
    Files.writeString(
        home.resolve("pids").resolve("taskmanager-7.pid"),
        String.valueOf(ProcessHandle.current().pid()));

    assertThat(cluster.runningProcesses())
        .extracting(LocalFlinkCluster.TrackedProcess::name)
        .containsExactly("sleeper");

    cluster.close();

    assertThat(ProcessHandle.of(companion).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThat(ProcessHandle.current().isAlive()).isTrue();
    assertThat(cluster.runningProcesses()).isEmpty();
    assertThat(home.resolve("pids")).isEmptyDirectory();
  }

  @Test
  void aCompanionMustNameTheClusterSoItCanBeRecognisedLater() throws Exception {
    LocalFlinkCluster cluster = attachedWithoutFlink();
    assertThatThrownBy(() -> cluster.startCompanion("stray", List.of("/bin/sh", "-c", "sleep 1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must name the cluster's home");
  }

  /** A cluster directory as start() leaves it, without its Flink processes. */
  private LocalFlinkCluster attachedWithoutFlink() throws Exception {
    for (String dir : List.of("conf", "log", "pids")) {
      Files.createDirectories(home.resolve(dir));
    }
    Files.writeString(
        home.resolve("cluster.properties"),
        "restPort=" + LocalFlinkCluster.freePort() + "\nflinkLib=" + home.resolve("lib") + "\n");
    return LocalFlinkCluster.attach(home).orElseThrow();
  }
}
