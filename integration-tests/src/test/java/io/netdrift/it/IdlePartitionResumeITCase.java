package io.netdrift.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdrift.job.config.JobConfig;
import io.netdrift.schema.DeadLetter;
import io.netdrift.schema.LinkStatus;
import io.netdrift.schema.LinkTelemetry;
import io.netdrift.schema.LoadPrediction;
import io.netdrift.schema.codec.AvroCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lull of every input partition, then a burst that reaches one partition a second before the
 * other (a producer outage, a paused feed): the first partition to resume must not push the
 * watermark past the other's samples of the same steps. Every link's samples are in order, so none
 * may be dead-lettered TOO_LATE, and each gets one prediction per lane.
 *
 * <p>With Flink's own idleness the resumed partition moved the watermark alone (the other was still
 * idle) 7 steps ahead, and the other's first samples were dead-lettered: this test failed so before
 * {@code DenseTopicWatermarks}, which holds a resumed partition's watermark for {@code
 * sourceIdleTimeoutMs}.
 */
class IdlePartitionResumeITCase {
  private static final long STEP_MS = 900_000;
  private static final long START_MS = 1_767_225_600_000L; // 2026-01-01T00:00Z
  private static final int STEPS_BEFORE_LULL = 6;
  private static final int BURST_STEPS = 8;

  /** Long beside the burst gap, so a loaded machine's slower subtask still resumes in time. */
  private static final long IDLE_TIMEOUT_MS = 5_000;

  /** Between the two partitions' bursts: well under the idle timeout, many watermark intervals. */
  private static final long BURST_GAP_MS = 1_200;

  /**
   * Link directions; a direction's partition is its index modulo 2, so its samples stay in order.
   */
  private static final List<String[]> LINKS =
      List.of(
          new String[] {"A-B", "A", "B"},
          new String[] {"A-B", "B", "A"},
          new String[] {"B-C", "B", "C"},
          new String[] {"B-C", "C", "B"});

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  @RegisterExtension static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

  @Test
  void aPartitionResumingFirstAfterALullDoesNotMakeTheOthersLate(@TempDir Path dir)
      throws Exception {
    Path topology = dir.resolve("topology.csv");
    Files.writeString(
        topology, "link_id,src,dst,capacity_mbps,weight\nA-B,A,B,1000,1\nB-C,B,C,1000,1\n");
    String suffix = "resume-" + UUID.randomUUID().toString().substring(0, 8);
    JobConfig config =
        JobRunSupport.jobWithFreshTopics(
            KAFKA.kafka(),
            suffix,
            STEP_MS,
            "--topology",
            topology.toString(),
            "--source-idle-timeout-ms",
            String.valueOf(IDLE_TIMEOUT_MS),
            // a burst of 8 steps: a watermark moved by one partition alone lands 7 steps ahead
            "--max-lateness-ms",
            String.valueOf(2 * STEP_MS));
    String telemetryTopic = config.get(JobConfig.TELEMETRY_TOPIC);
    String predictionsTopic = config.get(JobConfig.PREDICTIONS_TOPIC);
    int lanes = config.lanes().size();
    JobClient job = JobRunSupport.start(config, null, "netdrift-idle-partition-resume-it");

    AvroCodec<LinkTelemetry> codec = AvroCodec.of(LinkTelemetry.class);
    try (KafkaProducer<byte[], byte[]> producer =
        KafkaTopicsSupport.producer(KAFKA.bootstrapServers())) {
      for (int step = 0; step < STEPS_BEFORE_LULL; step++) {
        for (int link = 0; link < LINKS.size(); link++) {
          send(producer, codec, telemetryTopic, link, step);
        }
      }
      producer.flush();
      // the watermark trails the newest step by one: every step but the last two is forecast
      JobRunSupport.awaitCommittedPredictions(
          KAFKA.bootstrapServers(),
          predictionsTopic,
          (STEPS_BEFORE_LULL - 2) * LINKS.size() * lanes);
      // the lull: every telemetry partition is released as idle
      Thread.sleep(IDLE_TIMEOUT_MS + 1_500);

      for (int partition = 0; partition < 2; partition++) {
        for (int step = STEPS_BEFORE_LULL; step < STEPS_BEFORE_LULL + BURST_STEPS; step++) {
          for (int link = partition; link < LINKS.size(); link += 2) {
            send(producer, codec, telemetryTopic, link, step);
          }
        }
        producer.flush();
        if (partition == 0) {
          Thread.sleep(BURST_GAP_MS);
        }
      }
    }

    JobRunSupport.awaitInputConsumed(
        KAFKA.bootstrapServers(),
        config.get(JobConfig.CONSUMER_GROUP_ID),
        List.of(telemetryTopic, config.get(JobConfig.TRAFFIC_TOPIC)));
    JobRunSupport.drain(job, dir);

    List<DeadLetter> deadLetters =
        JobRunSupport.readDeadLetters(
            KAFKA.bootstrapServers(), config.get(JobConfig.DEAD_LETTERS_TOPIC));
    assertThat(deadLetters.stream().map(d -> d.getReasonCode() + " " + d.getReason()).toList())
        .as("dead letters (every link's samples were in order)")
        .isEmpty();

    List<LoadPrediction> predictions =
        JobRunSupport.readPredictions(KAFKA.bootstrapServers(), predictionsTopic);
    Set<String> expected = new HashSet<>();
    for (String lane : lanes(predictions)) {
      for (int step = 0; step < STEPS_BEFORE_LULL + BURST_STEPS; step++) {
        for (String[] l : LINKS) {
          expected.add(l[0] + ":" + l[1] + ">" + l[2] + "@" + stepTime(step) + "/" + lane);
        }
      }
    }
    assertThat(lanes(predictions)).hasSize(lanes);
    assertThat(JobRunSupport.countPerLinkStepStrategy(predictions))
        .as("one prediction per (link, step, lane)")
        .containsOnlyKeys(expected)
        .allSatisfy((key, count) -> assertThat(count).as(key).isEqualTo(1L));
  }

  private static void send(
      KafkaProducer<byte[], byte[]> producer,
      AvroCodec<LinkTelemetry> codec,
      String topic,
      int link,
      int step) {
    String[] l = LINKS.get(link);
    LinkTelemetry sample =
        new LinkTelemetry(
            l[0],
            l[1],
            l[2],
            stepTime(step),
            400 + 100 * Math.sin(step / 3.0) + link,
            1000.0,
            LinkStatus.UP);
    producer.send(new ProducerRecord<>(topic, link % 2, null, codec.encode(sample)));
  }

  private static long stepTime(int step) {
    return START_MS + step * STEP_MS;
  }

  private static List<String> lanes(List<LoadPrediction> predictions) {
    return new ArrayList<>(
        predictions.stream().map(p -> p.getStrategy().toString()).distinct().sorted().toList());
  }
}
