package io.netdrift.it;

import static io.netdrift.it.KafkaTopicsSupport.readCommitted;
import static io.netdrift.it.KafkaTopicsSupport.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.netdrift.job.NetdriftJob;
import io.netdrift.job.config.JobConfig;
import io.netdrift.local.EmbeddedKafka;
import io.netdrift.schema.AdaptationEvent;
import io.netdrift.schema.AdaptationEventType;
import io.netdrift.schema.AffectedLink;
import io.netdrift.schema.DeadLetter;
import io.netdrift.schema.LinkStatus;
import io.netdrift.schema.LinkTelemetry;
import io.netdrift.schema.LoadPrediction;
import io.netdrift.schema.NetworkEvent;
import io.netdrift.schema.NetworkEventType;
import io.netdrift.schema.TrafficSample;
import io.netdrift.schema.codec.AvroCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.InternalMiniClusterExtension;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.util.TestStreamEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole job end to end: a real KRaft broker in this JVM, the Flink MiniCluster, EXACTLY_ONCE
 * Kafka sinks read back with {@code read_committed}. Valid telemetry must yield exactly one
 * prediction per (link, step, strategy); every malformed record exactly one dead letter with its
 * reason.
 */
class PipelineITCase {
  private static final long STEP_MS = 900_000;
  private static final long START_MS = 1_767_225_600_000L; // 2026-01-01T00:00Z
  private static final int STEPS = 30;
  private static final String[][] LINKS = {
    {"A-B", "A", "B"},
    {"A-B", "B", "A"},
    {"B-C", "B", "C"},
    {"B-C", "C", "B"},
    {"A-C", "A", "C"},
    {"A-C", "C", "A"}
  };

  // the internal extension exposes the MiniCluster, so a test can kill its TaskManager
  @RegisterExtension
  static final InternalMiniClusterExtension FLINK =
      new InternalMiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  @BeforeEach
  void useTheMiniCluster() {
    TestStreamEnvironment.setAsContext(FLINK.getMiniCluster(), 2);
  }

  @AfterEach
  void releaseTheMiniCluster() {
    TestStreamEnvironment.unsetAsContext();
  }

  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startKafka() throws Exception {
    kafka = EmbeddedKafka.start();
  }

