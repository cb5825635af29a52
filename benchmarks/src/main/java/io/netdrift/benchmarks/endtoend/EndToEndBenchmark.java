package io.netdrift.benchmarks.endtoend;

import io.netdrift.benchmarks.harness.OutputCounter;
import io.netdrift.core.model.runtime.DeviceSelection;
import io.netdrift.job.NetdriftJob;
import io.netdrift.job.config.JobConfig;
import io.netdrift.job.config.JobConfig.Topic;
import io.netdrift.job.local.BaseModelCache;
import io.netdrift.job.local.DemoBaseModels;
import io.netdrift.job.local.DemoLanes;
import io.netdrift.job.local.EmbeddedKafka;
import io.netdrift.schema.LinkTelemetry;
import io.netdrift.schema.LoadPrediction;
import io.netdrift.schema.codec.AvroCodec;
import io.netdrift.simulator.BuiltInTopologies;
import io.netdrift.simulator.FailureScenario;
import io.netdrift.simulator.KafkaPublisherConfig;
import io.netdrift.simulator.KafkaStepPublisher;
import io.netdrift.simulator.NetworkSimulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.executiongraph.AccessExecutionVertex;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * End-to-end throughput, netdrift vs a plain Kafka to Kafka passthrough, as ratios measured in one
 * JVM run: one embedded KRaft broker ({@link EmbeddedKafka}), one Flink MiniCluster, the same
 * checkpoint interval (exactly-once), parallelism and EXACTLY_ONCE Kafka sinks for both jobs.
 *
 * <p>The input topics are pre-loaded once with {@code --steps} steps of the Euro28 simulator (82
 * telemetry records, 756 OD traffic samples per step, a drastic link failure at a third and its
 * repair at two thirds), so every run reads the same backlog. Each run gets fresh output topics, a
 * fresh consumer group and fresh transactional ids. Runs alternate: passthrough, netdrift,
 * passthrough, netdrift, ...
 *
 * <p>Timing of one run starts when every task of the job is RUNNING (deployment is excluded and
 * reported separately). The main figure ends when every output the job can release without a drain
 * is visible to a {@code read_committed} consumer: for the passthrough one copy of every telemetry
 * record, for netdrift the predictions of every step but the last (whose samples wait for a
 * watermark only the drain moves). A second figure ("all input read") runs netdrift on until its
 * consumer group has committed the end offsets of all three input topics, then drains it with
 * stop-with-savepoint and ends when the job has finished (every prediction committed). Records/s =
 * telemetry records / seconds for both jobs (netdrift also reads the traffic and network-event
 * topics). After each run, untimed, the outputs are decoded with {@link AvroCodec} and checked for
 * exactly-once: every telemetry record copied once; one prediction per (link direction, step,
 * strategy).
 *
 * <p>Throughput only: with a pre-loaded backlog, a record's Kafka timestamp is its simulated event
 * time, so no end-to-end latency is measured.
 */
public final class EndToEndBenchmark {

  enum Job {
    PASSTHROUGH("passthrough"),
    /** The fair baseline: netdrift's sources and predictions sink, a copy in between. */
    FAIR("fair-baseline"),
    NETDRIFT("netdrift"),
    /** netdrift again with parallelism 2 (with --parallelism 1): the scaling on two cores. */
    NETDRIFT_P2("netdrift-p2");

    final String label;

    boolean isNetdrift() {
      return this == NETDRIFT || this == NETDRIFT_P2;
    }

    Job(String label) {
      this.label = label;
    }

