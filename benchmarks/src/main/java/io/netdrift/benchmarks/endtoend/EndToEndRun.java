package io.netdrift.benchmarks.endtoend;

import io.netdrift.benchmarks.harness.BenchmarkConsole;
import io.netdrift.benchmarks.harness.ClusterJobs;
import io.netdrift.benchmarks.harness.OutputCounter;
import io.netdrift.benchmarks.harness.RunTopics;
import io.netdrift.core.network.BuiltInTopologies;
import io.netdrift.job.NetdriftJob;
import io.netdrift.job.config.JobConfig;
import io.netdrift.local.EmbeddedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.JobID;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.kafka.common.TopicPartition;

/**
 * One timed run of one job of the end-to-end benchmark on a pre-loaded input: fresh output topics,
 * consumer group and transactional ids; timed from all tasks RUNNING until every output the job can
 * release without a drain is visible to a {@code read_committed} consumer; for netdrift then on
 * until its consumer group has committed all input and a drain (stop-with-savepoint) has finished.
 * A run whose progress stops for 45 s is cancelled and reported as STALLED. Afterwards (untimed)
 * the outputs are checked for exactly-once ({@link ExactlyOnceCheck}).
 */
final class EndToEndRun {
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(10);
  private static final Duration STALL = Duration.ofSeconds(45);
  private static final Duration STUCK = Duration.ofSeconds(20);

  /** What every run of one benchmark shares. */
  record Settings(
      int parallelism, long checkpointIntervalMs, String strategies, Path savepoints, String id) {}

  private final Settings settings;
  private final PreloadedInput input;
  private final MiniCluster cluster;
  private final BenchmarkConsole console;

  EndToEndRun(
      Settings settings, PreloadedInput input, MiniCluster cluster, BenchmarkConsole console) {
    this.settings = settings;
    this.input = input;
    this.cluster = cluster;
    this.console = console;
  }

  RunResult run(int run, EndToEndJob job) throws Exception {
    RunTopics topics = input.topics().withOutputs(job.label + "-" + run + "-" + settings.id());
    JobConfig config = jobConfig(topics, job);
    String passthroughTopic = "e2e-passthrough-" + topics.outputs();
    List<String> outputs =
        switch (job) {
          case PASSTHROUGH -> List.of(passthroughTopic);
          case FAIR -> List.of(topics.predictions());
          case NETDRIFT, NETDRIFT_P2 ->
              List.of(topics.predictions(), topics.adaptationEvents(), topics.deadLetters());
        };
    int outputPartitions = Math.max(2, settings.parallelism());
    Map<String, Integer> created = new LinkedHashMap<>();
    for (String topic : outputs) {
      created.put(
          topic,
          topic.contains("predictions") || topic.contains("passthrough") ? outputPartitions : 1);
    }
    EmbeddedKafka.createTopics(input.bootstrapServers(), created);
    JobGraph jobGraph = jobGraph(job, config, passthroughTopic, topics.consumerGroup());

    String name = String.format(Locale.ROOT, "[run %d %s]", run, job.label);
    String keptTopic = outputs.get(0);
    long telemetryRecords = input.telemetryRecords();
    int lanes = config.lanes().size();
    int directions = BuiltInTopologies.euro28().directedLinkCount();
    long expectedOutputs = !job.isNetdrift() ? telemetryRecords : telemetryRecords * lanes;
    // netdrift: the last step waits for the watermark, which only the drain (or newer data) moves
    long expectedBeforeDrain =
        !job.isNetdrift() ? telemetryRecords : (long) (input.steps() - 1) * directions * lanes;
    Map<TopicPartition, Long> ends = new HashMap<>();
    input
        .ends()
        .forEach(
            (tp, end) -> {
              if (job != EndToEndJob.PASSTHROUGH || tp.topic().equals(topics.telemetry())) {
                ends.put(tp, end);
              }
            });
    long jobInputRecords = job != EndToEndJob.PASSTHROUGH ? input.inputRecords() : telemetryRecords;

    try (OutputCounter counter = new OutputCounter(input.bootstrapServers(), outputs, keptTopic);
        ConsumerGroupProgress progress =
            new ConsumerGroupProgress(input.bootstrapServers(), topics.consumerGroup(), ends)) {
      long submitted = System.nanoTime();
      JobID jobId = cluster.submitJob(jobGraph).get().getJobID();
      ClusterJobs.waitUntilAllTasksRun(cluster, jobId, Duration.ofMinutes(3));
      long running = System.nanoTime();
      double deploySeconds = (running - submitted) / 1e9;
      console.log("%s all tasks running after %.1f s; measuring", name, deploySeconds);

      StallWatch stall = new StallWatch(STALL, running);
      long lastProgress = running;
      long lastCheck = 0;
      Map<String, Double> consumed = Map.of();
      long outputsDone = -1;
      long allConsumedSince = -1;
      String stalled = null;
      long end;
      while (true) {
        counter.poll(Duration.ofMillis(100));
        long now = System.nanoTime();
        if (outputsDone < 0 && counter.count(keptTopic) >= expectedBeforeDrain) {
          outputsDone = now;
          console.log(
              "%s %.2f s: all %d outputs releasable without a drain are committed",
              name, (now - running) / 1e9, expectedBeforeDrain);
        }
        if (!job.isNetdrift() && outputsDone >= 0) {
          end = now;
          break;
        }
        if (now - lastCheck > 500_000_000L) {
          lastCheck = now;
          consumed = progress.consumedFractions();
          ClusterJobs.failIfEnded(cluster, jobId);
          if (stall.stalled(consumed + counts(counter, outputs), now)) {
            console.log(
                "%s STALLED: neither committed offsets nor committed outputs moved for %d s"
                    + " (%s | %s); cancelling this run",
                name,
                STALL.toSeconds(),
                ConsumerGroupProgress.percentages(consumed),
                counts(counter, outputs));
            cluster.cancelJob(jobId).get();
            stalled =
                "STALLED after "
                    + String.format(Locale.ROOT, "%.0f", (stall.lastChangeNanos() - running) / 1e9)
                    + " s: "
                    + counts(counter, outputs)
                    + " committed, input offsets committed "
                    + ConsumerGroupProgress.percentages(consumed);
            end = now;
            break;
          }
          boolean allConsumed = consumed.values().stream().allMatch(f -> f >= 1.0);
          allConsumedSince = !allConsumed ? -1 : allConsumedSince < 0 ? now : allConsumedSince;
          boolean stuck = allConsumedSince >= 0 && now - allConsumedSince > STUCK.toNanos();
          if (stuck && outputsDone < 0) {
            console.log(
                "%s all input consumed %d s ago, outputs still short; draining anyway",
                name, STUCK.toSeconds());
          }
          if (job.isNetdrift() && allConsumed && (outputsDone >= 0 || stuck)) {
            console.log(
                "%s %.1f s: all input consumed (offsets committed); draining"
                    + " (stop-with-savepoint --drain) ...",
                name, (now - running) / 1e9);
            drain(jobId, name);
            end = System.nanoTime();
            break;
          }
        }
        if (now - lastProgress > 2_000_000_000L) {
          lastProgress = now;
          console.log(
              "%s %.1f s: input consumed (committed offsets) %s | committed out: %s",
              name,
              (now - running) / 1e9,
              ConsumerGroupProgress.percentages(consumed),
              counts(counter, outputs));
        }
        if (now - running > RUN_TIMEOUT.toNanos()) {
          throw new IllegalStateException(name + " did not finish within " + RUN_TIMEOUT);
        }
      }
      double seconds = Double.NaN;
      double allInputSeconds = Double.NaN;
      String check = stalled;
      if (stalled == null) {
        if (outputsDone < 0) {
          outputsDone = end; // only the drain released them
        }
        seconds = (outputsDone - running) / 1e9;
        allInputSeconds = (end - running) / 1e9;
        if (!job.isNetdrift()) {
          drain(jobId, name); // every output is committed already (not timed)
        }
        // read what is left (not timed), then check exactly-once
        long quiet = System.nanoTime();
        while (System.nanoTime() - quiet < 2_000_000_000L) {
          if (counter.poll(Duration.ofMillis(200)) > 0) {
            quiet = System.nanoTime();
          }
        }
        check =
            job == EndToEndJob.PASSTHROUGH
                ? ExactlyOnceCheck.passthrough(counter.kept(), telemetryRecords)
                : ExactlyOnceCheck.predictions(counter.kept(), expectedOutputs);
        console.log(
            "%s done: %d telemetry records, outputs in %.2f s = %.0f records/s, all input read"
                + " (+ drain) in %.2f s | out: %s | %s",
            name,
            telemetryRecords,
            seconds,
            telemetryRecords / seconds,
            allInputSeconds,
            counts(counter, outputs),
            check);
      }
      return new RunResult(
          run,
          job,
          telemetryRecords,
          jobInputRecords,
          outputs.stream().mapToLong(counter::count).sum(),
          deploySeconds,
          seconds,
          allInputSeconds,
          check);
    }
  }