  @AfterAll
  static void stopKafka() throws Exception {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void onePredictionPerValidStepAndOneDeadLetterPerBadRecord(@TempDir Path dir) throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    Path topology = dir.resolve("topology.csv");
    Files.writeString(
        topology,
        "link_id,src,dst,capacity_mbps,weight\nA-B,A,B,1000,1\nB-C,B,C,1000,1\nA-C,A,C,1000,1\n");
    JobConfig config = jobWithFreshTopics("it-" + suffix, "--topology", topology.toString());

    AvroCodec<LinkTelemetry> telemetryCodec = AvroCodec.of(LinkTelemetry.class);
    AvroCodec<TrafficSample> trafficCodec = AvroCodec.of(TrafficSample.class);
    AvroCodec<NetworkEvent> eventCodec = AvroCodec.of(NetworkEvent.class);
    String telemetryTopic = config.get(JobConfig.TELEMETRY_TOPIC);
    Map<String, String> expectedDeadLetterReasons = new HashMap<>();
    try (KafkaProducer<byte[], byte[]> producer =
        KafkaTopicsSupport.producer(kafka.bootstrapServers())) {
      for (int step = 0; step < STEPS; step++) {
        long ts = START_MS + step * STEP_MS;
        // deliver each step's links in a shuffled order, sometimes a step late: out of order
        List<String[]> order = new ArrayList<>(List.of(LINKS));
        java.util.Collections.rotate(order, step);
        for (String[] link : order) {
          double load = 400 + 100 * Math.sin(step / 3.0) + link[1].charAt(0);
          send(
              producer,
              telemetryTopic,
              link[0] + ":" + link[1] + ">" + link[2],
              telemetryCodec.encode(telemetry(link, ts, load)));
        }
        if (step == 10) {
          send(
              producer,
              telemetryTopic,
              "nan",
              telemetryCodec.encode(telemetry(LINKS[0], ts + 1, Double.NaN)));
          expectedDeadLetterReasons.put("NaN", "NOT_FINITE");
          send(
              producer,
              telemetryTopic,
              "neg",
              telemetryCodec.encode(telemetry(LINKS[1], ts + 1, -5)));
          expectedDeadLetterReasons.put("negative", "NEGATIVE_VALUE");
          send(
              producer,
              telemetryTopic,
              "huge",
              telemetryCodec.encode(telemetry(LINKS[2], ts + 1, 1e9)));
          expectedDeadLetterReasons.put("impossible", "IMPOSSIBLE_VALUE");
          send(
              producer,
              telemetryTopic,
              "unknown",
              telemetryCodec.encode(telemetry(new String[] {"X-Y", "X", "Y"}, ts, 10)));
          expectedDeadLetterReasons.put("unknown link", "UNKNOWN_LINK");
          send(producer, telemetryTopic, "garbage", "not avro at all".getBytes());
          expectedDeadLetterReasons.put("garbage", "UNDECODABLE");
          send(
              producer,
              telemetryTopic,
              "wrong-schema",
              trafficCodec.encode(new TrafficSample(ts, "A", "B", 5.0)));
          expectedDeadLetterReasons.put("wrong schema", "WRONG_SCHEMA");
          send(
              producer,
              config.get(JobConfig.TRAFFIC_TOPIC),
              "A>Z",
              trafficCodec.encode(new TrafficSample(ts, "A", "Z", 5.0)));
          expectedDeadLetterReasons.put("unknown node", "UNKNOWN_NODE");
        }
        if (step == 12) {
          // a replay of step 5: processed long ago for this link
          send(
              producer,
              telemetryTopic,
              "replay",
              telemetryCodec.encode(telemetry(LINKS[3], START_MS + 5 * STEP_MS, 300)));
          expectedDeadLetterReasons.put("replayed step", "TOO_LATE|DUPLICATE");
          // a clock thirty days ahead: must not drag the watermark along
          send(
              producer,
              telemetryTopic,
              "future",
              telemetryCodec.encode(telemetry(LINKS[4], ts + 30L * 24 * 3_600_000, 300)));
          expectedDeadLetterReasons.put("future", "TOO_EARLY");
        }
        if (step == 15) {
          send(
              producer,
              config.get(JobConfig.NETWORK_EVENTS_TOPIC),
              "A-C",
              eventCodec.encode(
                  NetworkEvent.newBuilder()
                      .setEventId("failure-1")
                      .setTimestampMs(ts)
                      .setType(NetworkEventType.LINK_DOWN)
                      .setElement("A-C")
                      .setAffectedLinks(
                          List.of(
                              new AffectedLink("A-B", "A", "B", 400.0, 800.0),
                              new AffectedLink("B-C", "B", "C", 400.0, 800.0)))
                      .build()));
        }
        producer.flush();
      }
    }

    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    NetdriftJob.attach(env, config);
    JobClient job = env.executeAsync("netdrift-it");
    int lanes = config.lanes().size();
    int expectedPredictions = STEPS * LINKS.length * lanes;
    String predictionsTopic = config.get(JobConfig.PREDICTIONS_TOPIC);
    // the watermark trails the newest step by the out-of-orderness bound (one step) plus 1 ms, so
    // all but the last two steps are forecast while running; the drain below releases the rest
    awaitCommittedPredictions(predictionsTopic, (STEPS - 2) * LINKS.length * lanes);
    drain(job, dir);

    List<LoadPrediction> predictions = readPredictions(predictionsTopic);
    Map<String, Long> perLinkStepStrategy = countPerLinkStepStrategy(predictions);
    assertThat(predictions).hasSize(expectedPredictions);
    assertThat(perLinkStepStrategy)
        .hasSize(expectedPredictions)
        .allSatisfy((k, count) -> assertThat(count).isEqualTo(1));
    assertThat(predictions)
        .allSatisfy(
            p -> {
              assertThat(p.getTargetTimeMs()).isEqualTo(p.getEventTimeMs() + STEP_MS);
              assertThat(p.getValueMbps()).isFinite().isPositive();
            });

    List<DeadLetter> deadLetters =
        JobRunSupport.readDeadLetters(
            kafka.bootstrapServers(), config.get(JobConfig.DEAD_LETTERS_TOPIC));
    assertThat(deadLetters).hasSize(expectedDeadLetterReasons.size());
    List<String> remaining = new ArrayList<>(expectedDeadLetterReasons.values());
    for (DeadLetter letter : deadLetters) {
      String match =
          remaining.stream()
              .filter(r -> List.of(r.split("\\|")).contains(letter.getReasonCode()))
              .findFirst()
              .orElseThrow(() -> new AssertionError("unexpected dead letter " + letter));
      remaining.remove(match);
      assertThat(letter.getReason()).isNotBlank();
      assertThat(letter.getRawValue()).isNotNull();
    }
    assertThat(remaining).isEmpty();

    AvroCodec<AdaptationEvent> adaptationCodec = AvroCodec.of(AdaptationEvent.class);
    List<AdaptationEvent> adaptations = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r :
        readCommitted(kafka.bootstrapServers(), config.get(JobConfig.ADAPTATION_EVENTS_TOPIC))) {
      adaptations.add(adaptationCodec.decode(r.value()));
    }
    // the failure of A-C is announced with its detour A>B>C; with no usable traffic yet the job's
    // own re-routing adds nothing, so exactly the two named directions are marked
    List<AdaptationEvent> marks =
        adaptations.stream().filter(a -> "network-event".equals(a.getDetector())).toList();
    assertThat(marks)
        .extracting(a -> a.getLinkId() + ":" + a.getSrcNode() + ">" + a.getDstNode())
        .containsExactlyInAnyOrder("A-B:A>B", "B-C:B>C");
    assertThat(marks)
        .allSatisfy(a -> assertThat(a.getType()).isEqualTo(AdaptationEventType.DRIFT_DETECTED));
    // the statistical detector may add its own findings, always about a known link
    assertThat(adaptations).allSatisfy(a -> assertThat(a.getLinkId()).isIn("A-B", "B-C", "A-C"));
  }

  @Test
  void aTaskManagerCrashMidStreamStillYieldsExactlyOnePredictionPerStep(@TempDir Path dir)
      throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    JobConfig config = jobWithFreshTopics("crash-" + suffix);
    String telemetryTopic = config.get(JobConfig.TELEMETRY_TOPIC);
    String predictionsTopic = config.get(JobConfig.PREDICTIONS_TOPIC);
    AvroCodec<LinkTelemetry> telemetryCodec = AvroCodec.of(LinkTelemetry.class);
    int lanes = config.lanes().size();

    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    NetdriftJob.attach(env, config);
    JobClient job = env.executeAsync("netdrift-crash-it");
    try (KafkaProducer<byte[], byte[]> producer =
        KafkaTopicsSupport.producer(kafka.bootstrapServers())) {
      produceSteps(producer, telemetryCodec, telemetryTopic, 0, STEPS / 2);
      awaitCommittedPredictions(predictionsTopic, (STEPS / 2 - 2) * LINKS.length * lanes);

      // kill the only TaskManager: operator state, open Kafka transactions and the in-memory
      // micro-batch die with it; the job must restart from its last checkpoint on a new one
      FLINK.getMiniCluster().terminateTaskManager(0).get();
      FLINK.getMiniCluster().startTaskManager();
      produceSteps(producer, telemetryCodec, telemetryTopic, STEPS / 2, STEPS);
    }
    awaitCommittedPredictions(predictionsTopic, (STEPS - 2) * LINKS.length * lanes);
    drain(job, dir);

    Map<String, Long> perLinkStepStrategy =
        countPerLinkStepStrategy(readPredictions(predictionsTopic));
    assertThat(perLinkStepStrategy).hasSize(STEPS * LINKS.length * lanes);
    assertThat(perLinkStepStrategy).allSatisfy((k, count) -> assertThat(count).as(k).isEqualTo(1));
  }

  /** The job configuration both tests share, on six fresh topics named after {@code suffix}. */
  private static JobConfig jobWithFreshTopics(String suffix, String... extraFlags)
      throws Exception {
    return JobRunSupport.jobWithFreshTopics(kafka, suffix, STEP_MS, extraFlags);
  }

  private static void awaitCommittedPredictions(String topic, int atLeast) {
    JobRunSupport.awaitCommittedPredictions(kafka.bootstrapServers(), topic, atLeast);
  }

  private static void drain(JobClient job, Path dir) throws Exception {
    JobRunSupport.drain(job, dir);
  }

  private static List<LoadPrediction> readPredictions(String topic) throws Exception {
    return JobRunSupport.readPredictions(kafka.bootstrapServers(), topic);
  }

  private static Map<String, Long> countPerLinkStepStrategy(List<LoadPrediction> predictions) {
    return JobRunSupport.countPerLinkStepStrategy(predictions);
  }

  private static void produceSteps(
      KafkaProducer<byte[], byte[]> producer,
      AvroCodec<LinkTelemetry> codec,
      String topic,
      int fromStep,
      int toStep) {
    for (int step = fromStep; step < toStep; step++) {
      for (String[] link : LINKS) {
        double load = 400 + 100 * Math.sin(step / 3.0) + link[1].charAt(0);
        send(
            producer,
            topic,
            link[0] + ":" + link[1] + ">" + link[2],
            codec.encode(telemetry(link, START_MS + step * STEP_MS, load)));
      }
    }
    producer.flush();
  }

  private static LinkTelemetry telemetry(String[] link, long ts, double load) {
    return LinkTelemetry.newBuilder()
        .setLinkId(link[0])
        .setSrcNode(link[1])
        .setDstNode(link[2])
        .setTimestampMs(ts)
        .setLoadMbps(load)
        .setCapacityMbps(1000)
        .setStatus(LinkStatus.UP)
        .build();
  }
}
