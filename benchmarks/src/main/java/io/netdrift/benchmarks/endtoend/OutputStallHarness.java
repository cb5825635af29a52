package io.netdrift.benchmarks.endtoend;

import io.netdrift.benchmarks.harness.BenchmarkConsole;
import io.netdrift.benchmarks.harness.BenchmarkLauncher;
import io.netdrift.benchmarks.harness.ClusterJobs;
import io.netdrift.benchmarks.harness.OutputCounter;
import io.netdrift.benchmarks.harness.SharedOptions;
import io.netdrift.core.network.BuiltInTopologies;
import io.netdrift.job.config.JobConfig;
import io.netdrift.local.EmbeddedKafka;
import io.netdrift.simulator.FailureScenario;
import io.netdrift.simulator.KafkaPublisherConfig;
import io.netdrift.simulator.KafkaStepPublisher;
import io.netdrift.simulator.NetworkSimulator;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.checkpoint.CheckpointStatsCounts;
import org.apache.flink.runtime.checkpoint.CheckpointStatsSnapshot;
import org.apache.flink.runtime.checkpoint.FailedCheckpointStats;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Reproduces the intermittent output stall: the plain Kafka→Kafka passthrough (EXACTLY_ONCE) run
 * {@code --runs} times in a row against one embedded broker and one MiniCluster, each run on a
 * fresh output topic, ended the way {@code --end} says ({@code drain}: stop-with-savepoint --drain,
 * {@code cancel}, or {@code mixed}: alternating). A run stalls when the records a {@code
 * read_committed} consumer sees stop growing for {@code --stall-seconds}; the harness then writes,
 * for that moment, the job's checkpoint statistics, every transaction the broker knows (state,
 * partitions, producer id and epoch, start time), the end offset and the last stable offset of each
 * output partition, and a thread dump, and cancels the run. It ends with a table of the runs and
 * exits 1 if any run stalled.
 */
@Command(
    name = "OutputStallHarness",
    mixinStandardHelpOptions = true,
    description = "The passthrough job run many times on one broker; a stalled run is written up.")
public final class OutputStallHarness implements Callable<Integer> {

  /** How a run ends. */
  enum End {
    DRAIN,
    CANCEL,
    /** Alternating: drain, cancel, drain, ... */
    MIXED
  }

  /** The input topic's retention. */
  enum TopicRetention {
    /** {@code retention.ms=-1}, as the job's topics are made. */
    INFINITE,
    /** The broker's default (7 days): reproduces the stall with old event times. */
    BROKER_DEFAULT
  }

  @Option(names = "--runs", defaultValue = "30", description = "Runs (default: ${DEFAULT-VALUE}).")
  int runs;

  @Option(
      names = "--steps",
      defaultValue = "300",
      description = "Euro28 steps pre-loaded (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(
      names = "--end",
      defaultValue = "mixed",
      converter = EndConverter.class,
      description = "drain, cancel or mixed (default: ${DEFAULT-VALUE}).")
  End end;

  @Option(
      names = "--stall-seconds",
      defaultValue = "30",
      description = "Seconds without new output that make a stall (default: ${DEFAULT-VALUE}).")
  int stallSeconds;

  @Option(
      names = "--out",
      defaultValue = "benchmarks/results/output-stall",
      description = "Directory of the results (default: ${DEFAULT-VALUE}).")
  Path out;

  @Mixin SharedOptions.CheckpointInterval checkpointInterval;

  @Option(
      names = "--topic-retention",
      defaultValue = "infinite",
      converter = RetentionConverter.class,
      description = "infinite or broker-default (default: ${DEFAULT-VALUE}).")
  TopicRetention topicRetention;

  @Spec CommandSpec spec;

  /** {@code drain|cancel|mixed}. */
  static final class EndConverter implements ITypeConverter<End> {
    @Override
    public End convert(String value) {
      return End.valueOf(value.toUpperCase(Locale.ROOT));
    }
  }

