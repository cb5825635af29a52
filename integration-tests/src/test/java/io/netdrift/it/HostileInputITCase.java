package io.netdrift.it;

import static io.netdrift.it.KafkaTopicsSupport.readCommitted;
import static org.assertj.core.api.Assertions.assertThat;

import io.netdrift.core.network.DirectedLink;
import io.netdrift.it.HostileInput.Hostile;
import io.netdrift.it.HostileInput.Kind;
import io.netdrift.it.HostileInput.Scenario;
import io.netdrift.it.HostileInput.Timing;
import io.netdrift.it.HostileInput.Topic;
import io.netdrift.job.NetdriftJob;
import io.netdrift.job.config.JobConfig;
import io.netdrift.job.ingest.ValidatingAvroDeserializer;
import io.netdrift.schema.DeadLetter;
import io.netdrift.schema.LinkTelemetry;
import io.netdrift.schema.LoadPrediction;
import io.netdrift.schema.codec.AvroCodec;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import net.jqwik.api.sessions.JqwikSession;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.executiongraph.ArchivedExecutionGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input through the real broker and the whole job: one job run (restart strategy none, so
 * any failure caused by input fails the test) fed with valid telemetry and, interleaved, a mix of
 * hostile records of every {@link Kind} drawn by jqwik from a fixed seed ({@code
 * -Dnetdrift.hostile.seed=N} draws another mix). Every hostile record must end with its documented
 * outcome (a dead letter with its reason code, or a forecast), every valid sample with one
 * prediction per lane, and the counts read back with {@code read_committed} must reconcile: records
 * in = predictions per lane + dead letters, per input topic.
 */
class HostileInputITCase {
  private static final long DEFAULT_SEED = 20261130L;
  private static final int EXTRA_RECORDS = 120;

  private static final long STEP_MS = 900_000;
  private static final long START_MS = 1_767_225_600_000L; // 2026-01-01T00:00Z
  private static final int STEPS = 20;
  private static final int PHASE_TWO_STEP = 12;
  private static final long MAX_AHEAD_MS = 86_400_000L;
  private static final long MAX_LATENESS_MS = 4 * STEP_MS;
  private static final List<String[]> LINKS =
      List.of(
          new String[] {"A-B", "A", "B"},
          new String[] {"A-B", "B", "A"},
          new String[] {"B-C", "B", "C"},
          new String[] {"B-C", "C", "B"},
          new String[] {"A-C", "A", "C"},
          new String[] {"A-C", "C", "A"});

  private static final Scenario SCENARIO =
      new Scenario(
          START_MS,
          STEP_MS,
          STEPS,
          PHASE_TWO_STEP,
          LINKS,
          new String[] {"C-D", "C", "D"},
          new String[] {"C-D", "D", "C"},
          MAX_AHEAD_MS,
          MAX_LATENESS_MS);

  private static Configuration noRestarts() {
    Configuration conf = new Configuration();
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    return conf;
  }

  /** Any failure of a task fails the job: nothing may restart it quietly. */
  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setConfiguration(noRestarts())
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  @RegisterExtension static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

  /** A hostile record as sent: where it landed. */
  private record Sent(Hostile hostile, String topic, Future<RecordMetadata> metadata) {}

