package io.netdrift.it;

import static io.netdrift.it.KafkaTopicsSupport.readCommitted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netdrift.job.NetdriftJob;
import io.netdrift.job.config.JobConfig;
import io.netdrift.local.EmbeddedKafka;
import io.netdrift.schema.AdaptationEvent;
import io.netdrift.schema.DeadLetter;
import io.netdrift.schema.LinkTelemetry;
import io.netdrift.schema.LoadPrediction;
import io.netdrift.schema.codec.AvroCodec;
import io.netdrift.simulator.KafkaPublisherConfig;
import io.netdrift.simulator.SimulationStep;
import io.netdrift.simulator.TopicReadiness;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Running the whole job in an integration test: its configuration on fresh topics, waiting for its
 * committed output, draining it, and reading predictions and adaptation events back.
 */
final class JobRunSupport {
  private JobRunSupport() {}

  /**
   * The job configuration the integration tests share, on six fresh topics (2 partitions each, no
   * time retention) named after {@code suffix}, which also names the consumer group and the
   * transactional ids. {@code extraFlags} come last, so they override the shared ones.
   */
  static JobConfig jobWithFreshTopics(
      EmbeddedKafka kafka, String suffix, long stepMs, String... extraFlags) throws Exception {
    return jobWithFreshTopics(kafka.bootstrapServers(), suffix, stepMs, extraFlags);
  }

  /** As {@link #jobWithFreshTopics(EmbeddedKafka, String, long, String...)}, on any broker. */
  static JobConfig jobWithFreshTopics(
      String bootstrap, String suffix, long stepMs, String... extraFlags) throws Exception {
    List<String> args = sharedFlags(bootstrap, suffix, stepMs);
    args.addAll(List.of(extraFlags));
    JobConfig config = JobConfig.fromArgs(args.toArray(String[]::new));
    createTopics(bootstrap, config, List.of(JobConfig.Topic.values()));
    return config;
  }

  /**
   * The shared job configuration of {@link #jobWithFreshTopics} without creating its topics: for a
   * job that runs again on the topics of an earlier one (a restore), or reads another job's input.
   */
  static JobConfig jobConfig(
      EmbeddedKafka kafka, String suffix, long stepMs, String... extraFlags) {
    List<String> args = sharedFlags(kafka.bootstrapServers(), suffix, stepMs);
    args.addAll(List.of(extraFlags));
    return JobConfig.fromArgs(args.toArray(String[]::new));
  }