  /** {@code infinite|broker-default}. */
  static final class RetentionConverter implements ITypeConverter<TopicRetention> {
    @Override
    public TopicRetention convert(String value) {
      return TopicRetention.valueOf(value.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
  }

  private record Outcome(int run, String end, boolean stalled, double seconds, long visible) {}

  private final String id = UUID.randomUUID().toString().substring(0, 8);
  private final BenchmarkConsole console = new BenchmarkConsole();
  private String bootstrap;
  private String telemetryTopic;
  private long telemetryRecords;
  private MiniCluster cluster;

  public static void main(String[] args) {
    BenchmarkLauncher.launch(new OutputStallHarness(), args);
  }

  /** Exit code 1 when a run stalled. */
  @Override
  public Integer call() throws Exception {
    return run(BenchmarkLauncher.argLine(spec)) ? 1 : 0;
  }

  private boolean run(String argLine) throws Exception {
    Files.createDirectories(out);
    List<Outcome> outcomes = new ArrayList<>();
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      bootstrap = kafka.bootstrapServers();
      preload(kafka);
      cluster = ClusterJobs.start(2, new Configuration());
      try {
        for (int run = 1; run <= runs; run++) {
          String ending =
              end == End.MIXED
                  ? (run % 2 == 1 ? "drain" : "cancel")
                  : end.name().toLowerCase(Locale.ROOT);
          outcomes.add(runOnce(run, ending));
        }
      } finally {
        cluster.close();
      }
    }
    long stalls = outcomes.stream().filter(Outcome::stalled).count();
    StringBuilder md = new StringBuilder();
    md.append("# Output stall harness\n\n")
        .append("`OutputStallHarness ")
        .append(argLine)
        .append("` at ")
        .append(Instant.now())
        .append(": the passthrough (EXACTLY_ONCE, checkpoint every ")
        .append(checkpointInterval.millis())
        .append(" ms) ")
        .append(outcomes.size())
        .append(" times on one broker and one MiniCluster, ")
        .append(telemetryRecords)
        .append(" telemetry records per run.\n\n")
        .append("**Stalls: ")
        .append(stalls)
        .append(" of ")
        .append(outcomes.size())
        .append(" runs.**\n\n| run | ended by | outcome | seconds to all output | visible |\n")
        .append("|---:|---|---|---:|---:|\n");
    for (Outcome o : outcomes) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %d | %s | %s | %.2f | %d |%n",
              o.run(),
              o.end(),
              o.stalled() ? "STALLED" : "ok",
              o.seconds(),
              o.visible()));
    }
    Files.writeString(out.resolve("output-stall.md"), md);
    log("%d of %d runs stalled; written %s", stalls, outcomes.size(), out);
    return stalls > 0;
  }

  private void preload(EmbeddedKafka kafka) throws Exception {
    telemetryTopic = "stall-telemetry-" + id;
    String traffic = "stall-traffic-" + id;
    String events = "stall-events-" + id;
    createTopics(Map.of(telemetryTopic, 2, traffic, 2, events, 1));
    NetworkSimulator simulator =
        NetworkSimulator.builder()
            .topology(BuiltInTopologies.euro28())
            .seed(7)
            .stepLength(Duration.ofMinutes(15))
            .scenario(FailureScenario.DRASTIC, steps / 3, 2L * steps / 3)
            .maxSteps(steps)
            .build();
    try (KafkaStepPublisher publisher =
        new KafkaStepPublisher(
            KafkaPublisherConfig.defaults(bootstrap).withTopics(telemetryTopic, traffic, events))) {
      publisher.publish(simulator, steps, done -> {});
    }
    telemetryRecords = (long) steps * BuiltInTopologies.euro28().directedLinkCount();
    log("pre-loaded %d telemetry records into %s", telemetryRecords, telemetryTopic);
  }

  private Outcome runOnce(int run, String end) throws Exception {
    String suffix = run + "-" + id;
    String output = "stall-out-" + suffix;
    createTopics(Map.of(output, 2));
    JobConfig config =
        JobConfig.fromArgs(
            "--bootstrap-servers",
            bootstrap,
            "--telemetry-topic",
            telemetryTopic,
            "--consumer-group-id",
            "stall-" + suffix,
            "--transactional-id-prefix",
            "stall-" + suffix,
            "--checkpoint-interval-ms",
            String.valueOf(checkpointInterval.millis()),
            "--parallelism",
            "1");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    PassthroughJob.attach(env, config, output);
    var graph = env.getStreamGraph();
    graph.setJobName("stall-" + suffix);
    try (OutputCounter counter = new OutputCounter(bootstrap, List.of(output), output);
        Admin admin = admin()) {
      JobID jobId = cluster.submitJob(graph.getJobGraph()).get().getJobID();
      ClusterJobs.waitUntilAllTasksRun(cluster, jobId, Duration.ofMinutes(3));
      long running = System.nanoTime();
      long lastChange = running;
      long seen = 0;
      boolean stalled = false;
      while (counter.count(output) < telemetryRecords) {
        counter.poll(Duration.ofMillis(200));
        long now = System.nanoTime();
        if (counter.count(output) != seen) {
          seen = counter.count(output);
          lastChange = now;
        } else if (now - lastChange > Duration.ofSeconds(stallSeconds).toNanos()) {
          stalled = true;
          log(
              "[run %d] STALLED at %d of %d records visible; collecting diagnostics",
              run, seen, telemetryRecords);
          diagnose(run, jobId, admin, output);
          break;
        }
      }
      double seconds = stalled ? Double.NaN : (System.nanoTime() - running) / 1e9;
      if (stalled || end.equals("cancel")) {
        cluster.cancelJob(jobId).get();
      } else {
        cluster
            .stopWithSavepoint(
                jobId,
                Files.createTempDirectory("stall-savepoints").toUri().toString(),
                true,
                SavepointFormatType.CANONICAL)
            .get();
      }
      cluster.requestJobResult(jobId).get();
      log(
          "[run %d] %s: %d records visible%s; ended by %s",
          run,
          stalled ? "STALLED" : "ok",
          counter.count(output),
          stalled ? "" : String.format(Locale.ROOT, " after %.2f s", seconds),
          end);
      return new Outcome(run, end, stalled, seconds, counter.count(output));
    }
  }

  /** Writes what was true at the moment of the stall to {@code stall-run-N.txt}. */
  private void diagnose(int run, JobID jobId, Admin admin, String output) throws Exception {
    StringBuilder d = new StringBuilder();
    d.append("run ").append(run).append(" stalled at ").append(Instant.now()).append("\n\n");
    AccessExecutionGraph graph = cluster.getExecutionGraph(jobId).get();
    d.append("job state: ").append(graph.getState()).append('\n');
    CheckpointStatsSnapshot stats = graph.getCheckpointStatsSnapshot();
    if (stats != null) {
      CheckpointStatsCounts counts = stats.getCounts();
      d.append(
          String.format(
              Locale.ROOT,
              "checkpoints: triggered %d, in progress %d, completed %d, failed %d%n",
              counts.getTotalNumberOfCheckpoints(),
              counts.getNumberOfInProgressCheckpoints(),
              counts.getNumberOfCompletedCheckpoints(),
              counts.getNumberOfFailedCheckpoints()));
      FailedCheckpointStats failed =
          stats.getHistory().getCheckpoints().stream()
              .filter(FailedCheckpointStats.class::isInstance)
              .map(FailedCheckpointStats.class::cast)
              .findFirst()
              .orElse(null);
      if (failed != null) {
        d.append("latest failed checkpoint: ")
            .append(failed.getCheckpointId())
            .append(": ")
            .append(failed.getFailureMessage())
            .append('\n');
      }
      if (stats.getHistory().getLatestCompletedCheckpoint() != null) {
        d.append("latest completed checkpoint: ")
            .append(stats.getHistory().getLatestCompletedCheckpoint().getCheckpointId())
            .append('\n');
      }
    }
    List<TopicPartition> partitions =
        List.of(new TopicPartition(output, 0), new TopicPartition(output, 1));
    Map<TopicPartition, OffsetSpec> latest =
        partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
    var ends = admin.listOffsets(latest).all().get();
    var stable =
        admin
            .listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
            .all()
            .get();
    for (TopicPartition p : partitions) {
      d.append(
          String.format(
              Locale.ROOT,
              "%s: end offset %d, last stable offset %d%n",
              p,
              ends.get(p).offset(),
              stable.get(p).offset()));
    }
    List<TopicPartition> inputs =
        List.of(new TopicPartition(telemetryTopic, 0), new TopicPartition(telemetryTopic, 1));
    var inputStarts =
        admin
            .listOffsets(
                inputs.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.earliest())))
            .all()
            .get();
    var inputEnds =
        admin
            .listOffsets(
                inputs.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
            .all()
            .get();
    for (TopicPartition p : inputs) {
      d.append(
          String.format(
              Locale.ROOT,
              "input %s: log start offset %d, end offset %d (records still readable: %d)%n",
              p,
              inputStarts.get(p).offset(),
              inputEnds.get(p).offset(),
              inputEnds.get(p).offset() - inputStarts.get(p).offset()));
    }
    List<String> ids =
        admin.listTransactions().all().get().stream()
            .map(TransactionListing::transactionalId)
            .toList();
    d.append("\ntransactions known to the broker: ").append(ids.size()).append('\n');
    if (!ids.isEmpty()) {
      Map<String, TransactionDescription> described = admin.describeTransactions(ids).all().get();
      described.forEach(
          (tid, t) ->
              d.append(
                  String.format(
                      Locale.ROOT,
                      "  %s: %s, producer %d epoch %d, started %s, timeout %d ms, partitions %s%n",
                      tid,
                      t.state(),
                      t.producerId(),
                      t.producerEpoch(),
                      t.transactionStartTimeMs().isPresent()
                          ? Instant.ofEpochMilli(t.transactionStartTimeMs().getAsLong())
                          : "-",
                      t.transactionTimeoutMs(),
                      t.topicPartitions())));
    }
    d.append("\nthread dump:\n");
    for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
      d.append(info.toString());
    }
    Path file = out.resolve("stall-run-" + run + ".txt");
    Files.writeString(file, d);
    log("[run %d] diagnostics written to %s", run, file);
  }

  /**
   * Topics with infinite time retention (as the demo creates them), or with {@code
   * --topic-retention broker-default} the broker's default (7 days): the simulated records carry
   * event times of early 2026 as their Kafka timestamps, so the broker's first retention check (30
   * s after it starts) deletes them.
   */
  private void createTopics(Map<String, Integer> partitions) throws Exception {
    if (topicRetention == TopicRetention.INFINITE) {
      EmbeddedKafka.createTopics(bootstrap, partitions);
      return;
    }
    try (Admin admin = admin()) {
      admin
          .createTopics(
              partitions.entrySet().stream()
                  .map(
                      e ->
                          new org.apache.kafka.clients.admin.NewTopic(
                              e.getKey(), e.getValue(), (short) 1))
                  .toList())
          .all()
          .get();
    }
  }

  private Admin admin() {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    return Admin.create(props);
  }

  private void log(String format, Object... args) {
    console.log(format, args);
  }
}
