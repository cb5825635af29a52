package io.netdrift.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netdrift.core.network.BuiltInTopologies;
import io.netdrift.job.config.JobConfig;
import io.netdrift.schema.LoadPrediction;
import io.netdrift.simulator.FailureScenario;
import io.netdrift.simulator.KafkaStepPublisher;
import io.netdrift.simulator.NetworkSimulator;
import io.netdrift.simulator.SimulationStep;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --state-backend rocksdb}: the job keeps its keyed state in RocksDB and checkpoints
 * incrementally into {@code --checkpoint-dir} (RocksDB's files land in the checkpoint directory's
 * {@code shared/} folder, which only incremental checkpoints use), stops with a savepoint, and a
 * restored job continues with exactly one committed prediction per (link, step, lane), across a
 * failure and its repair.
 */
class RocksDbStateBackendITCase {
  private static final Duration STEP = Duration.ofMinutes(15);
  private static final long STEP_MS = STEP.toMillis();
  private static final int STEPS = 24;

  @RegisterExtension static final JobClusterExtension CLUSTER = new JobClusterExtension(2, 1);

  @TempDir Path dir;

  @Test
  void rocksDbStateCheckpointsIncrementallyAndRestoresFromASavepoint() throws Exception {
    NetworkSimulator simulator =
        NetworkSimulator.builder()
            .topology(BuiltInTopologies.abilene())
            .seed(11)
            .stepLength(STEP)
            .scenario(FailureScenario.DRASTIC, 8, 16)
            .maxSteps(STEPS)
            .build();
    List<SimulationStep> steps = new ArrayList<>();
    while (simulator.hasNext()) {
      steps.add(simulator.next());
    }
    Path checkpoints = dir.resolve("checkpoints");
    String suffix = "rocksdb-" + UUID.randomUUID().toString().substring(0, 8);
    JobConfig config =
        JobRunSupport.jobWithFreshTopics(
            CLUSTER.kafka(),
            suffix,
            STEP_MS,
            "--topology",
            "abilene",
            "--step-ms",
            String.valueOf(STEP_MS),
            "--checkpoint-interval-ms",
            "500",
            "--state-backend",
            "rocksdb",
            "--checkpoint-dir",
            checkpoints.toUri().toString());
    String bootstrap = CLUSTER.kafka().bootstrapServers();
    String topic = config.get(JobConfig.PREDICTIONS_TOPIC);
    int directions = BuiltInTopologies.abilene().directedLinkCount();
    int lanes = config.lanes().size();

    try (KafkaStepPublisher publisher =
        new KafkaStepPublisher(JobRunSupport.feed(bootstrap, config))) {
      // first run: the steps up to the failure's middle, then a savepoint (no drain)
      steps.subList(0, 12).forEach(publisher::publish);
      publisher.flush();
      JobClient first = JobRunSupport.start(config, null, "netdrift-rocksdb-1-" + suffix);
      JobRunSupport.awaitCommittedPredictions(bootstrap, topic, 10 * directions * lanes);
      await()
          .atMost(Duration.ofMinutes(1))
          .untilAsserted(
              () ->
                  assertThat(sharedFiles(checkpoints))
                      .as("RocksDB files under an incremental checkpoint's shared/ folder")
                      .isPositive());
      String savepoint = JobRunSupport.stopWithSavepoint(first, dir);

      // second run, restored: the rest of the steps, then a drain
      steps.subList(12, STEPS).forEach(publisher::publish);
      publisher.flush();
      JobClient second = JobRunSupport.start(config, savepoint, "netdrift-rocksdb-2-" + suffix);
      JobRunSupport.awaitCommittedPredictions(bootstrap, topic, (STEPS - 2) * directions * lanes);
      JobRunSupport.drain(second, dir);
    }

    List<LoadPrediction> predictions = JobRunSupport.readPredictions(bootstrap, topic);
    JobRunSupport.assertOnePredictionPerLinkStepLane(
        predictions, steps, config.get(JobConfig.STRATEGIES));
  }

  /**
   * Regular files below any {@code shared} folder of the checkpoint directory (0 while Flink
   * removes a subsumed checkpoint under the walk: the next poll counts again).
   */
  private static long sharedFiles(Path checkpoints) {
    if (!Files.isDirectory(checkpoints)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(checkpoints)) {
      return files
          .filter(Files::isRegularFile)
          .filter(f -> f.toString().contains("/shared/"))
          .count();
    } catch (IOException | UncheckedIOException e) {
      return 0;
    }
  }
}
