package io.netdrift.benchmarks.scale;

import io.netdrift.benchmarks.harness.BenchmarkConsole;
import io.netdrift.benchmarks.harness.ClusterJobs;
import io.netdrift.benchmarks.harness.FailureAndRepair;
import io.netdrift.benchmarks.harness.OutputCounter;
import io.netdrift.benchmarks.harness.RunTopics;
import io.netdrift.benchmarks.harness.SimulatorPreload;
import io.netdrift.core.network.SyntheticTopology;
import io.netdrift.core.network.Topology;
import io.netdrift.job.NetdriftJob;
import io.netdrift.job.config.JobConfig;
import io.netdrift.local.EmbeddedKafka;
import io.netdrift.schema.DeadLetter;
import io.netdrift.schema.codec.AvroCodec;
import io.netdrift.simulator.FailureScenario;
import io.netdrift.simulator.NetworkSimulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.checkpoint.CheckpointStatsSnapshot;
import org.apache.flink.runtime.checkpoint.CompletedCheckpointStats;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;

/**
 * One measured run of the whole job ({@link NetdriftJob#attach}) on one topology: a fresh embedded
 * broker pre-loaded with {@code steps} steps of the simulator (untimed), a fresh MiniCluster, the
 * job timed from all tasks RUNNING until the predictions of every step but the last are visible to
 * a {@code read_committed} consumer (the last step waits for a watermark only a drain moves), as in
 * the end-to-end benchmark. Measured over that interval: wall time, the process's CPU time and the
 * Flink task threads' CPU time; then the job's checkpoint statistics; then (untimed) a
 * stop-with-savepoint without drain, whose directory and metadata give the state sizes.
 */
final class ScaleRun {

  static final long STEP_MS = FailureAndRepair.STEP.toMillis();
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(15);
  private static final Duration STALL = Duration.ofSeconds(90);
  // Flink names a task thread "<vertex name> (1/1)#0".
  private static final Pattern TASK_THREAD = Pattern.compile(".*\\(\\d+/\\d+\\)#\\d+$");

  /** What one run measured. */
  record Result(
      String topology,
      int nodes,
      int links,
      int directions,
      long trafficPerStep,
      int steps,
      int lanes,
      double deploySeconds,
      double wallSeconds,
      double processCpuSeconds,
      double taskCpuSeconds,
      long predictions,
      long deadLetters,
      Map<String, Long> deadLetterReasons,
      int checkpoints,
      double checkpointMedianMs,
      double checkpointMaxMs,
      long checkpointStateBytes,
      String stateBackend,
      double checkpointUploadedMedianBytes,
      long checkpointUploadedMaxBytes,
      CheckpointFootprint latestCheckpoint,
      double savepointSeconds,
      SavepointSizes savepoint) {

    /** Link-steps timed: every direction of every step but the last. */
    long linkSteps() {
      return (long) directions * (steps - 1);
    }

    double wallPerThousandLinkSteps() {
      return 1000 * wallSeconds / linkSteps();
    }

    double processCpuPerThousandLinkSteps() {
      return 1000 * processCpuSeconds / linkSteps();
    }

    double taskCpuPerThousandLinkSteps() {
      return 1000 * taskCpuSeconds / linkSteps();
    }

    double savepointBytesPerDirection() {
      return (double) savepoint.directoryBytes() / directions;
    }

    double keyedBytesPerDirection() {
      return (double) savepoint.keyedBytes() / directions;
    }
  }

  private final String topologyName;
  private final int steps;
  private final List<String> jobArgs;
  private final long checkpointIntervalMs;
  private final long seed;
  private final FailureScenario scenario;
  private final Path savepoints;
  private final BenchmarkConsole console;
  private final String id = UUID.randomUUID().toString().substring(0, 8);

  ScaleRun(
      String topologyName,
      int steps,
      List<String> jobArgs,
      long checkpointIntervalMs,
      long seed,
      FailureScenario scenario,
      Path savepoints,
      BenchmarkConsole console) {
    this.topologyName = topologyName;
    this.steps = steps;
    this.jobArgs = jobArgs;
    this.checkpointIntervalMs = checkpointIntervalMs;
    this.seed = seed;
    this.scenario = scenario;
    this.savepoints = savepoints;
    this.console = console;
  }