  private JobConfig jobConfig(RunTopics topics, EndToEndJob job) throws Exception {
    List<String> args = new ArrayList<>(topics.jobArgs(input.bootstrapServers()));
    args.addAll(
        List.of(
            "--checkpoint-interval-ms",
            String.valueOf(settings.checkpointIntervalMs()),
            "--parallelism",
            String.valueOf(job == EndToEndJob.NETDRIFT_P2 ? 2 : settings.parallelism()),
            "--step-ms",
            String.valueOf(PreloadedInput.STEP_MS),
            "--topology",
            "euro28",
            "--checkpoint-dir",
            settings.savepoints().resolve("checkpoints").toUri().toString()));
    JobConfig config = JobConfig.fromArgs(args.toArray(String[]::new));
    if (settings.strategies() != null) {
      config =
          config
              .with(JobConfig.STRATEGIES, List.of(settings.strategies().split(",")))
              .with(
                  JobConfig.MODEL_STORE_DIR,
                  Files.createTempDirectory("netdrift-e2e-models").toString())
              .with(JobConfig.MODEL_DEVICE, "cpu");
    }
    return config;
  }

  private static JobGraph jobGraph(
      EndToEndJob job, JobConfig config, String passthroughTopic, String jobName) {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    switch (job) {
      case PASSTHROUGH -> PassthroughJob.attach(env, config, passthroughTopic);
      case FAIR -> FairPassthroughJob.attach(env, config);
      case NETDRIFT, NETDRIFT_P2 -> NetdriftJob.attach(env, config);
    }
    StreamGraph graph = env.getStreamGraph();
    graph.setJobName(jobName);
    return graph.getJobGraph();
  }

  /** Stop-with-savepoint with drain; fails if the job did not finish cleanly. */
  private void drain(JobID jobId, String name) throws Exception {
    cluster
        .stopWithSavepoint(
            jobId, settings.savepoints().toUri().toString(), true, SavepointFormatType.CANONICAL)
        .get();
    JobResult result = cluster.requestJobResult(jobId).get();
    if (!result.isSuccess()) {
      throw new IllegalStateException(name + " failed", result.getSerializedThrowable().get());
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
}