  @Test
  void everyHostileRecordEndsAsDocumentedAndTheCountsReconcile(
      @TempDir Path dir, @InjectMiniCluster MiniCluster miniCluster) throws Exception {
    long seed = Long.getLong("netdrift.hostile.seed", DEFAULT_SEED);
    System.out.printf(
        "HostileInputITCase: jqwik seed %d (another mix: -Dnetdrift.hostile.seed=N)%n", seed);
    List<Hostile> mix = draw(seed);
    System.out.println(
        "mix: "
            + mix.stream()
                .map(h -> h.kind() + "@" + h.step() + "/" + h.topic())
                .collect(Collectors.joining(" ")));

    Path topology = dir.resolve("topology.csv");
    Files.writeString(
        topology,
        "link_id,src,dst,capacity_mbps,weight\n"
            + "A-B,A,B,1000,1\nB-C,B,C,1000,1\nA-C,A,C,1000,1\nC-D,C,D,1000,1\n");
    String suffix = "hostile-" + UUID.randomUUID().toString().substring(0, 8);
    JobConfig config =
        JobRunSupport.jobWithFreshTopics(
            KAFKA.kafka(),
            suffix,
            STEP_MS,
            "--topology",
            topology.toString(),
            "--max-ahead-ms",
            String.valueOf(MAX_AHEAD_MS),
            "--max-lateness-ms",
            String.valueOf(MAX_LATENESS_MS),
            // the feed pauses at PHASE_TWO_STEP until predictions arrive, long enough for every
            // partition to go idle; after it, a resumed partition holds the watermark this long
            // (DenseTopicWatermarks) while the other subtask resumes too: room for a loaded machine
            "--source-idle-timeout-ms",
            "3000");
    Map<Topic, String> topics =
        Map.of(
            Topic.TELEMETRY, config.get(JobConfig.TELEMETRY_TOPIC),
            Topic.TRAFFIC, config.get(JobConfig.TRAFFIC_TOPIC),
            Topic.EVENTS, config.get(JobConfig.NETWORK_EVENTS_TOPIC));
    int lanes = config.lanes().size();
    String predictionsTopic = config.get(JobConfig.PREDICTIONS_TOPIC);

    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.configure(noRestarts());
    NetdriftJob.attach(env, config);
    JobClient job = env.executeAsync("netdrift-hostile-input-it");

    List<Sent> sent = new ArrayList<>();
    int validTelemetry = 0;
    AvroCodec<LinkTelemetry> telemetryCodec = AvroCodec.of(LinkTelemetry.class);
    try (KafkaProducer<byte[], byte[]> producer =
        KafkaTopicsSupport.producer(KAFKA.bootstrapServers())) {
      for (int step = 0; step < STEPS; step++) {
        if (step == PHASE_TWO_STEP) {
          producer.flush();
          // every link has processed step p-3 (the watermark trails the newest step by one)
          awaitPredictions(predictionsTopic, (PHASE_TWO_STEP - 2) * LINKS.size() * lanes);
          for (Hostile h : mix) {
            if (h.timing() == Timing.PHASE_TWO_START) {
              sent.add(send(producer, topics, h));
            }
          }
        }
        for (int link = 0; link < LINKS.size(); link++) {
          producer.send(
              new ProducerRecord<>(
                  topics.get(Topic.TELEMETRY),
                  SCENARIO.partitionOf(link),
                  null,
                  telemetryCodec.encode(SCENARIO.validSample(link, step))));
          validTelemetry++;
          for (Hostile h : mix) {
            if (h.timing() == Timing.AFTER_ORIGINAL && h.step() == step && h.link() == link) {
              sent.add(send(producer, topics, h));
            }
          }
        }
        for (Hostile h : mix) {
          if (h.timing() == Timing.AFTER_STEP && h.step() == step) {
            sent.add(send(producer, topics, h));
          }
        }
      }
      producer.flush();
    }
    assertThat(sent).hasSize(mix.size());

    // every input record read and checkpointed (offsets committed on checkpoint): the drain below
    // then forecasts all of it, however far the watermark got
    JobRunSupport.awaitInputConsumed(
        KAFKA.bootstrapServers(), config.get(JobConfig.CONSUMER_GROUP_ID), topics.values());
    // had any input failed a task, the job would be gone (no restarts)
    ArchivedExecutionGraph graph = miniCluster.getArchivedExecutionGraph(job.getJobID()).get();
    assertThat(graph.getState()).isEqualTo(JobStatus.RUNNING);
    assertThat(graph.getFailureInfo()).as("no task ever failed").isNull();
    JobRunSupport.drain(job, dir);

    List<LoadPrediction> predictions =
        JobRunSupport.readPredictions(KAFKA.bootstrapServers(), predictionsTopic);
    List<DeadLetter> deadLetters = readDeadLetters(config.get(JobConfig.DEAD_LETTERS_TOPIC));

    Map<Hostile, String> outcomes = outcomes(sent, deadLetters, predictions, lanes);
    System.out.println(table(mix, outcomes));

    // every hostile record ended as documented
    List<String> wrong = new ArrayList<>();
    outcomes.forEach(
        (h, outcome) -> {
          if (!outcome.equals(h.expected())) {
            wrong.add(h + " ended as " + outcome);
          }
        });
    assertThat(wrong).as("records that did not end as documented").isEmpty();
    assertThat(mix.stream().map(Hostile::kind).distinct()).hasSize(Kind.values().length);

    // every valid sample got exactly one prediction per lane
    Map<String, Long> perLinkStepLane = JobRunSupport.countPerLinkStepStrategy(predictions);
    for (int step = 0; step < STEPS; step++) {
      for (int link = 0; link < LINKS.size(); link++) {
        LinkTelemetry t = SCENARIO.validSample(link, step);
        for (String lane : lanes(predictions)) {
          assertThat(perLinkStepLane.get(predictionKey(t, lane)))
              .as("predictions of %s", predictionKey(t, lane))
              .isEqualTo(1L);
        }
      }
    }
    assertThat(perLinkStepLane).allSatisfy((k, n) -> assertThat(n).as(k).isEqualTo(1L));

    // reconciliation, per input topic: records in = predictions per lane + dead letters
    Map<String, Long> deadLettersByTopic =
        deadLetters.stream()
            .collect(Collectors.groupingBy(DeadLetter::getSourceTopic, Collectors.counting()));
    Map<String, Long> predictionsByLane =
        predictions.stream()
            .collect(Collectors.groupingBy(p -> p.getStrategy().toString(), Collectors.counting()));
    assertThat(predictionsByLane).hasSize(lanes);
    long perLane = predictionsByLane.values().iterator().next();
    assertThat(predictionsByLane).allSatisfy((lane, n) -> assertThat(n).isEqualTo(perLane));
    long telemetryIn =
        validTelemetry + mix.stream().filter(h -> h.topic() == Topic.TELEMETRY).count();
    long telemetryDeadLetters = deadLettersByTopic.getOrDefault(topics.get(Topic.TELEMETRY), 0L);
    System.out.printf(
        "reconciliation: telemetry in %d = %d predictions per lane + %d dead letters;"
            + " traffic in %d = %d dead letters; events in %d = %d dead letters%n",
        telemetryIn,
        perLane,
        telemetryDeadLetters,
        count(mix, Topic.TRAFFIC),
        deadLettersByTopic.getOrDefault(topics.get(Topic.TRAFFIC), 0L),
        count(mix, Topic.EVENTS),
        deadLettersByTopic.getOrDefault(topics.get(Topic.EVENTS), 0L));
    assertThat(perLane + telemetryDeadLetters).isEqualTo(telemetryIn);
    // the traffic and event records were all hostile: nothing of them is used, all dead-lettered
    assertThat(deadLettersByTopic.getOrDefault(topics.get(Topic.TRAFFIC), 0L))
        .isEqualTo(count(mix, Topic.TRAFFIC));
    assertThat(deadLettersByTopic.getOrDefault(topics.get(Topic.EVENTS), 0L))
        .isEqualTo(count(mix, Topic.EVENTS));
    assertThat(deadLetters)
        .allSatisfy(
            letter -> {
              assertThat(letter.getReason()).isNotBlank();
              if (letter.getRawValue() != null) {
                assertThat(letter.getRawValue().remaining())
                    .isLessThanOrEqualTo(ValidatingAvroDeserializer.MAX_RAW_BYTES_KEPT);
              }
            });
  }