    /** A comma-separated list of labels, e.g. {@code fair-baseline,netdrift}, in run order. */
    static List<Job> parseList(String value) {
      List<Job> jobs = new ArrayList<>();
      for (String label : value.split(",")) {
        Job job =
            Arrays.stream(values())
                .filter(j -> j.label.equals(label.trim()))
                .findFirst()
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "unknown job '"
                                + label
                                + "' (known: passthrough, fair-baseline, netdrift, netdrift-p2)"));
        jobs.add(job);
      }
      return List.copyOf(jobs);
    }
  }

  /** Which strategy lanes the netdrift job runs. */
  enum Lanes {
    /** The job's default: persistence and seasonal-naive (no model). */
    BASELINES("baselines"),
    /** Persistence and the demo's base CfC served as trained. */
    STATIC("static"),
    /** The demo's default list: both baselines, static, liquid, incremental and hybrid. */
    ADAPTIVE("adaptive");

    final String label;

    Lanes(String label) {
      this.label = label;
    }

    static Lanes parse(String value) {
      return Arrays.stream(values())
          .filter(l -> l.label.equals(value))
          .findFirst()
          .orElseThrow(
              () ->
                  new IllegalArgumentException(
                      "unknown --lanes '" + value + "' (known: baselines, static, adaptive)"));
    }
  }

  record Options(
      int steps,
      int repetitions,
      Path out,
      int parallelism,
      long checkpointIntervalMs,
      long seed,
      boolean shared,
      int warmupSteps,
      List<Job> jobs,
      Lanes lanes) {

    static Options parse(String[] args) {
      int steps = 1500;
      int repetitions = 2;
      Path out = Path.of("benchmarks/results");
      int parallelism = 1;
      long checkpointIntervalMs = 1000;
      long seed = 7;
      boolean shared = false;
      int warmupSteps = 300;
      List<Job> jobs = List.of(Job.values());
      Lanes lanes = Lanes.BASELINES;
      for (int i = 0; i < args.length; i++) {
        String key = args[i];
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("missing value after " + key);
        }
        String value = args[++i];
        switch (key) {
          case "--steps" -> steps = Integer.parseInt(value);
          case "--repetitions" -> repetitions = Integer.parseInt(value);
          case "--out" -> out = Path.of(value);
          case "--parallelism" -> parallelism = Integer.parseInt(value);
          case "--checkpoint-interval-ms" -> checkpointIntervalMs = Long.parseLong(value);
          case "--seed" -> seed = Long.parseLong(value);
          case "--shared" -> shared = Boolean.parseBoolean(value);
          case "--warmup-steps" -> warmupSteps = Integer.parseInt(value);
          case "--jobs" -> jobs = Job.parseList(value);
          case "--lanes" -> lanes = Lanes.parse(value);
          default ->
              throw new IllegalArgumentException(
                  "unknown option "
                      + key
                      + " (known: --steps, --repetitions, --out, --parallelism,"
                      + " --checkpoint-interval-ms, --seed, --shared, --warmup-steps, --jobs,"
                      + " --lanes)");
        }
      }
      if (steps < 10 || repetitions < 1 || parallelism < 1 || checkpointIntervalMs < 1) {
        throw new IllegalArgumentException(
            "need --steps >= 10, --repetitions >= 1, --parallelism >= 1,"
                + " --checkpoint-interval-ms >= 1");
      }
      return new Options(
          steps,
          repetitions,
          out,
          parallelism,
          checkpointIntervalMs,
          seed,
          shared,
          warmupSteps,
          jobs,
          lanes);
    }
  }

  /** One measured run. {@code records}: telemetry records; {@code seconds}: RUNNING to done. */
  record Run(
      int run,
      Job job,
      long records,
      long inputRecords,
      long outputRecords,
      double deploySeconds,
      double seconds,
      double allInputSeconds,
      String check) {

    double recordsPerSecond() {
      return records / seconds;
    }

    double allInputRecordsPerSecond() {
      return records / allInputSeconds;
    }
  }

  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(10);
  private static final Duration STALL = Duration.ofSeconds(45);
  private static final long STEP_MS = Duration.ofMinutes(15).toMillis();

  private final Options options;
  private int steps;
  private final String id = UUID.randomUUID().toString().substring(0, 8);
  private final long startedNanos = System.nanoTime();
  private String bootstrap;
  private String telemetryTopic;
  private String trafficTopic;
  private String eventsTopic;
  private Map<TopicPartition, Long> inputEnds;
  private long telemetryRecords;
  private long inputRecords;
  private MiniCluster cluster;
  private Path savepoints;
  private DemoBaseModels.Models baseModels;

  private EndToEndBenchmark(Options options) {
    this.options = options;
    this.steps = options.steps();
  }

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    new EndToEndBenchmark(options).run(String.join(" ", args));
    System.exit(0); // non-daemon Kafka/Flink threads may linger after close
  }

  private void run(String argLine) throws Exception {
    String loadBefore = loadAverage();
    log(
        "end-to-end benchmark: %d steps of Euro28, %d repetition(s), parallelism %d, checkpoint"
            + " every %d ms",
        options.steps(),
        options.repetitions(),
        options.parallelism(),
        options.checkpointIntervalMs());
    List<Run> runs = new ArrayList<>();
    savepoints = Files.createTempDirectory("netdrift-e2e-savepoints");
    if (options.lanes() != Lanes.BASELINES) {
      // the demo's base models for this seed (trained once, then reused from the demo's cache)
      NetworkSimulator live =
          NetworkSimulator.builder()
              .topology(BuiltInTopologies.euro28())
              .seed(options.seed())
              .stepLength(Duration.ofMillis(STEP_MS))
              .build();
      baseModels =
          DemoBaseModels.prepare(
              new DemoBaseModels.Settings(
                  live.topology(),
                  Duration.ofMillis(STEP_MS),
                  NetworkSimulator.Builder.DEFAULT_START,
                  DemoBaseModels.DEFAULT_HISTORY_STEPS,
                  options.seed()),
              new BaseModelCache(BaseModelCache.defaultRoot()),
              DeviceSelection.parse("cpu"),
              System.out);
      log("lanes %s: %s", options.lanes().label, strategies().replaceAll("=[^,]*/", "="));
    }
    if (options.shared()) {
      try (EmbeddedKafka kafka = startKafkaAndPreload()) {
        cluster = startMiniCluster();
        try {
          int run = 0;
          for (int rep = 1; rep <= options.repetitions(); rep++) {
            for (Job job : options.jobs()) {
              runs.add(runOnce(++run, job));
            }
          }
        } finally {
          cluster.close();
        }
      }
    } else {
      // default: a fresh broker (same configuration, same pre-loaded input) and a fresh
      // MiniCluster for every run; sharing them stalled later runs here (see the README)
      if (options.warmupSteps() > 0) {
        // untimed: one short run of each job first, so the first measured pair is not the one
        // paying class loading and JIT compilation
        steps = options.warmupSteps();
        for (Job job : options.jobs()) {
          try (EmbeddedKafka kafka = startKafkaAndPreload()) {
            cluster = startMiniCluster();
            try {
              Run warmup = runOnce(0, job);
              log("warm-up %s done (not reported): %s", job.label, warmup.check());
            } finally {
              cluster.close();
            }
          }
        }
        steps = options.steps();
      }
      int run = 0;
      for (int rep = 1; rep <= options.repetitions(); rep++) {
        for (Job job : options.jobs()) {
          try (EmbeddedKafka kafka = startKafkaAndPreload()) {
            cluster = startMiniCluster();
            try {
              runs.add(runOnce(++run, job));
            } finally {
              cluster.close();
            }
          }
        }
      }
    }
    String loadAfter = loadAverage();
    write(runs, argLine, loadBefore, loadAfter);
  }

  // ---------------------------------------------------------------- input

  private EmbeddedKafka startKafkaAndPreload() throws Exception {
    log("starting embedded Kafka (KRaft, single node) ...");
    EmbeddedKafka kafka = EmbeddedKafka.start();
    try {
      bootstrap = kafka.bootstrapServers();
      telemetryTopic = "e2e-telemetry-" + id;
      trafficTopic = "e2e-traffic-" + id;
      eventsTopic = "e2e-events-" + id;
      int inputPartitions = Math.max(2, options.parallelism());
      kafka.createTopics(
          Map.of(telemetryTopic, inputPartitions, trafficTopic, inputPartitions, eventsTopic, 1));
      preload();
      return kafka;
    } catch (Exception e) {
      kafka.close();
      throw e;
    }
  }

  private void preload() throws Exception {
    int steps = this.steps;
    NetworkSimulator simulator =
        NetworkSimulator.builder()
            .topology(BuiltInTopologies.euro28())
            .seed(options.seed())
            .stepLength(Duration.ofMillis(STEP_MS))
            .telemetryNoise(0.02)
            .scenario(FailureScenario.DRASTIC, steps / 3, 2L * steps / 3)
            .maxSteps(steps)
            .build();
    KafkaPublisherConfig config =
        KafkaPublisherConfig.defaults(bootstrap)
            .withTopics(telemetryTopic, trafficTopic, eventsTopic);
    long t0 = System.nanoTime();
    log(
        "pre-loading %d steps into %s, %s, %s ...",
        steps, telemetryTopic, trafficTopic, eventsTopic);
    try (KafkaStepPublisher publisher = new KafkaStepPublisher(config)) {
      long tenth = Math.max(1, steps / 10);
      publisher.publish(
          simulator,
          steps,
          done -> {
            if (done % tenth == 0) {
              log("  pre-load: %d/%d steps", done, steps);
            }
          });
    }
    inputEnds = endOffsets(List.of(telemetryTopic, trafficTopic, eventsTopic));
    telemetryRecords = sum(inputEnds, telemetryTopic);
    inputRecords = inputEnds.values().stream().mapToLong(Long::longValue).sum();
    log(
        "pre-loaded in %.1f s: telemetry %d, traffic %d, network events %d records",
        (System.nanoTime() - t0) / 1e9,
        telemetryRecords,
        sum(inputEnds, trafficTopic),
        sum(inputEnds, eventsTopic));
    long expected = (long) steps * BuiltInTopologies.euro28().directedLinkCount();
    if (telemetryRecords != expected) {
      throw new IllegalStateException(
          "expected " + expected + " telemetry records, the topic holds " + telemetryRecords);
    }
  }

  private Map<TopicPartition, Long> endOffsets(List<String> topics) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : topics) {
        for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
          partitions.add(new TopicPartition(topic, info.partition()));
        }
      }
      return new HashMap<>(consumer.endOffsets(partitions, Duration.ofSeconds(30)));
    }
  }

  private static long sum(Map<TopicPartition, Long> offsets, String topic) {
    return offsets.entrySet().stream()
        .filter(e -> e.getKey().topic().equals(topic))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  // ---------------------------------------------------------------- one run

  private MiniCluster startMiniCluster() throws Exception {
    MiniCluster miniCluster =
        new MiniCluster(
            new MiniClusterConfiguration.Builder()
                .setConfiguration(new Configuration())
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(Math.max(2, options.parallelism()) * 2)
                .withRandomPorts()
                .build());
    miniCluster.start();
    return miniCluster;
  }

  private Run runOnce(int run, Job job) throws Exception {
    String suffix = job.label + "-" + run + "-" + id;
    JobConfig config =
        JobConfig.fromArgs(
            "--bootstrap-servers",
            bootstrap,
            "--telemetry-topic",
            telemetryTopic,
            "--traffic-topic",
            trafficTopic,
            "--network-events-topic",
            eventsTopic,
            "--predictions-topic",
            "e2e-predictions-" + suffix,
            "--adaptation-events-topic",
            "e2e-adaptation-" + suffix,
            "--dead-letters-topic",
            "e2e-dead-letters-" + suffix,
            "--consumer-group-id",
            "e2e-" + suffix,
            "--transactional-id-prefix",
            "e2e-" + suffix,
            "--checkpoint-interval-ms",
            String.valueOf(options.checkpointIntervalMs()),
            "--parallelism",
            String.valueOf(job == Job.NETDRIFT_P2 ? 2 : options.parallelism()),
            "--step-ms",
            String.valueOf(STEP_MS),
            "--topology",
            "euro28",
            "--checkpoint-dir",
            savepoints.resolve("checkpoints").toUri().toString());
    String strategies = strategies();
    if (strategies != null) {
      config =
          config
              .with(JobConfig.STRATEGIES, List.of(strategies.split(",")))
              .with(
                  JobConfig.MODEL_STORE_DIR,
                  Files.createTempDirectory("netdrift-e2e-models").toString())
              .with(JobConfig.MODEL_DEVICE, "cpu");
    }
    int outputPartitions = Math.max(2, options.parallelism());
    String passthroughTopic = "e2e-passthrough-" + suffix;
    List<String> outputs =
        job == Job.PASSTHROUGH
            ? List.of(passthroughTopic)
            : job == Job.FAIR
                ? List.of(config.topic(Topic.PREDICTIONS))
                : List.of(
                    config.topic(Topic.PREDICTIONS),
                    config.topic(Topic.ADAPTATION_EVENTS),
                    config.topic(Topic.DEAD_LETTERS));
    Map<String, Integer> topics = new LinkedHashMap<>();
    for (String topic : outputs) {
      topics.put(
          topic,
          topic.contains("predictions") || topic.contains("passthrough") ? outputPartitions : 1);
    }
    EmbeddedKafka.createTopics(bootstrap, topics);

    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    if (job == Job.PASSTHROUGH) {
      PassthroughJob.attach(env, config, passthroughTopic);
    } else if (job == Job.FAIR) {
      FairPassthroughJob.attach(env, config);
    } else {
      NetdriftJob.attach(env, config);
    }
    StreamGraph graph = env.getStreamGraph();
    graph.setJobName("e2e-" + suffix);
    JobGraph jobGraph = graph.getJobGraph();

    String name = String.format(Locale.ROOT, "[run %d %s]", run, job.label);
    String keptTopic = outputs.get(0);
    int lanes = config.lanes().size();
    int directions = BuiltInTopologies.euro28().directedLinkCount();
    long expectedOutputs =
        !job.isNetdrift() ? telemetryRecords : telemetryRecords * lanes; // predictions
    // netdrift: the last step waits for the watermark, which only the drain (or newer data) moves
    long expectedBeforeDrain =
        !job.isNetdrift() ? telemetryRecords : (long) (steps - 1) * directions * lanes;
    Map<TopicPartition, Long> ends = new HashMap<>();
    inputEnds.forEach(
        (tp, end) -> {
          if (job != Job.PASSTHROUGH || tp.topic().equals(telemetryTopic)) {
            ends.put(tp, end);
          }
        });
    long jobInputRecords = job != Job.PASSTHROUGH ? inputRecords : telemetryRecords;

    try (OutputCounter counter = new OutputCounter(bootstrap, outputs, keptTopic);
        Admin admin = admin()) {
      long submitted = System.nanoTime();
      JobID jobId = cluster.submitJob(jobGraph).get().getJobID();
      waitUntilAllTasksRun(jobId);
      long running = System.nanoTime();
      double deploySeconds = (running - submitted) / 1e9;
      log("%s all tasks running after %.1f s; measuring", name, deploySeconds);

      long lastProgress = running;
      long lastCheck = 0;
      Map<String, Double> consumed = Map.of();
      long outputsDone = -1;
      long allConsumedSince = -1;
      long lastChange = running;
      String lastState = "";
      long end;
      while (true) {
        counter.poll(Duration.ofMillis(100));
        long now = System.nanoTime();
        if (outputsDone < 0 && counter.count(keptTopic) >= expectedBeforeDrain) {
          outputsDone = now;
          log(
              "%s %.2f s: all %d outputs releasable without a drain are committed",
              name, (now - running) / 1e9, expectedBeforeDrain);
        }
        if (!job.isNetdrift() && outputsDone >= 0) {
          end = now;
          break;
        }
        if (now - lastCheck > 500_000_000L) {
          lastCheck = now;
          consumed = consumedFractions(admin, "e2e-" + suffix, ends);
          failIfTerminal(jobId);
          String state = consumed + counts(counter, outputs);
          if (!state.equals(lastState)) {
            lastState = state;
            lastChange = now;
          } else if (now - lastChange > STALL.toNanos()) {
            log(
                "%s STALLED: neither committed offsets nor committed outputs moved for %d s"
                    + " (%s | %s); cancelling this run",
                name, STALL.toSeconds(), percentages(consumed), counts(counter, outputs));
            cluster.cancelJob(jobId).get();
            return new Run(
                run,
                job,
                telemetryRecords,
                jobInputRecords,
                outputs.stream().mapToLong(counter::count).sum(),
                deploySeconds,
                Double.NaN,
                Double.NaN,
                "STALLED after "
                    + String.format(Locale.ROOT, "%.0f", (lastChange - running) / 1e9)
                    + " s: "
                    + counts(counter, outputs)
                    + " committed, input offsets committed "
                    + percentages(consumed));
          }
          boolean allConsumed = consumed.values().stream().allMatch(f -> f >= 1.0);
          allConsumedSince = !allConsumed ? -1 : allConsumedSince < 0 ? now : allConsumedSince;
          boolean stuck = allConsumedSince >= 0 && now - allConsumedSince > 20_000_000_000L;
          if (stuck && outputsDone < 0) {
            log("%s all input consumed 20 s ago, outputs still short; draining anyway", name);
          }
          if (job.isNetdrift() && allConsumed && (outputsDone >= 0 || stuck)) {
            log(
                "%s %.1f s: all input consumed (offsets committed); draining"
                    + " (stop-with-savepoint --drain) ...",
                name, (now - running) / 1e9);
            cluster
                .stopWithSavepoint(
                    jobId, savepoints.toUri().toString(), true, SavepointFormatType.CANONICAL)
                .get();
            JobResult result = cluster.requestJobResult(jobId).get();
            end = System.nanoTime();
            if (!result.isSuccess()) {
              throw new IllegalStateException(
                  name + " failed", result.getSerializedThrowable().get());
            }
            break;
          }
        }
        if (now - lastProgress > 2_000_000_000L) {
          lastProgress = now;
          log(
              "%s %.1f s: input consumed (committed offsets) %s | committed out: %s",
              name, (now - running) / 1e9, percentages(consumed), counts(counter, outputs));
        }
        if (now - running > RUN_TIMEOUT.toNanos()) {
          throw new IllegalStateException(name + " did not finish within " + RUN_TIMEOUT);
        }
      }
      if (outputsDone < 0) {
        outputsDone = end; // only the drain released them
      }
      double seconds = (outputsDone - running) / 1e9;
      double allInputSeconds = (end - running) / 1e9;
      if (!job.isNetdrift()) {
        // every output is committed already; stop the job (not timed)
        cluster
            .stopWithSavepoint(
                jobId, savepoints.toUri().toString(), true, SavepointFormatType.CANONICAL)
            .get();
        cluster.requestJobResult(jobId).get();
      }
      // read what is left (not timed), then check exactly-once
      long quiet = System.nanoTime();
      while (System.nanoTime() - quiet < 2_000_000_000L) {
        if (counter.poll(Duration.ofMillis(200)) > 0) {
          quiet = System.nanoTime();
        }
      }
      String check =
          job == Job.PASSTHROUGH
              ? checkPassthrough(counter.kept())
              : checkNetdrift(counter.kept(), expectedOutputs);
      long outputRecords = outputs.stream().mapToLong(counter::count).sum();
      log(
          "%s done: %d telemetry records, outputs in %.2f s = %.0f records/s, all input read"
              + " (+ drain) in %.2f s | out: %s | %s",
          name,
          telemetryRecords,
          seconds,
          telemetryRecords / seconds,
          allInputSeconds,
          counts(counter, outputs),
          check);
      return new Run(
          run,
          job,
          telemetryRecords,
          jobInputRecords,
          outputRecords,
          deploySeconds,
          seconds,
          allInputSeconds,
          check);
    }
  }

  private Admin admin() {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    return Admin.create(props);
  }

  /** Per input topic: committed offsets of the job's consumer group over the end offsets. */
  private static Map<String, Double> consumedFractions(
      Admin admin, String group, Map<TopicPartition, Long> ends) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    Map<String, long[]> byTopic = new java.util.TreeMap<>();
    for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
      OffsetAndMetadata offset = committed.get(e.getKey());
      long[] doneTotal = byTopic.computeIfAbsent(e.getKey().topic(), t -> new long[2]);
      doneTotal[0] += Math.min(e.getValue(), offset == null ? 0 : offset.offset());
      doneTotal[1] += e.getValue();
    }
    Map<String, Double> fractions = new LinkedHashMap<>();
    byTopic.forEach((t, dt) -> fractions.put(t, dt[1] == 0 ? 1.0 : (double) dt[0] / dt[1]));
    return fractions;
  }

  private static String percentages(Map<String, Double> fractions) {
    StringBuilder s = new StringBuilder();
    fractions.forEach(
        (topic, f) ->
            s.append(s.length() > 0 ? ", " : "")
                .append(topic.replaceFirst("^e2e-", "").replaceFirst("-[0-9a-f]{8}$", ""))
                .append(String.format(Locale.ROOT, " %.0f%%", 100 * f)));
    return s.toString();
  }

  private void waitUntilAllTasksRun(JobID jobId) throws Exception {
    waitUntilAllTasksRun(cluster, jobId);
  }

  /** Waits (up to 3 minutes) until every task of the job is RUNNING; fails if the job ends. */
  static void waitUntilAllTasksRun(MiniCluster cluster, JobID jobId) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (System.nanoTime() < deadline) {
      AccessExecutionGraph graph = cluster.getExecutionGraph(jobId).get();
      if (graph.getState().isGloballyTerminalState()) {
        throw new IllegalStateException(
            "job " + jobId + " ended while starting: " + graph.getState());
      }
      int vertices = 0;
      boolean allRunning = true;
      for (AccessExecutionVertex vertex : graph.getAllExecutionVertices()) {
        vertices++;
        allRunning &= vertex.getExecutionState() == ExecutionState.RUNNING;
      }
      if (vertices > 0 && allRunning) {
        return;
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("job " + jobId + " did not reach RUNNING within 3 minutes");
  }

  private void failIfTerminal(JobID jobId) throws Exception {
    JobStatus status = cluster.getJobStatus(jobId).get();
    if (status.isGloballyTerminalState()) {
      JobResult result = cluster.requestJobResult(jobId).get();
      throw new IllegalStateException(
          "job " + jobId + " ended early: " + status,
          result.getSerializedThrowable().map(t -> (Throwable) t).orElse(null));
    }
  }

  private static String counts(OutputCounter counter, List<String> topics) {
    StringBuilder s = new StringBuilder();
    for (String topic : topics) {
      if (s.length() > 0) {
        s.append(", ");
      }
      s.append(topic.replaceFirst("^e2e-", "").replaceFirst("-[a-z]+-\\d+-[0-9a-f]{8}$", ""))
          .append(' ')
          .append(counter.count(topic));
    }
    return s.toString();
  }

  // ---------------------------------------------------------------- checks (not timed)

  /** Every telemetry record exactly once in the copy. */
  private String checkPassthrough(List<byte[]> values) throws Exception {
    AvroCodec<LinkTelemetry> codec = AvroCodec.of(LinkTelemetry.class);
    Set<String> distinct = new HashSet<>();
    for (byte[] value : values) {
      LinkTelemetry t = codec.decode(value);
      distinct.add(
          t.getLinkId() + ":" + t.getSrcNode() + ">" + t.getDstNode() + "@" + t.getTimestampMs());
    }
    boolean ok = values.size() == telemetryRecords && distinct.size() == telemetryRecords;
    return String.format(
        Locale.ROOT,
        "%s: %d copies, %d distinct of %d",
        ok ? "OK" : "MISMATCH",
        values.size(),
        distinct.size(),
        telemetryRecords);
  }

  /** One prediction per (link direction, step, strategy), none twice. */
  private String checkNetdrift(List<byte[]> values, long expected) throws Exception {
    AvroCodec<LoadPrediction> codec = AvroCodec.of(LoadPrediction.class);
    Set<String> distinct = new HashSet<>();
    for (byte[] value : values) {
      LoadPrediction p = codec.decode(value);
      distinct.add(
          p.getLinkId()
              + ":"
              + p.getSrcNode()
              + ">"
              + p.getDstNode()
              + "@"
              + p.getEventTimeMs()
              + "/"
              + p.getStrategy());
    }
    boolean ok = values.size() == expected && distinct.size() == expected;
    return String.format(
        Locale.ROOT,
        "%s: %d predictions, %d distinct of %d expected",
        ok ? "OK" : "MISMATCH",
        values.size(),
        distinct.size(),
        expected);
  }

  // ---------------------------------------------------------------- results

  /** {@code end-to-end}, then the lanes and parallelism when they are not the defaults. */
  private String resultName() {
    return "end-to-end"
        + (options.lanes() == Lanes.BASELINES ? "" : "-" + options.lanes().label)
        + (options.parallelism() == 1 ? "" : "-p" + options.parallelism())
        + (options.jobs().contains(Job.NETDRIFT_P2) ? "-scaling" : "");
  }

  /** The job's {@code --strategies} value, or null for its default lanes. */
  private String strategies() {
    return switch (options.lanes()) {
      case BASELINES -> null;
      case STATIC -> "persistence,static=" + baseModels.cfc().toAbsolutePath();
      case ADAPTIVE ->
          String.join(
              ",",
              DemoLanes.defaultStrategies(
                  baseModels.cfc(), baseModels.mlp(), JobConfig.fromArgs()));
    };
  }

  private void write(List<Run> runs, String argLine, String loadBefore, String loadAfter)
      throws IOException {
    // ratio of each netdrift run to the baseline runs just before it (same repetition)
    Map<Integer, Double> ratios = new LinkedHashMap<>();
    Map<Integer, Double> fairRatios = new LinkedHashMap<>();
    Map<Integer, Double> allInputRatios = new LinkedHashMap<>();
    Map<Integer, Double> scalingRatios = new LinkedHashMap<>(); // netdrift-p2 / netdrift before it
    Run lastPassthrough = null;
    Run lastFair = null;
    Run lastNetdrift = null;
    for (Run r : runs) {
      switch (r.job()) {
        case PASSTHROUGH -> lastPassthrough = r;
        case FAIR -> lastFair = r;
        case NETDRIFT_P2 -> {
          if (lastNetdrift != null) {
            scalingRatios.put(r.run(), r.recordsPerSecond() / lastNetdrift.recordsPerSecond());
          }
        }
        case NETDRIFT -> {
          lastNetdrift = r;
          if (lastPassthrough != null) {
            ratios.put(r.run(), r.recordsPerSecond() / lastPassthrough.recordsPerSecond());
            allInputRatios.put(
                r.run(), r.allInputRecordsPerSecond() / lastPassthrough.allInputRecordsPerSecond());
          }
          if (lastFair != null) {
            fairRatios.put(r.run(), r.recordsPerSecond() / lastFair.recordsPerSecond());
          }
        }
      }
    }
    double medianFairRatio = median(new ArrayList<>(fairRatios.values()));
    double medianScalingRatio = median(new ArrayList<>(scalingRatios.values()));
    double medianRatio = median(new ArrayList<>(ratios.values()));
    double medianAllInputRatio = median(new ArrayList<>(allInputRatios.values()));
    double medianPassthrough =
        median(
            runs.stream()
                .filter(r -> r.job() == Job.PASSTHROUGH)
                .map(Run::recordsPerSecond)
                .toList());
    double medianNetdrift =
        median(
            runs.stream().filter(r -> r.job() == Job.NETDRIFT).map(Run::recordsPerSecond).toList());

    Files.createDirectories(options.out());
    StringBuilder csv =
        new StringBuilder(
            "run,job,records,seconds,records_per_s,ratio_netdrift_to_fair,"
                + "ratio_netdrift_to_passthrough,"
                + "all_input_seconds,all_input_records_per_s,all_input_ratio,"
                + "input_records_all_topics,output_records,deploy_seconds,check\n");
    StringBuilder md = new StringBuilder();
    md.append(
        "# End-to-end throughput: netdrift vs a fair baseline and a Kafka→Kafka passthrough\n\n");
    md.append("Generated by `io.netdrift.benchmarks.endtoend.EndToEndBenchmark ")
        .append(argLine)
        .append("` at ")
        .append(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
        .append(" (command: `benchmarks/README.md`).\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "Setup: one JVM; %s; netdrift's lanes: %s; %d steps of"
                + " Euro28 pre-loaded (%d telemetry records, %d records on all three input"
                + " topics; drastic failure at step %d, repair at %d); parallelism %d; exactly-once"
                + " checkpoints every %d ms; EXACTLY_ONCE Kafka sinks; fresh output topics, consumer"
                + " group and transactional ids per run. Machine: %d cores, shared; load average"
                + " %s before, %s after.\n\n",
            options.shared()
                ? "one embedded Kafka 4.2 KRaft broker and one Flink MiniCluster for all runs, input"
                    + " pre-loaded once"
                : "for every run a fresh embedded Kafka 4.2 KRaft broker (same configuration) and a"
                    + " fresh Flink MiniCluster, the same input pre-loaded before the run (untimed)"
                    + (options.warmupSteps() > 0
                        ? ", after an untimed warm-up run of each job on "
                            + options.warmupSteps()
                            + " steps"
                        : ""),
            options.lanes() == Lanes.BASELINES
                ? "its default (persistence, seasonal-naive)"
                : strategies().replaceAll("=[^,]*/", "="),
            options.steps(),
            telemetryRecords,
            inputRecords,
            options.steps() / 3,
            2 * options.steps() / 3,
            options.parallelism(),
            options.checkpointIntervalMs(),
            Runtime.getRuntime().availableProcessors(),
            loadBefore,
            loadAfter));
    md.append(
        "| run | job | records | seconds | records/s | ratio netdrift/fair baseline | ratio"
            + " netdrift/passthrough | all input read: seconds | records/s | ratio |\n");
    md.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Run r : runs) {
      Double fairRatio = fairRatios.get(r.run());
      Double ratio = ratios.get(r.run());
      Double allInputRatio = allInputRatios.get(r.run());
      md.append(
          String.format(
              Locale.ROOT,
              "| %d | %s | %d | %.2f | %.0f | %s | %s | %.2f | %.0f | %s |\n",
              r.run(),
              r.job().label,
              r.records(),
              r.seconds(),
              r.recordsPerSecond(),
              fairRatio == null ? "" : String.format(Locale.ROOT, "%.3f", fairRatio),
              ratio == null ? "" : String.format(Locale.ROOT, "%.3f", ratio),
              r.allInputSeconds(),
              r.allInputRecordsPerSecond(),
              allInputRatio == null ? "" : String.format(Locale.ROOT, "%.3f", allInputRatio)));
      csv.append(
          String.format(
              Locale.ROOT,
              "%d,%s,%d,%.3f,%.1f,%s,%s,%.3f,%.1f,%s,%d,%d,%.3f,\"%s\"\n",
              r.run(),
              r.job().label,
              r.records(),
              r.seconds(),
              r.recordsPerSecond(),
              fairRatio == null ? "" : String.format(Locale.ROOT, "%.4f", fairRatio),
              ratio == null ? "" : String.format(Locale.ROOT, "%.4f", ratio),
              r.allInputSeconds(),
              r.allInputRecordsPerSecond(),
              allInputRatio == null ? "" : String.format(Locale.ROOT, "%.4f", allInputRatio),
              r.inputRecords(),
              r.outputRecords(),
              r.deploySeconds(),
              r.check()));
    }
    md.append(
        String.format(
            Locale.ROOT,
            "\n**Median ratio netdrift/fair baseline (per repetition): %.3f.** Median ratio"
                + " netdrift/passthrough: %.3f (ratio of the median records/s: %.3f). Until all"
                + " input of netdrift is read and drained, netdrift/passthrough: median ratio"
                + " %.3f.\n\n",
            medianFairRatio,
            medianRatio,
            medianNetdrift / medianPassthrough,
            medianAllInputRatio));
    if (!scalingRatios.isEmpty()) {
      md.append(
          String.format(
              Locale.ROOT,
              "**Median ratio netdrift at parallelism 2 / parallelism 1 (per repetition): %.3f**"
                  + " (%s; the same input, two partitions per input topic in both, one"
                  + " TaskManager with enough slots; %d cores).\n\n",
              medianScalingRatio,
              scalingRatios.values().stream()
                  .map(v -> String.format(Locale.ROOT, "%.3f", v))
                  .collect(java.util.stream.Collectors.joining(", ")),
              Runtime.getRuntime().availableProcessors()));
    }
    md.append(
        "Per run (deployment time, excluded above; records read; records written; check):\n\n");
    for (Run r : runs) {
      md.append(
          String.format(
              Locale.ROOT,
              "- run %d %s: deploy %.2f s, read %d input records, wrote %d, %s\n",
              r.run(),
              r.job().label,
              r.deploySeconds(),
              r.inputRecords(),
              r.outputRecords(),
              r.check()));
    }
    md.append(
        "\nWhat the numbers mean. records = telemetry records (82 per step), for both jobs."
            + " seconds = from the moment all tasks of the job are RUNNING (deployment excluded)"
            + " until every output the job can release without a drain is visible to a"
            + " `read_committed` consumer: for the passthrough one copy of each telemetry value"
            + " (bytes, no decoding); for the fair baseline one Avro-encoded persistence"
            + " prediction per valid telemetry record, through netdrift's own three sources (the"
            + " traffic and network events read, decoded, validated and dropped), watermarks and"
            + " predictions sink; for netdrift the predictions of every step but the last (two"
            + " lanes per link direction; the last step waits for a watermark that only the drain"
            + " moves). netdrift is the whole job: three sources with Avro decoding, validation and"
            + " watermarks, the keyed micro-batched forecast operator, three EXACTLY_ONCE sinks."
            + " Its predictions do not wait for the traffic topic (756 OD samples per step, nine"
            + " times the telemetry), which it is still reading at that moment; the 'all input"
            + " read' columns time netdrift until its consumer group has committed the end offsets"
            + " of all three input topics and the job, then drained with stop-with-savepoint, has"
            + " finished (every prediction committed; one extra synchronous savepoint). Those"
            + " offsets are committed to Kafka after checkpoints and trailed the actual reading by"
            + " up to ~8 s in trial runs (while checkpoints completed every second), so the 'all"
            + " input read' time is an upper bound. For"
            + " the"
            + " passthrough both timings are the same. Ratios, not absolute rates, are the result:"
            + " the machine is shared. A run whose committed offsets and committed outputs stop"
            + " moving for 45 s is cancelled and reported as STALLED (no time), and left out of"
            + " the medians. Throughput only: the input is a pre-loaded backlog whose"
            + " Kafka timestamps are simulated event times, so no end-to-end latency is"
            + " reported.\n");
    Files.writeString(options.out().resolve(resultName() + ".md"), md.toString());
    Files.writeString(options.out().resolve(resultName() + ".csv"), csv.toString());
    System.out.println();
    System.out.print(md);
    log(
        "written %s and %s",
        options.out().resolve(resultName() + ".md"), options.out().resolve(resultName() + ".csv"));
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.removeIf(v -> v.isNaN());
    sorted.sort(Double::compare);
    int n = sorted.size();
    if (n == 0) {
      return Double.NaN;
    }
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return parts[0] + "/" + parts[1] + "/" + parts[2];
    } catch (IOException | RuntimeException e) {
      return "n/a";
    }
  }

  private void log(String format, Object... args) {
    System.out.printf(
        Locale.ROOT,
        "[%6.1f s] %s%n",
        (System.nanoTime() - startedNanos) / 1e9,
        String.format(Locale.ROOT, format, args));
  }
}
