package io.netdrift.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netdrift.cluster.ClusterSettings;
import io.netdrift.cluster.FlinkRestClient;
import io.netdrift.cluster.LocalFlinkCluster;
import io.netdrift.core.forecast.ForecasterSpec;
import io.netdrift.core.model.ModelKind;
import io.netdrift.core.network.BuiltInTopologies;
import io.netdrift.core.network.Topology;
import io.netdrift.job.config.JobConfig;
import io.netdrift.schema.LoadPrediction;
import io.netdrift.simulator.FailureScenario;
import io.netdrift.simulator.KafkaStepPublisher;
import io.netdrift.simulator.NetworkSimulator;
import io.netdrift.simulator.SimulationStep;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job on a real multi-process Flink cluster ({@link LocalFlinkCluster}: a JobManager and two
 * TaskManagers, each its own JVM, from {@code local-cluster/target/flink-lib}), submitted as the
 * shaded job jar over REST, with a trained CfC lane and the liquid lane, RocksDB state and
 * incremental checkpoints:
 *
 * <ol>
 *   <li>one TaskManager is killed with SIGKILL mid-stream; the JobManager notices at the heartbeat
 *       timeout and restores the job from its last checkpoint onto the surviving TaskManager;
 *   <li>the job is stopped with a savepoint and started again from it in that same TaskManager JVM:
 *       a new user-code classloader, where a second load of TensorFlow's JNI library would fail if
 *       the job jar's copy were used (the cluster loads it parent-first from {@code lib/});
 *   <li>after a drain, every (link, step, lane) has exactly one committed prediction.
 * </ol>
 *
 * Every process the test starts is stopped by its PID, also when it fails.
 */
class FlinkClusterITCase {
  private static final Duration STEP = Duration.ofMinutes(15);
  private static final long STEP_MS = STEP.toMillis();
  private static final int TRAINING_STEPS = 96;
  private static final int STEPS = 30;
  private static final int KILL_AFTER = 10;
  private static final int RESTART_AFTER = 20;

  @RegisterExtension static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

  @TempDir Path dir;

  @Test
  void survivesAKilledTaskManagerAndRestartsInTheSameTaskManagerWithExactlyOnePredictionEach()
      throws Exception {
    NetworkSimulator simulator =
        NetworkSimulator.builder()
            .topology(BuiltInTopologies.abilene())
            .start(Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(2)))
            .seed(23)
            .stepLength(STEP)
            .scenario(FailureScenario.DRASTIC, TRAINING_STEPS + 12, TRAINING_STEPS + 24)
            .maxSteps(TRAINING_STEPS + STEPS)
            .build();
    Topology topology = simulator.topology();
    List<SimulationStep> history = BaseModelSupport.history(simulator, TRAINING_STEPS);
    Path cfc =
        BaseModelSupport.trainTiny(history, topology, ModelKind.CFC, STEP_MS, dir.resolve("cfc"));
    List<SimulationStep> steps = new ArrayList<>();
    while (simulator.hasNext()) {
      steps.add(simulator.next());
    }

    String suffix = "cluster-" + UUID.randomUUID().toString().substring(0, 8);
    // under target/, not the temporary directory: the processes' logs stay for a failure's analysis
    Path home = Path.of("target", "flink-cluster", suffix).toAbsolutePath();
    String bootstrap = KAFKA.bootstrapServers();
    List<String> flags = JobRunSupport.sharedFlags(bootstrap, suffix, STEP_MS);
    flags.addAll(
        List.of(
            "--topology",
            "abilene",
            "--step-ms",
            String.valueOf(STEP_MS),
            "--strategies",
            "persistence,static=" + cfc + ",liquid=" + cfc,
            "--model-store-dir",
            dir.resolve("model-store").toString(),
            "--model-device",
            "cpu",
            "--state-backend",
            "rocksdb",
            "--checkpoint-dir",
            home.resolve("checkpoints").toUri().toString(),
            "--checkpoint-interval-ms",
            "1000",
            // three JVMs and the broker share two cores here: a partition whose fetch is slow, or
            // that watermark alignment pauses, must not count as idle and let the watermark pass
            // its samples (they would be dropped as late)
            "--source-idle-timeout-ms",
            "30000"));
    JobConfig config = JobConfig.fromArgs(flags.toArray(String[]::new));
    JobRunSupport.createTopics(KAFKA.kafka(), config, List.of(JobConfig.Topic.values()));
    String topic = config.get(JobConfig.PREDICTIONS_TOPIC);
    List<String> lanes = config.lanes().stream().map(ForecasterSpec::strategy).toList();
    int perStep = topology.directedLinkCount() * lanes.size();