  /**
   * Waits for committed predictions; if they do not come, says how far the job got (newest event
   * time committed and written) before failing, to tell a stalled watermark from stalled commits.
   */
  private static void awaitPredictions(String topic, int atLeast) {
    try {
      JobRunSupport.awaitCommittedPredictions(KAFKA.bootstrapServers(), topic, atLeast);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      for (String isolation : List.of("read_committed", "read_uncommitted")) {
        List<ConsumerRecord<byte[], byte[]>> records =
            KafkaTopicsSupport.read(KAFKA.bootstrapServers(), topic, isolation);
        System.out.printf(
            "%s: %d predictions, newest Kafka timestamp %s%n",
            isolation, records.size(), records.stream().mapToLong(ConsumerRecord::timestamp).max());
      }
      throw e;
    }
  }

  /** The mix of this run: every kind once, then more drawn at random. */
  private static List<Hostile> draw(long seed) {
    JqwikSession.start();
    try {
      return new HostileInput(SCENARIO)
          .mix(EXTRA_RECORDS)
          .generator(1_000)
          .next(new Random(seed))
          .value();
    } finally {
      JqwikSession.finish();
    }
  }

  private static Sent send(
      KafkaProducer<byte[], byte[]> producer, Map<Topic, String> topics, Hostile h) {
    int partition = h.partition() != null ? h.partition() : SCENARIO.partitionOf(h.link());
    String topic = topics.get(h.topic());
    return new Sent(
        h, topic, producer.send(new ProducerRecord<>(topic, partition, h.key(), h.value())));
  }

