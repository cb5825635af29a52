package io.netdrift.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdrift.core.network.BuiltInTopologies;
import io.netdrift.job.NetdriftJob;
import io.netdrift.job.config.JobConfig;
import io.netdrift.schema.LoadPrediction;
import io.netdrift.simulator.KafkaStepPublisher;
import io.netdrift.simulator.NetworkSimulator;
import io.netdrift.simulator.SimulationStep;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.flink.api.common.JobID;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.checkpoint.CheckpointStatsCounts;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code --delivery-guarantee at-least-once}: the sinks write without transactions, so a {@code
 * read_committed} consumer sees the predictions as they are made, not when a checkpoint completes.
 * The assertion is about order, not speed: with a 60 s checkpoint interval, the predictions of the
 * released steps are visible while the job has not completed (or even triggered) its first
 * checkpoint.
 */
class DeliveryGuaranteeITCase {
  private static final Duration STEP = Duration.ofMinutes(15);
  private static final long STEP_MS = STEP.toMillis();
  private static final int STEPS = 8;
  private static final long CHECKPOINT_INTERVAL_MS = 60_000;

  @RegisterExtension static final JobClusterExtension CLUSTER = new JobClusterExtension(2, 1);

  @Test
  void atLeastOncePredictionsAreVisibleToReadCommittedBeforeTheFirstCheckpoint() throws Exception {
    NetworkSimulator simulator =
        NetworkSimulator.builder()
            .topology(BuiltInTopologies.abilene())
            .seed(5)
            .stepLength(STEP)
            .maxSteps(STEPS)
            .build();
    List<SimulationStep> steps = new ArrayList<>();
    while (simulator.hasNext()) {
      steps.add(simulator.next());
    }
    String suffix = "alo-" + UUID.randomUUID().toString().substring(0, 8);
    JobConfig config =
        JobRunSupport.jobWithFreshTopics(
            CLUSTER.kafka(),
            suffix,
            STEP_MS,
            "--topology",
            "abilene",
            "--step-ms",
            String.valueOf(STEP_MS),
            "--delivery-guarantee",
            "at-least-once",
            "--checkpoint-interval-ms",
            String.valueOf(CHECKPOINT_INTERVAL_MS));
    String bootstrap = CLUSTER.kafka().bootstrapServers();

    // the input is on the topics before the job starts (no partition goes idle under it)
    try (KafkaStepPublisher publisher =
        new KafkaStepPublisher(JobRunSupport.feed(bootstrap, config))) {
      steps.forEach(publisher::publish);
      publisher.flush();
    }

    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    NetdriftJob.attach(env, config);
    // Flink draws the first checkpoint's delay from [min pause, interval]: with a min pause close
    // to the interval, no checkpoint can come before 50 s, whatever the draw
    env.getCheckpointConfig().setMinPauseBetweenCheckpoints(CHECKPOINT_INTERVAL_MS - 10_000);
    JobClient job = env.executeAsync("netdrift-at-least-once-" + suffix);
    try {
      // the watermark trails the newest step by one step plus 1 ms: all but the newest two steps
      // are forecast while the job runs
      List<SimulationStep> released = steps.subList(0, STEPS - 2);
      int lanes = config.lanes().size();
      int expected = released.size() * BuiltInTopologies.abilene().directedLinkCount() * lanes;
      String topic = config.get(JobConfig.PREDICTIONS_TOPIC);
      JobRunSupport.awaitCommittedPredictions(bootstrap, topic, expected);

      CheckpointStatsCounts checkpoints = checkpointCounts(job.getJobID());
      assertThat(checkpoints.getNumberOfCompletedCheckpoints())
          .as("checkpoints completed when the predictions were already visible (read_committed)")
          .isZero();

      List<LoadPrediction> predictions = JobRunSupport.readPredictions(bootstrap, topic);
      // no restart happened, so at-least-once has nothing to repeat yet: one per (link, step, lane)
      JobRunSupport.assertOnePredictionPerLinkStepLane(
          predictions, released, config.get(JobConfig.STRATEGIES));
      assertThat(checkpointCounts(job.getJobID()).getNumberOfCompletedCheckpoints()).isZero();
    } finally {
      job.cancel().get();
    }
  }

  private static CheckpointStatsCounts checkpointCounts(JobID job) throws Exception {
    return CLUSTER
        .getMiniCluster()
        .getExecutionGraph(job)
        .get()
        .getCheckpointStatsSnapshot()
        .getCounts();
  }
}