  private void log(String format, Object... args) {
    console.log(format, args);
  }

  Result run() throws Exception {
    long t0 = System.nanoTime();
    NetworkSimulator simulator =
        FailureAndRepair.simulator(
            io.netdrift.core.network.BuiltInTopologies.builtInOrFile(topologyName),
            seed,
            steps,
            scenario);
    Topology topology = simulator.topology();
    long trafficPerStep =
        SyntheticTopology.isSynthetic(topologyName)
            ? SyntheticTopology.demandPairs(topology, SyntheticTopology.Spec.parse(topologyName))
                .length
            : (long) topology.nodeCount() * (topology.nodeCount() - 1);
    log(
        "%s: %d nodes, %d links, %d link directions, %d OD samples per step; simulator ready in"
            + " %.1f s",
        topologyName,
        topology.nodeCount(),
        topology.links().size(),
        topology.directedLinkCount(),
        trafficPerStep,
        (System.nanoTime() - t0) / 1e9);
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      String bootstrap = kafka.bootstrapServers();
      RunTopics topics = new RunTopics("scale-", id, id);
      kafka.createTopics(
          Map.of(topics.telemetry(), 2, topics.traffic(), 2, topics.networkEvents(), 1));
      SimulatorPreload.publish(simulator, steps, bootstrap, topics, console);
      JobConfig config = jobConfig(bootstrap, topics);
      EmbeddedKafka.createTopics(
          bootstrap,
          Map.of(topics.predictions(), 2, topics.adaptationEvents(), 1, topics.deadLetters(), 1));
      MiniCluster cluster = ClusterJobs.start(2, clusterConfiguration());
      try {
        return measure(
            cluster, config, topology, trafficPerStep, topics.predictions(), topics.deadLetters());
      } finally {
        cluster.close();
      }
    }
  }

  private static Configuration clusterConfiguration() {
    Configuration configuration = new Configuration();
    // keep every checkpoint of the run in the statistics (default: the last 10)
    configuration.set(WebOptions.CHECKPOINTS_HISTORY_SIZE, 10_000);
    // Checkpoints to files, as on a cluster: the job sets no checkpoint storage, and Flink's
    // default (the JobManager's memory, at most 5 MB per state handle) fails every checkpoint of
    // a forecast subtask above a few thousand link directions (see results/scale.md).
    try {
      configuration.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
      configuration.set(
          CheckpointingOptions.CHECKPOINTS_DIRECTORY,
          Files.createTempDirectory("netdrift-scale-checkpoints").toUri().toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return configuration;
  }

  private JobConfig jobConfig(String bootstrap, RunTopics topics) {
    List<String> args = new ArrayList<>(topics.jobArgs(bootstrap));
    args.addAll(
        List.of(
            "--checkpoint-interval-ms",
            String.valueOf(checkpointIntervalMs),
            "--step-ms",
            String.valueOf(STEP_MS),
            "--topology",
            topologyName));
    args.addAll(jobArgs);
    return JobConfig.fromArgs(args.toArray(String[]::new));
  }

  private Result measure(
      MiniCluster cluster,
      JobConfig config,
      Topology topology,
      long trafficPerStep,
      String predictions,
      String deadLetters)
      throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    NetdriftJob.attach(env, config);
    StreamGraph graph = env.getStreamGraph();
    graph.setJobName("scale-" + id);
    int lanes = config.lanes().size();
    int directions = topology.directedLinkCount();
    long expected = (long) (steps - 1) * directions * lanes;
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    String name = topology.directedLinkCount() + " directions";
    try (OutputCounter counter =
        new OutputCounter(
            config.get(JobConfig.BOOTSTRAP_SERVERS),
            List.of(predictions, deadLetters),
            deadLetters)) {
      long submitted = System.nanoTime();
      JobID jobId = cluster.submitJob(graph.getJobGraph()).get().getJobID();
      ClusterJobs.waitUntilAllTasksRun(cluster, jobId, Duration.ofMinutes(5));
      long running = System.nanoTime();
      double cpu0 = os.getProcessCpuTime() / 1e9;
      double task0 = taskThreadCpuSeconds(threads);
      log(
          "[%s] all tasks running after %.1f s; measuring until %d predictions",
          name, (running - submitted) / 1e9, expected);
      long lastLog = running;
      long lastCount = -1;
      long lastChange = running;
      double task1 = task0;
      // a dead-lettered telemetry sample has no predictions: count it as done (reported below)
      while (counter.count(predictions) + lanes * counter.count(deadLetters) < expected) {
        counter.poll(Duration.ofMillis(100));
        long now = System.nanoTime();
        if (now - lastLog > 5_000_000_000L) {
          lastLog = now;
          task1 = Math.max(task1, taskThreadCpuSeconds(threads));
          log(
              "[%s] %.0f s: %d/%d predictions committed, %d dead letters",
              name,
              (now - running) / 1e9,
              counter.count(predictions),
              expected,
              counter.count(deadLetters));
          if (cluster.getJobStatus(jobId).get().isGloballyTerminalState()) {
            throw new IllegalStateException(
                "job ended early: " + cluster.getJobStatus(jobId).get());
          }
        }
        if (counter.count(predictions) != lastCount) {
          lastCount = counter.count(predictions);
          lastChange = now;
        } else if (now - lastChange > STALL.toNanos()) {
          for (ThreadInfo info : threads.dumpAllThreads(false, false)) {
            if (TASK_THREAD.matcher(info.getThreadName()).matches()) {
              log("stalled task thread %s", info.toString().strip());
            }
          }
          throw new IllegalStateException(
              name + ": no new predictions for " + STALL.toSeconds() + " s at " + lastCount);
        }
        if (now - running > RUN_TIMEOUT.toNanos()) {
          throw new IllegalStateException(name + " did not finish within " + RUN_TIMEOUT);
        }
      }
      long end = System.nanoTime();
      double cpu = os.getProcessCpuTime() / 1e9 - cpu0;
      // task threads that ended would lose their time; none end before the job does
      double taskCpu = Math.max(task1, taskThreadCpuSeconds(threads)) - task0;
      double wall = (end - running) / 1e9;
      List<CompletedCheckpointStats> checkpoints = ClusterJobs.completedCheckpoints(cluster, jobId);
      List<Double> durations = new ArrayList<>();
      for (CompletedCheckpointStats c : checkpoints) {
        durations.add((double) c.getEndToEndDuration());
      }
      durations.sort(null);
      long lastStateBytes =
          checkpoints.stream().mapToLong(CompletedCheckpointStats::getStateSize).max().orElse(0);
      List<Double> uploaded = new ArrayList<>();
      for (CompletedCheckpointStats c : checkpoints) {
        uploaded.add((double) c.getCheckpointedSize());
      }
      uploaded.sort(null);
      log(
          "[%s] done in %.1f s wall, %.1f s process CPU, %.1f s task CPU; %d checkpoints"
              + " (median %.0f ms, max %.0f ms, largest state %d bytes); stop-with-savepoint ...",
          name,
          wall,
          cpu,
          taskCpu,
          checkpoints.size(),
          median(durations),
          durations.isEmpty() ? Double.NaN : durations.get(durations.size() - 1),
          lastStateBytes);
      CheckpointFootprint latest =
          latestCheckpointAfter(cluster, jobId, System.currentTimeMillis());
      log(
          "[%s] checkpoint %d after the run: %d bytes of state, %d uploaded by it; on disk chk-%d"
              + " %d + shared %d + taskowned %d = %d bytes",
          name,
          latest.id(),
          latest.stateBytes(),
          latest.uploadedBytes(),
          latest.id(),
          latest.exclusiveBytes(),
          latest.sharedBytes(),
          latest.taskOwnedBytes(),
          latest.directoryBytes());
      long savepointStart = System.nanoTime();
      String pointer =
          cluster
              .stopWithSavepoint(
                  jobId, savepoints.toUri().toString(), false, SavepointFormatType.CANONICAL)
              .get();
      cluster.requestJobResult(jobId).get();
      double savepointSeconds = (System.nanoTime() - savepointStart) / 1e9;
      SavepointSizes sizes = SavepointSizes.read(pointer);
      log(
          "[%s] savepoint in %.1f s: %d bytes on disk, keyed state %d bytes (%.0f per direction)",
          name,
          savepointSeconds,
          sizes.directoryBytes(),
          sizes.keyedBytes(),
          (double) sizes.keyedBytes() / directions);
      counter.poll(Duration.ofMillis(500));
      return new Result(
          topologyName,
          topology.nodeCount(),
          topology.links().size(),
          directions,
          trafficPerStep,
          steps,
          lanes,
          (running - submitted) / 1e9,
          wall,
          cpu,
          taskCpu,
          counter.count(predictions),
          counter.count(deadLetters),
          reasons(counter.kept()),
          checkpoints.size(),
          median(durations),
          durations.isEmpty() ? Double.NaN : durations.get(durations.size() - 1),
          lastStateBytes,
          config.get(JobConfig.STATE_BACKEND),
          median(uploaded),
          uploaded.isEmpty() ? 0 : uploaded.get(uploaded.size() - 1).longValue(),
          latest,
          savepointSeconds,
          sizes);
    }
  }

  /** Dead letters by reason code (first reason text kept as an example). */
  private static Map<String, Long> reasons(List<byte[]> deadLetters) {
    AvroCodec<DeadLetter> codec = AvroCodec.of(DeadLetter.class);
    Map<String, Long> byReason = new TreeMap<>();
    for (byte[] value : deadLetters) {
      try {
        DeadLetter letter = codec.decode(value);
        String code = letter.getReasonCode().toString();
        if (!byReason.containsKey(code)) {
          System.out.println("  dead letter example: " + letter.getReason());
        }
        byReason.merge(code, 1L, Long::sum);
      } catch (AvroCodec.DecodeException e) {
        byReason.merge("undecodable dead letter", 1L, Long::sum);
      }
    }
    return byReason;
  }

  static double median(List<Double> sorted) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /** CPU seconds of the live Flink task threads. */
  private static double taskThreadCpuSeconds(ThreadMXBean threads) {
    long nanos = 0;
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && TASK_THREAD.matcher(info.getThreadName()).matches()) {
        long cpu = threads.getThreadCpuTime(info.getThreadId());
        nanos += Math.max(0, cpu);
      }
    }
    return nanos / 1e9;
  }

  /**
   * The first checkpoint triggered after {@code afterMillis} (wall clock), once completed, and
   * measured (the job has nothing left to read: the state it holds is the savepoint's). Retries
   * when a newer checkpoint subsumes it while its files are read.
   */
  private static CheckpointFootprint latestCheckpointAfter(
      MiniCluster cluster, JobID jobId, long afterMillis) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline) {
      CheckpointStatsSnapshot snapshot =
          cluster.getExecutionGraph(jobId).get().getCheckpointStatsSnapshot();
      CompletedCheckpointStats latest =
          snapshot == null ? null : snapshot.getHistory().getLatestCompletedCheckpoint();
      if (latest != null && latest.getTriggerTimestamp() > afterMillis) {
        java.util.Optional<CheckpointFootprint> footprint = CheckpointFootprint.of(latest);
        CompletedCheckpointStats after =
            cluster
                .getExecutionGraph(jobId)
                .get()
                .getCheckpointStatsSnapshot()
                .getHistory()
                .getLatestCompletedCheckpoint();
        // a checkpoint completed while the files were read may have changed shared/: read again
        if (footprint.isPresent() && after.getCheckpointId() == latest.getCheckpointId()) {
          return footprint.get();
        }
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("no checkpoint completed within 2 minutes after the run");
  }
}