  /**
   * What became of each hostile record: the reason code of its dead letter (those of the source are
   * found by topic, partition and offset; those of the forecast operator, which no longer knows
   * them, by content), {@code ACCEPTED} if it was forecast, else {@code MISSING}. A dead letter
   * that matches no hostile record (a valid sample rejected) fails the test.
   */
  private static Map<Hostile, String> outcomes(
      List<Sent> sent, List<DeadLetter> deadLetters, List<LoadPrediction> predictions, int lanes)
      throws Exception {
    Map<String, Sent> byCoordinates = new HashMap<>();
    Map<String, List<Sent>> byContent = new HashMap<>();
    for (Sent s : sent) {
      RecordMetadata m = s.metadata().get();
      byCoordinates.put(s.topic() + "/" + m.partition() + "@" + m.offset(), s);
      if (s.hostile().sample() != null) {
        byContent.computeIfAbsent(s.hostile().sample().toString(), k -> new ArrayList<>()).add(s);
      }
    }
    AvroCodec<LinkTelemetry> telemetryCodec = AvroCodec.of(LinkTelemetry.class);
    Map<Hostile, String> outcomes = new java.util.IdentityHashMap<>();
    List<DeadLetter> unmatched = new ArrayList<>();
    for (DeadLetter letter : deadLetters) {
      Sent s;
      if (letter.getPartition() >= 0) {
        s =
            byCoordinates.remove(
                letter.getSourceTopic() + "/" + letter.getPartition() + "@" + letter.getOffset());
      } else {
        LinkTelemetry sample = telemetryCodec.decode(bytes(letter.getRawValue()));
        List<Sent> candidates = byContent.getOrDefault(sample.toString(), new ArrayList<>());
        candidates.removeIf(c -> outcomes.containsKey(c.hostile()));
        s = candidates.isEmpty() ? null : candidates.get(0);
      }
      if (s == null || outcomes.containsKey(s.hostile())) {
        unmatched.add(letter);
      } else {
        outcomes.put(s.hostile(), letter.getReasonCode().toString());
      }
    }
    assertThat(unmatched).as("dead letters of no hostile record").isEmpty();
    Map<String, Long> perLinkStepLane = JobRunSupport.countPerLinkStepStrategy(predictions);
    for (Sent s : sent) {
      Hostile h = s.hostile();
      if (!outcomes.containsKey(h)) {
        boolean forecast =
            h.sample() != null
                && lanes(predictions).stream()
                    .allMatch(lane -> perLinkStepLane.containsKey(predictionKey(h.sample(), lane)));
        outcomes.put(h, forecast ? HostileInput.ACCEPTED : "MISSING");
      }
    }
    assertThat(lanes(predictions)).hasSize(lanes);
    return outcomes;
  }

  private static List<String> lanes(List<LoadPrediction> predictions) {
    return predictions.stream().map(p -> p.getStrategy().toString()).distinct().sorted().toList();
  }

  /**
   * The key {@link JobRunSupport#countPerLinkStepStrategy} counts the predictions of a sample by.
   */
  private static String predictionKey(LinkTelemetry t, String lane) {
    return DirectedLink.key(t.getLinkId(), t.getSrcNode(), t.getDstNode())
        + "@"
        + t.getTimestampMs()
        + "/"
        + lane;
  }

  /** Kinds tried and their outcomes, for the log and the README. */
  private static String table(List<Hostile> mix, Map<Hostile, String> outcomes) {
    Map<Kind, Map<String, Integer>> byKind = new EnumMap<>(Kind.class);
    for (Hostile h : mix) {
      byKind
          .computeIfAbsent(h.kind(), k -> new TreeMap<>())
          .merge(outcomes.get(h), 1, Integer::sum);
    }
    StringBuilder out =
        new StringBuilder("\n| Kind | Tried | Outcome | Documented |\n|---|---:|---|---|\n");
    int total = 0;
    for (Map.Entry<Kind, Map<String, Integer>> e : byKind.entrySet()) {
      int tried = e.getValue().values().stream().mapToInt(Integer::intValue).sum();
      total += tried;
      String outcome =
          e.getValue().entrySet().stream()
              .map(o -> o.getKey() + " " + o.getValue())
              .collect(Collectors.joining(", "));
      out.append("| ")
          .append(e.getKey().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '))
          .append(" | ")
          .append(tried)
          .append(" | ")
          .append(outcome)
          .append(" | ")
          .append(e.getKey().documented)
          .append(" |\n");
    }
    return out.append("| all | ").append(total).append(" | | |\n").toString();
  }

  private static long count(List<Hostile> mix, Topic topic) {
    return mix.stream().filter(h -> h.topic() == topic).count();
  }

  private static List<DeadLetter> readDeadLetters(String topic) throws Exception {
    AvroCodec<DeadLetter> codec = AvroCodec.of(DeadLetter.class);
    List<DeadLetter> letters = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : readCommitted(KAFKA.bootstrapServers(), topic)) {
      letters.add(codec.decode(r.value()));
    }
    return letters;
  }

  private static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer copy = buffer.duplicate();
    byte[] b = new byte[copy.remaining()];
    copy.get(b);
    return b;
  }
}