  /**
   * The flags the integration tests share: six topics, the consumer group and the transactional ids
   * named after {@code suffix}, short checkpoints, parallelism 2 (a later flag overrides).
   */
  static List<String> sharedFlags(String bootstrap, String suffix, long stepMs) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--bootstrap-servers",
                bootstrap,
                "--telemetry-topic",
                "telemetry-" + suffix,
                "--traffic-topic",
                "traffic-" + suffix,
                "--network-events-topic",
                "events-" + suffix,
                "--predictions-topic",
                "predictions-" + suffix,
                "--adaptation-events-topic",
                "adaptation-" + suffix,
                "--dead-letters-topic",
                "dead-letters-" + suffix,
                "--transactional-id-prefix",
                suffix,
                "--consumer-group-id",
                suffix,
                "--checkpoint-interval-ms",
                "500",
                "--parallelism",
                "2",
                "--max-out-of-orderness-ms",
                String.valueOf(stepMs),
                "--source-idle-timeout-ms",
                "1000",
                "--season-steps",
                "4"));
    return args;
  }

  /** Creates these topics of a job configuration: 2 partitions each, no time retention. */
  static void createTopics(EmbeddedKafka kafka, JobConfig config, List<JobConfig.Topic> which)
      throws Exception {
    createTopics(kafka.bootstrapServers(), config, which);
  }

  /** As above, on any broker. */
  static void createTopics(String bootstrap, JobConfig config, List<JobConfig.Topic> which)
      throws Exception {
    List<NewTopic> topics = new ArrayList<>();
    for (JobConfig.Topic t : which) {
      // records carry their event time as Kafka timestamp, and simulated dates may be older than
      // the broker's 7-day time retention: its check (30 s after start, then every 5 min) would
      // delete input and committed output while a test runs
      topics.add(new NewTopic(config.topic(t), 2, (short) 1).configs(Map.of("retention.ms", "-1")));
    }
    try (Admin admin =
        Admin.create(
            Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin.createTopics(topics).all().get();
      TopicReadiness.await(
          admin, topics.stream().map(NewTopic::name).toList(), Duration.ofSeconds(60));
    }
  }

  /**
   * Submits the whole job to the context environment (the test's MiniCluster), restored from {@code
   * savepoint} when it is not null: at the configuration's parallelism, which may differ from the
   * savepoint's (a rescale).
   */
  static JobClient start(JobConfig config, String savepoint, String name) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    NetdriftJob.attach(env, config);
    StreamGraph graph = env.getStreamGraph();
    graph.setJobName(name);
    if (savepoint != null) {
      graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(savepoint, false));
    }
    return env.executeAsync(graph);
  }

  /**
   * stop-with-savepoint without drain: no final watermark, so the samples still waiting for the
   * watermark stay in the savepoint's keyed state; the sinks commit their last transactions when
   * the savepoint completes. Returns the savepoint's path.
   */
  static String stopWithSavepoint(JobClient job, Path dir) throws Exception {
    String savepoint =
        job.stopWithSavepoint(
                false, dir.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL)
            .get();
    job.getJobExecutionResult().get();
    return savepoint;
  }

  static void awaitCommittedPredictions(String bootstrap, String topic, int atLeast) {
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> readCommitted(bootstrap, topic).size() >= atLeast);
  }

  /**
   * Waits until the job's consumer group has committed the end offset of every input partition (2
   * per topic, as {@link #createTopics} makes them): then a drain forecasts all of it.
   */
  static void awaitInputConsumed(
      String bootstrap, String groupId, java.util.Collection<String> inputTopics) {
    try (org.apache.kafka.clients.admin.Admin admin =
        org.apache.kafka.clients.admin.Admin.create(
            Map.<String, Object>of("bootstrap.servers", bootstrap))) {
      List<org.apache.kafka.common.TopicPartition> partitions = new ArrayList<>();
      for (String topic : inputTopics) {
        for (int p = 0; p < 2; p++) {
          partitions.add(new org.apache.kafka.common.TopicPartition(topic, p));
        }
      }
      Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec>
          latest = new HashMap<>();
      partitions.forEach(tp -> latest.put(tp, org.apache.kafka.clients.admin.OffsetSpec.latest()));
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofMinutes(3))
          .pollInterval(java.time.Duration.ofMillis(500))
          .until(
              () -> {
                var ends = admin.listOffsets(latest).all().get();
                var committed =
                    admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
                return partitions.stream()
                    .allMatch(
                        tp ->
                            ends.get(tp).offset() == 0
                                || (committed.get(tp) != null
                                    && committed.get(tp).offset() >= ends.get(tp).offset()));
              });
    }
  }

  /**
   * stop-with-savepoint --drain: the final watermark releases the last steps, and the sinks commit
   * their last transactions when that savepoint completes, before the job ends.
   */
  static void drain(JobClient job, Path dir) throws Exception {
    job.stopWithSavepoint(
            true, dir.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL)
        .get();
    job.getJobExecutionResult().get();
  }

  static List<LoadPrediction> readPredictions(String bootstrap, String topic)
      throws AvroCodec.DecodeException {
    return read(bootstrap, topic, LoadPrediction.class, "read_committed");
  }

  static List<DeadLetter> readDeadLetters(String bootstrap, String topic)
      throws AvroCodec.DecodeException {
    return read(bootstrap, topic, DeadLetter.class, "read_committed");
  }

  /** Every adaptation event of a topic, read with the given isolation level. */
  static List<AdaptationEvent> readAdaptationEvents(
      String bootstrap, String topic, String isolation) throws AvroCodec.DecodeException {
    return read(bootstrap, topic, AdaptationEvent.class, isolation);
  }

  /** Every record of a topic, decoded, read with the given isolation level. */
  static <T extends SpecificRecordBase> List<T> read(
      String bootstrap, String topic, Class<T> type, String isolation)
      throws AvroCodec.DecodeException {
    AvroCodec<T> codec = AvroCodec.of(type);
    List<T> records = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : KafkaTopicsSupport.read(bootstrap, topic, isolation)) {
      records.add(codec.decode(r.value()));
    }
    return records;
  }

  /**
   * The detectors' findings (drift, warnings, recoveries) and network-event marks of a job's
   * adaptation events, one line per event at its event time, sorted: of the lanes in {@code lanes}
   * and of no lane (an adaptive lane's retrains and swaps depend on timing, so callers leave them
   * out).
   */
  static List<String> detectorFindings(String bootstrap, JobConfig config, Set<String> lanes)
      throws AvroCodec.DecodeException {
    List<String> out = new ArrayList<>();
    for (AdaptationEvent e :
        readAdaptationEvents(
            bootstrap, config.get(JobConfig.ADAPTATION_EVENTS_TOPIC), "read_committed")) {
      if (e.getStrategy() != null && !lanes.contains(e.getStrategy())) {
        continue;
      }
      out.add(
          e.getType()
              + " "
              + e.getStrategy()
              + " "
              + e.getDetector()
              + " "
              + (e.getLinkId() == null ? e.getScope() : linkKey(e))
              + " @"
              + e.getEventTimeMs());
    }
    out.sort(null);
    return out;
  }

  /** The simulator's feed into a job's three input topics on {@code bootstrap}. */
  static KafkaPublisherConfig feed(String bootstrap, JobConfig config) {
    return KafkaPublisherConfig.defaults(bootstrap)
        .withTopics(
            config.get(JobConfig.TELEMETRY_TOPIC),
            config.get(JobConfig.TRAFFIC_TOPIC),
            config.get(JobConfig.NETWORK_EVENTS_TOPIC));
  }

  /** {@code a} followed by {@code b}. */
  static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** The link direction of a prediction, {@code linkId:src>dst}. */
  static String linkKey(LoadPrediction p) {
    return p.getLinkId() + ":" + p.getSrcNode() + ">" + p.getDstNode();
  }

  /** The link direction of an adaptation event about one link, {@code linkId:src>dst}. */
  static String linkKey(AdaptationEvent e) {
    return e.getLinkId() + ":" + e.getSrcNode() + ">" + e.getDstNode();
  }

  /** How many predictions each (link direction, event time, strategy) got. */
  static Map<String, Long> countPerLinkStepStrategy(List<LoadPrediction> predictions) {
    return predictions.stream()
        .collect(
            Collectors.groupingBy(
                p -> linkKey(p) + "@" + p.getEventTimeMs() + "/" + p.getStrategy(),
                Collectors.counting()));
  }

  /**
   * Exactly one committed prediction per (link direction, step, lane) of the telemetry fed: none
   * missing, none for input never fed, none twice (the first offenders are named).
   */
  static void assertOnePredictionPerLinkStepLane(
      List<LoadPrediction> predictions, List<SimulationStep> fed, List<String> lanes) {
    Set<String> expected = new HashSet<>();
    for (SimulationStep step : fed) {
      for (LinkTelemetry t : step.telemetry()) {
        for (String lane : lanes) {
          expected.add(
              t.getLinkId()
                  + ":"
                  + t.getSrcNode()
                  + ">"
                  + t.getDstNode()
                  + "@"
                  + t.getTimestampMs()
                  + "/"
                  + lane);
        }
      }
    }
    Map<String, Long> perLinkStepLane = countPerLinkStepStrategy(predictions);
    Set<String> missing = new HashSet<>(expected);
    missing.removeAll(perLinkStepLane.keySet());
    Set<String> unexpected = new HashSet<>(perLinkStepLane.keySet());
    unexpected.removeAll(expected);
    Map<String, Long> duplicated = new TreeMap<>(perLinkStepLane);
    duplicated.values().removeIf(count -> count == 1);
    assertThat(missing.stream().sorted().limit(10).toList())
        .as("%d of %d (link, step, lane) without a prediction", missing.size(), expected.size())
        .isEmpty();
    assertThat(unexpected.stream().sorted().limit(10).toList())
        .as("%d predictions for no input", unexpected.size())
        .isEmpty();
    assertThat(duplicated.entrySet().stream().limit(10).toList())
        .as("%d (link, step, lane) with more than one prediction", duplicated.size())
        .isEmpty();
    assertThat(predictions).hasSize(expected.size());
  }

  /**
   * Waits until {@code atLeast} predictions are committed, or their number stops growing for half a
   * minute (then the exact counts asserted after the drain tell what is missing).
   */
  static void awaitCommittedPredictionsOrStall(String bootstrap, String topic, int atLeast)
      throws InterruptedException {
    awaitCommittedPredictionsOrStall(bootstrap, topic, atLeast, Duration.ofSeconds(30));
  }

  /** As above, with how long the count may stand still. */
  static void awaitCommittedPredictionsOrStall(
      String bootstrap, String topic, int atLeast, Duration stall) throws InterruptedException {
    int last = -1;
    long unchangedSince = System.nanoTime();
    while (true) {
      int now = KafkaTopicsSupport.readCommitted(bootstrap, topic).size();
      if (now >= atLeast) {
        return;
      }
      if (now != last) {
        last = now;
        unchangedSince = System.nanoTime();
      } else if (System.nanoTime() - unchangedSince > stall.toNanos()) {
        System.out.println(
            "committed predictions stopped growing at " + now + " of " + atLeast + "; draining");
        return;
      }
      Thread.sleep(500);
    }
  }
}
