package io.netdrift.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.netdrift.core.metrics.PhaseErrors;
import io.netdrift.core.metrics.RollingError;
import io.netdrift.core.model.runtime.DeviceSelection;
import io.netdrift.core.network.BuiltInTopologies;
import io.netdrift.core.network.Topology;
import io.netdrift.job.NetdriftJob;
import io.netdrift.job.config.JobConfig;
import io.netdrift.job.config.JobConfig.Topic;
import io.netdrift.report.EvaluationRun;
import io.netdrift.report.Failure;
import io.netdrift.report.Report;
import io.netdrift.report.ReportWriter;
import io.netdrift.report.RunInfo;
import io.netdrift.simulator.FailureScenario;
import io.netdrift.simulator.NetworkSimulator;
import java.io.IOException;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * {@code ./netdrift demo}: the main job on the embedded default. Without {@code --strategies} it
 * first trains (or reuses from its cache) base models on simulated failure-free history ({@link
 * DemoBaseModels}) and runs {@link DemoLanes#defaultStrategies}. Starts a KRaft broker in this JVM
 * (unless given one), creates the topics, starts a Flink MiniCluster with the web dashboard,
 * submits the job, feeds it from the network simulator (Euro28, gravity/sine traffic, a drastic
 * link failure a third of the way in, repaired at two thirds) plus a few deliberately bad records,
 * prints progress every second, and after the last step drains the job with stop-with-savepoint (so
 * the final transactions commit) and prints — and optionally writes — a summary, with every lane's
 * error before the failure, after it and after the repair and its recovery ({@link PhaseErrors}).
 */
public final class DemoRunner {

  /**
   * What to run. {@code jobArgs} are job configuration flags ({@link JobConfig#fromArgs}); without
   * {@code --strategies} among them the demo trains (or reuses) its base models in {@code
   * modelCache} (null: {@link BaseModelCache#defaultRoot()}) on {@code historySteps} simulated
   * failure-free steps and runs {@link DemoLanes#defaultStrategies}.
   */
  public record Options(
      int steps,
      Path summaryJson,
      String bootstrapServers,
      int webPort,
      double stepsPerSecond,
      String topology,
      String scenario,
      long seed,
      long stepMinutes,
      boolean injectBadRecords,
      List<String> jobArgs,
      Path modelCache,
      int historySteps,
      String bindAddress,
      int prometheusPort,
      Path reportDir) {

    /** Default model cache and history, no Prometheus endpoint. */
    public Options(
        int steps,
        Path summaryJson,
        String bootstrapServers,
        int webPort,
        double stepsPerSecond,
        String topology,
        String scenario,
        long seed,
        long stepMinutes,
        boolean injectBadRecords,
        List<String> jobArgs) {
      this(
          steps,
          summaryJson,
          bootstrapServers,
          webPort,
          stepsPerSecond,
          topology,
          scenario,
          seed,
          stepMinutes,
          injectBadRecords,
          jobArgs,
          null,
          DemoBaseModels.DEFAULT_HISTORY_STEPS,
          EmbeddedKafka.LOOPBACK,
          0,
          null);
    }
  }

  private final Options options;
  private final PrintStream out;

  public DemoRunner(Options options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  /** Runs the demo; returns the process exit code (0: every link direction got predictions). */
  public int run() throws Exception {
    long started = System.nanoTime();
    // a taken dashboard port fails in one line now, not after training and starting Kafka
    LocalDashboard.checkPortFree(options.bindAddress(), options.webPort());
    LogFile.current().ifPresent(file -> out.println("full log: " + file));
    Configuration flinkConf =
        LocalDashboard.flinkConfiguration(options.bindAddress(), options.webPort());
    PrometheusEndpoint.configure(flinkConf, options.prometheusPort());
    JobConfig userConfig = JobConfig.fromArgs(options.jobArgs().toArray(String[]::new));
    userConfig.requireSingleObjectValues("the demo");
    DemoLanes.requireModelDirectories(userConfig);
    NetworkSimulator simulator = liveSimulator();
    List<String> jobArgs = options.jobArgs();
    DemoBaseModels.Models baseModels = null;
    if (!DemoLanes.namesStrategies(userConfig)) {
      baseModels =
          DemoBaseModels.prepare(
              new DemoBaseModels.Settings(
                  simulator.topology(),
                  Duration.ofMinutes(options.stepMinutes()),
                  NetworkSimulator.Builder.DEFAULT_START,
                  options.historySteps(),
                  options.seed()),
              new BaseModelCache(
                  options.modelCache() != null
                      ? options.modelCache()
                      : BaseModelCache.defaultRoot()),
              DeviceSelection.parse(userConfig.get(JobConfig.MODEL_DEVICE)),
              out);
      List<String> lanes =
          DemoLanes.defaultStrategies(baseModels.cfc(), baseModels.mlp(), userConfig);
      out.println(
          "lanes: "
              + String.join(", ", lanes.stream().map(l -> l.replaceAll("=.*/", "=")).toList()));
      jobArgs = new ArrayList<>(options.jobArgs());
      jobArgs.add("--strategies");
      jobArgs.add(String.join(",", lanes));
    }
    EmbeddedKafka embedded = null;
    String bootstrap = options.bootstrapServers();
    if (bootstrap == null) {
      out.println("starting embedded Kafka (KRaft, single node) ...");
      embedded = EmbeddedKafka.start(options.bindAddress());
      bootstrap = embedded.bootstrapServers();
    }
    try {
      return runWith(flinkConf, bootstrap, started, simulator, jobArgs, baseModels);
    } finally {
      if (embedded != null) {
        embedded.close();
      }
    }
  }

  private NetworkSimulator liveSimulator() {
    Topology topology = BuiltInTopologies.builtInOrFile(options.topology());
    return NetworkSimulator.builder()
        .topology(topology)
        .seed(options.seed())
        .stepLength(Duration.ofMinutes(options.stepMinutes()))
        .telemetryNoise(DemoBaseModels.TELEMETRY_NOISE)
        .scenario(
            FailureScenario.parse(options.scenario()),
            options.steps() / 3,
            2L * options.steps() / 3)
        .maxSteps(options.steps())
        .build();
  }

  /**
   * The job's configuration for the demo: the user's flags on the embedded or given broker, with
   * the demo's 2 s checkpoint interval unless the user set one, and checkpoints in a temporary
   * directory unless the user named one.
   */
  private JobConfig demoConfig(List<String> jobArgs, String bootstrap, long stepMs)
      throws IOException {
    JobConfig defaults =
        JobConfig.fromArgs(jobArgs.toArray(String[]::new))
            .with(JobConfig.BOOTSTRAP_SERVERS, bootstrap)
            .with(JobConfig.TOPOLOGY, options.topology())
            .with(JobConfig.STEP_MS, stepMs);
    JobConfig interval =
        defaults.givenByUser(JobConfig.CHECKPOINT_INTERVAL_MS)
            ? defaults
            : defaults.with(JobConfig.CHECKPOINT_INTERVAL_MS, 2_000L);
    // the MiniCluster would keep checkpoints in the JobManager's memory, which refuses more than
    // 5 MB of state per task: a large topology (synthetic:nodes=1000) passes that
    return !interval.get(JobConfig.CHECKPOINT_DIR).isBlank()
        ? interval
        : interval.with(
            JobConfig.CHECKPOINT_DIR,
            Files.createTempDirectory("netdrift-demo-checkpoints").toUri().toString());
  }

  /** The job's six topics (telemetry and predictions with 2 partitions, the others 1). */
  private void createTopics(JobConfig config, String bootstrap) throws Exception {
    Map<String, Integer> topics = new LinkedHashMap<>();
    for (Topic topic : Topic.values()) {
      topics.put(
          config.topic(topic), topic == Topic.TELEMETRY || topic == Topic.PREDICTIONS ? 2 : 1);
    }
    EmbeddedKafka.createTopics(bootstrap, topics);
    out.println("kafka " + bootstrap + " topics " + topics.keySet());
  }

  /** Starts the MiniCluster with its dashboard and submits the job to it. */
  private JobClient submit(Configuration flinkConf, JobConfig config) throws Exception {
    flinkConf.set(
        TaskManagerOptions.NUM_TASK_SLOTS, Math.max(2, config.get(JobConfig.PARALLELISM)));
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(flinkConf);
    NetdriftJob.attach(env, config);
    JobClient job;
    try {
      job = env.executeAsync("netdrift-demo");
    } catch (Exception e) {
      // the port was free a moment ago; someone took it since
      if (LocalDashboard.isPortInUse(e)) {
        throw LocalDashboard.portInUse(options.bindAddress(), options.webPort());
      }
      throw e;
    }
    out.println(
        "flink job "
            + job.getJobID()
            + " submitted; dashboard "
            + LocalDashboard.url(options.bindAddress(), options.webPort()));
    if (options.prometheusPort() != 0) {
      out.println(
          "prometheus metrics on "
              + PrometheusEndpoint.url(options.prometheusPort())
              + " (Flink's reporter listens on every interface)");
    }
    return job;
  }

  private int runWith(
      Configuration flinkConf,
      String bootstrap,
      long started,
      NetworkSimulator simulator,
      List<String> jobArgs,
      DemoBaseModels.Models baseModels)
      throws Exception {
    long stepMs = Duration.ofMinutes(options.stepMinutes()).toMillis();
    JobConfig config = demoConfig(jobArgs, bootstrap, stepMs);
    createTopics(config, bootstrap);
    JobClient job = submit(flinkConf, config);
    String dashboard = LocalDashboard.url(options.bindAddress(), options.webPort());
    waitUntilAllTasksRun(dashboard, job, Duration.ofMinutes(3));
    out.println("all tasks running; feeding the simulator");
    return new Run(config, bootstrap, job, dashboard, simulator, baseModels, started).execute();
  }

  /**
   * One run of the demo once its job runs: feeds the simulator, watches the outputs (progress, the
   * story of the failure and the adaptation), drains the job, then writes the summary, the report
   * and the per-lane table.
   */
  private final class Run {
    private final JobConfig config;
    private final String bootstrap;
    private final JobClient job;
    private final String dashboard;
    private final NetworkSimulator simulator;
    private final Topology topology;
    private final DemoBaseModels.Models baseModels;
    private final long started;
    private final long stepMs;
    private final long startMs;
    private final List<String> laneNames;
    private final FailureWindow failure;
    private final Map<String, Double> expected = OutputMonitor.newExpectedLoadMap();

    /** What --report needs of the truth: the measured and noise-free load per link and step. */
    private final DemoTruth truth;

    private final DemoStory story;
    private final ReportCollector collector;
    private boolean dashboardAnswered;
    private long lastProgressNanos = System.nanoTime();

    Run(
        JobConfig config,
        String bootstrap,
        JobClient job,
        String dashboard,
        NetworkSimulator simulator,
        DemoBaseModels.Models baseModels,
        long started) {
      this.config = config;
      this.bootstrap = bootstrap;
      this.job = job;
      this.dashboard = dashboard;
      this.simulator = simulator;
      this.topology = simulator.topology();
      this.baseModels = baseModels;
      this.started = started;
      this.stepMs = config.get(JobConfig.STEP_MS);
      this.startMs = NetworkSimulator.Builder.DEFAULT_START.toEpochMilli();
      this.laneNames = config.lanes().stream().map(l -> l.strategy()).toList();
      this.failure = FailureWindow.of(simulator.failureSchedule().events());
      this.truth =
          options.reportDir() == null ? null : new DemoTruth(options.steps(), startMs, stepMs);
      this.story = new DemoStory(laneNames, startMs, stepMs, options.steps());
      this.collector =
          new ReportCollector(
              options.steps(), t -> stepIndex(t, startMs, stepMs, options.steps()), laneNames);
    }

    int execute() throws Exception {
      DemoFeed feed =
          DemoFeed.start(
              simulator,
              config,
              options.steps(),
              options.stepsPerSecond(),
              options.injectBadRecords(),
              expected,
              truth);
      try (OutputMonitor monitor =
          new OutputMonitor(
                  bootstrap,
                  config,
                  expected,
                  () -> new PhaseErrors(failure.failureTimeMs(), failure.repairTimeMs(), stepMs))
              .onNetworkEvents(story::onNetworkEvent)
              .onAdaptationEvents(
                  e -> {
                    story.onAdaptationEvent(e);
                    collector.onEvent(e);
                  })
              .onPredictions(truth == null ? p -> {} : collector::onPrediction)) {
        watch(monitor, feed);
        drain(monitor, feed);
        return conclude(monitor, feed);
      }
    }

    /**
     * Polls the outputs, printing progress and the story once a second, until the feed is done and
     * the predictions caught up with it (or stopped growing for 60 s).
     */
    private void watch(OutputMonitor monitor, DemoFeed feed) {
      // every step but the last couple passes the watermark while running; the drain releases them
      long expectedBeforeDrain =
          (long) Math.max(0, options.steps() - 3)
              * topology.directedLinkCount()
              * config.lanes().size();
      long lastGrowthNanos = System.nanoTime();
      long lastPredictions = -1;
      while (true) {
        monitor.poll(Duration.ofMillis(250));
        if (!dashboardAnswered) {
          dashboardAnswered = dashboardAnswers(dashboard);
        }
        long predictions = monitor.count(Topic.PREDICTIONS);
        if (predictions != lastPredictions) {
          lastPredictions = predictions;
          lastGrowthNanos = System.nanoTime();
        }
        if (System.nanoTime() - lastProgressNanos > 1_000_000_000L) {
          double seconds = (System.nanoTime() - lastProgressNanos) / 1e9;
          lastProgressNanos = System.nanoTime();
          story.newEvents(monitor.phaseErrorsByStrategy()).forEach(out::println);
          out.println(progressLine(story, monitor, feed.stepsPublished(), seconds));
        }
        if (feed.failure() != null) {
          throw new IllegalStateException("simulator feed failed", feed.failure());
        }
        boolean caughtUp = predictions >= expectedBeforeDrain;
        boolean stalled = System.nanoTime() - lastGrowthNanos > Duration.ofSeconds(60).toNanos();
        if (!feed.running() && (caughtUp || stalled)) {
          if (!caughtUp) {
            out.println("predictions stopped growing for 60 s before catching up; draining anyway");
          }
          return;
        }
      }
    }

    /** stop-with-savepoint --drain: the final watermark releases the last steps. */
    private void drain(OutputMonitor monitor, DemoFeed feed) throws Exception {
      out.println(
          "all "
              + feed.stepsPublished()
              + " steps published; draining the job (stop-with-savepoint --drain) ...");
      Path savepoints = Files.createTempDirectory("netdrift-demo-savepoints");
      job.stopWithSavepoint(true, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
          .get();
      job.getJobExecutionResult().get();
      monitor.drain(Duration.ofSeconds(30));
      story.rest(monitor.phaseErrorsByStrategy()).forEach(out::println);
      out.println(
          progressLine(
              story,
              monitor,
              feed.stepsPublished(),
              (System.nanoTime() - lastProgressNanos) / 1e9));
    }

    /**
     * The JSON summary, the report of {@code --report}, then the per-lane table last; 0 if every
     * link direction got predictions and every output decodes.
     */
    private int conclude(OutputMonitor monitor, DemoFeed feed) throws IOException {
      Map<String, Object> summary =
          summary(
              monitor,
              topology,
              feed.stepsPublished(),
              feed.badRecords(),
              dashboard,
              dashboardAnswered,
              started,
              failure,
              baseModels);
      String json =
          new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(summary);
      Path summaryFile = summaryFile();
      if (summaryFile != null) {
        Files.writeString(summaryFile, json + "\n");
        out.println("summary (JSON) written to " + summaryFile);
      } else {
        out.println("summary:\n" + json);
      }
      if (truth != null) {
        writeReport(truth, collector, monitor, topology, failure, baseModels, started);
      }
      out.println();
      if (failure.element() != null) {
        out.println(
            "Failure of "
                + failure.element()
                + " at step "
                + story.step(failure.failureTimeMs())
                + (failure.repairTimeMs() == Long.MAX_VALUE
                    ? ", not repaired"
                    : ", repaired at step " + story.step(failure.repairTimeMs()))
                + "; every lane scored on the whole run:");
      }
      out.print(PhaseReport.table(monitor.phaseErrorsByStrategy(), laneNames));
      int linkDirections = topology.directedLinkCount();
      boolean everyLink = monitor.linksWithPredictions().size() == linkDirections;
      if (!everyLink) {
        out.println(
            "FAILED: predictions for "
                + monitor.linksWithPredictions().size()
                + " of "
                + linkDirections
                + " link directions");
      }
      if (monitor.undecodableOutputs() > 0) {
        out.println(
            "FAILED: "
                + monitor.undecodableOutputs()
                + " output records do not decode with the committed schemas");
      }
      return everyLink && monitor.undecodableOutputs() == 0 ? 0 : 1;
    }
  }

  private static String progressLine(
      DemoStory story, OutputMonitor monitor, long steps, double seconds) {
    return story.progressLine(
        steps,
        monitor.count(Topic.TELEMETRY),
        monitor.count(Topic.PREDICTIONS),
        monitor.count(Topic.ADAPTATION_EVENTS),
        monitor.count(Topic.DEAD_LETTERS),
        seconds,
        monitor.phaseErrorsByStrategy());
  }

  /** The index of the step at {@code timeMs}, or -1 for a time that is no step of the run. */
  private static int stepIndex(long timeMs, long startMs, long stepMs, int steps) {
    long offset = timeMs - startMs;
    if (offset < 0 || offset % stepMs != 0) {
      return -1;
    }
    return offset / stepMs < steps ? (int) (offset / stepMs) : -1;
  }

  /**
   * Where the JSON summary goes: {@code --summary-json}, else next to the full log, else nowhere
   * (then it is printed, as when the demo runs inside a test).
   */
  private Path summaryFile() {
    if (options.summaryJson() != null) {
      return options.summaryJson();
    }
    return LogFile.current()
        .map(
            log ->
                log.resolveSibling(
                    log.getFileName().toString().replaceFirst("\\.log$", "") + "-summary.json"))
        .orElse(null);
  }

  /** {@code --report DIR}: the report and plots of {@code ./netdrift evaluate}, for this run. */
  private void writeReport(
      DemoTruth truth,
      ReportCollector collector,
      OutputMonitor monitor,
      Topology topology,
      FailureWindow failure,
      DemoBaseModels.Models baseModels,
      long started)
      throws java.io.IOException {
    Map<String, Object> models = new LinkedHashMap<>();
    if (baseModels != null) {
      models.put(
          "trained on", options.historySteps() + " simulated failure-free steps before the run");
      models.put("cache", baseModels.cacheEntry().toString());
    }
    RunInfo info =
        new RunInfo(
            topology.name(),
            topology.nodeCount(),
            topology.directedLinkCount(),
            "the demo's simulator: gravity/sine OD traffic, seed " + options.seed(),
            "scenario "
                + options.scenario()
                + ": failure at step "
                + options.steps() / 3
                + ", repair at step "
                + 2L * options.steps() / 3,
            options.steps(),
            stepMs() / 1000,
            models,
            monitor.count(Topic.TELEMETRY),
            monitor.count(Topic.PREDICTIONS),
            monitor.count(Topic.DEAD_LETTERS),
            (System.nanoTime() - started) / 1e9);
    List<Failure> failures =
        failure.element() == null
            ? List.of()
            : List.of(
                new Failure(failure.element(), failure.failureTimeMs(), failure.repairTimeMs()));
    Report report =
        ReportWriter.write(
            new EvaluationRun(
                info,
                collector.laneNames(),
                stepMs(),
                truth.stepTimesMs(),
                truth.actualMbps(),
                truth.expectedMbps(),
                collector.predictions(),
                failures,
                collector.events()),
            options.reportDir());
    out.println(
        "report written to "
            + options.reportDir().resolve(ReportWriter.MARKDOWN_FILE)
            + " ("
            + report.files().size()
            + " files: report.json, report.md and PNG plots)");
  }

  private Map<String, Object> summary(
      OutputMonitor monitor,
      Topology topology,
      long steps,
      long badRecords,
      String dashboard,
      boolean dashboardAnswered,
      long started,
      FailureWindow failure,
      DemoBaseModels.Models baseModels) {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("steps", steps);
    summary.put("topology", topology.name());
    summary.put("linkDirections", topology.directedLinkCount());
    summary.put("linkDirectionsWithPredictions", monitor.linksWithPredictions().size());
    summary.put("badRecordsInjected", badRecords);
    Map<String, Long> counts = new LinkedHashMap<>();
    for (Topic topic : Topic.values()) {
      counts.put(
          topic.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), monitor.count(topic));
    }
    summary.put("recordsPerTopic", counts);
    summary.put("deadLettersByReason", monitor.deadLettersByReason());
    Map<String, Object> strategies = new LinkedHashMap<>();
    for (Map.Entry<String, RollingError> entry : monitor.errorByStrategy().entrySet()) {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("scoredPredictions", entry.getValue().count());
      s.put("rmseMbps", round(entry.getValue().rmse()));
      s.put("mapePercent", round(100 * entry.getValue().mape()));
      RollingError vsExpected = monitor.errorVsExpectedByStrategy().get(entry.getKey());
      if (vsExpected != null) {
        s.put("rmseVsNoiseFreeLoadMbps", round(vsExpected.rmse()));
      }
      PhaseErrors phases = monitor.phaseErrorsByStrategy().get(entry.getKey());
      if (phases != null) {
        s.putAll(PhaseReport.json(phases.summary()));
      }
      strategies.put(entry.getKey(), s);
    }
    summary.put("failure", failure.json(stepMs()));
    summary.put("errorPerStrategy", strategies);
    if (baseModels != null) {
      Map<String, Object> models = new LinkedHashMap<>();
      models.put("cacheDir", baseModels.cacheEntry().toString());
      models.put("reused", baseModels.reused());
      models.put("seconds", round(baseModels.took().toMillis() / 1e3));
      models.put("historySteps", options.historySteps());
      summary.put("baseModels", models);
    }
    summary.put("dashboard", dashboard);
    summary.put("dashboardAnswered", dashboardAnswered);
    summary.put("wallTimeSeconds", round((System.nanoTime() - started) / 1e9));
    return summary;
  }

  private static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }

  private long stepMs() {
    return Duration.ofMinutes(options.stepMinutes()).toMillis();
  }

  /**
   * Waits until every task of the job is RUNNING (per the REST API the dashboard uses): the Kafka
   * sinks open their transactions while initialising, and feeding before that only queues data.
   */
  private void waitUntilAllTasksRun(String dashboard, JobClient job, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    ObjectMapper json = new ObjectMapper();
    while (System.nanoTime() < deadline) {
      try {
        HttpURLConnection connection =
            (HttpURLConnection)
                URI.create(dashboard + "/jobs/" + job.getJobID()).toURL().openConnection();
        connection.setConnectTimeout(1000);
        connection.setReadTimeout(2000);
        if (connection.getResponseCode() == 200) {
          var vertices = json.readTree(connection.getInputStream()).path("vertices");
          boolean allRunning = vertices.size() > 0;
          for (var vertex : vertices) {
            allRunning &= "RUNNING".equals(vertex.path("status").asText());
          }
          if (allRunning) {
            return;
          }
        }
      } catch (java.io.IOException e) {
        // the REST endpoint is still starting
      }
      Thread.sleep(250);
    }
    out.println("not all tasks were running after " + timeout.toSeconds() + " s; feeding anyway");
  }

  private static boolean dashboardAnswers(String dashboard) {
    try {
      HttpURLConnection connection =
          (HttpURLConnection) URI.create(dashboard + "/overview").toURL().openConnection();
      connection.setConnectTimeout(500);
      connection.setReadTimeout(1000);
      return connection.getResponseCode() == 200;
    } catch (Exception e) {
      return false;
    }
  }
}