    ClusterSettings settings =
        ClusterSettings.defaults(home, Path.of(System.getProperty("netdrift.flink.lib")))
            .withRestPort(0)
            .withTaskManagers(2, 2)
            // a killed TaskManager is noticed after 6 s instead of Flink's 50
            .withHeartbeat(Duration.ofSeconds(1), Duration.ofSeconds(6))
            .withMemory("768m", "1280m");
    try (LocalFlinkCluster cluster = LocalFlinkCluster.start(settings, Duration.ofMinutes(3));
        KafkaStepPublisher publisher =
            new KafkaStepPublisher(JobRunSupport.feed(bootstrap, config))) {
      FlinkRestClient rest = cluster.rest();
      String jar = rest.uploadJar(Path.of(System.getProperty("netdrift.job.jar")));

      steps.subList(0, KILL_AFTER).forEach(publisher::publish);
      publisher.flush();
      String first = rest.runJar(jar, flags, null);
      awaitAllTasksRunning(rest, first);
      JobRunSupport.awaitCommittedPredictions(bootstrap, topic, (KILL_AFTER - 2) * perStep);
      await().atMost(Duration.ofMinutes(1)).until(() -> rest.completedCheckpoints(first) >= 2);

      // kill -9 a TaskManager that runs subtasks of the job (the slots are spread over both)
      Map<String, Long> taskManagers = cluster.taskManagersById();
      assertThat(taskManagers).hasSize(2);
      Map<String, Integer> usedSlots = rest.usedSlots();
      System.out.println("slots in use per TaskManager: " + usedSlots);
      String victimId =
          usedSlots.entrySet().stream()
              .filter(e -> e.getValue() > 0)
              .map(Map.Entry::getKey)
              .findFirst()
              .orElseThrow();
      String survivorId =
          taskManagers.keySet().stream()
              .filter(id -> !id.equals(victimId))
              .findFirst()
              .orElseThrow();
      long survivor = taskManagers.get(survivorId);
      cluster.killTaskManager(taskManagers.get(victimId));
      steps.subList(KILL_AFTER, RESTART_AFTER).forEach(publisher::publish);
      publisher.flush();
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> !rest.failures(first).isEmpty());
      // the first failure reported may be the lost TaskManager, its lost heartbeat, or an event the
      // coordinator could not deliver to it: what the test holds on is the restore that follows
      System.out.println(
          "the JobManager saw: " + rest.failures(first).get(0).lines().findFirst().orElse(""));
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> rest.restoredCheckpointId(first) > 0);
      // the JobManager drops the dead TaskManager at the heartbeat timeout; until then it may
      // deploy the restored tasks into that TaskManager's slots again, and fail over once more
      await()
          .atMost(Duration.ofMinutes(1))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> rest.taskManagerIds().size() == 1);
      awaitAllTasksRunning(rest, first);
      long completedAfterRestore = rest.completedCheckpoints(first);
      JobRunSupport.awaitCommittedPredictions(bootstrap, topic, (RESTART_AFTER - 2) * perStep);
      await()
          .atMost(Duration.ofMinutes(1))
          .until(() -> rest.completedCheckpoints(first) > completedAfterRestore);

      // stop with a savepoint and start again from it, in the surviving TaskManager's JVM
      String savepoint =
          rest.stopWithSavepoint(first, cluster.savepointsUri(), false, Duration.ofMinutes(2));
      assertThat(cluster.taskManagerPids()).containsExactly(survivor);
      String second = rest.runJar(jar, flags, savepoint);
      steps.subList(RESTART_AFTER, STEPS).forEach(publisher::publish);
      publisher.flush();
      awaitAllTasksRunning(rest, second);
      JobRunSupport.awaitCommittedPredictionsOrStall(bootstrap, topic, (STEPS - 2) * perStep);
      assertThat(rest.failures(second))
          .as("the restarted job in the same TaskManager never failed (TensorFlow loads once)")
          .isEmpty();
      rest.stopWithSavepoint(second, cluster.savepointsUri(), true, Duration.ofMinutes(2));
      assertThat(cluster.taskManagerPids()).containsExactly(survivor);
      assertThat(Files.readString(cluster.home().resolve("log").resolve(survivorId + ".log")))
          .as("the surviving TaskManager loaded TensorFlow's natives from lib/")
          .contains("TensorFlow 1.0.0 natives");
    }

    List<LoadPrediction> predictions = JobRunSupport.readPredictions(bootstrap, topic);
    Map<String, Long> perLane =
        predictions.stream()
            .collect(Collectors.groupingBy(LoadPrediction::getStrategy, Collectors.counting()));
    System.out.println("predictions per lane: " + perLane);
    JobRunSupport.assertOnePredictionPerLinkStepLane(predictions, steps, lanes);
  }

  private static void awaitAllTasksRunning(FlinkRestClient rest, String jobId) {
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> rest.allTasksRunning(jobId));
  }
}
