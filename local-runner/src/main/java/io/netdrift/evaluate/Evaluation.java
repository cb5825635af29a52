package io.netdrift.evaluate;

import io.netdrift.core.forecast.ForecasterSpec;
import io.netdrift.core.model.runtime.DeviceSelection;
import io.netdrift.core.model.training.LinkSeries;
import io.netdrift.core.model.training.TrainingResult;
import io.netdrift.core.network.Topology;
import io.netdrift.job.NetdriftJob;
import io.netdrift.job.config.JobConfig;
import io.netdrift.job.config.JobConfig.Topic;
import io.netdrift.local.DemoBaseModels;
import io.netdrift.local.EmbeddedKafka;
import io.netdrift.local.OutputMonitor;
import io.netdrift.local.ReportCollector;
import io.netdrift.report.EvaluationRun;
import io.netdrift.report.Failure;
import io.netdrift.report.RunInfo;
import io.netdrift.simulator.KafkaPublisherConfig;
import io.netdrift.simulator.KafkaStepPublisher;
import io.netdrift.simulator.NetworkSimulator;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * {@code ./netdrift evaluate}: runs the real pipeline (embedded Kafka, a Flink MiniCluster, the
 * same job as production) over a whole failure scenario as fast as it goes, and collects what it
 * needs to compare the lanes: every committed prediction and adaptation event, against the measured
 * and noise-free load of every link direction at every step.
 *
 * <ol>
 *   <li>The scenario runs once without Kafka ({@link EvaluationScenario#collectTruth}): the truth,
 *       and the time of the first failure.
 *   <li>Without {@code --model}, the base models (a CfC for {@code static} and {@code liquid}, an
 *       MLP for {@code incremental}) are trained on every link's series before the first failure,
 *       the newest 20 % of it held back for validation, and written to {@code REPORT/models}.
 *   <li>The job runs with {@code retrainMode=blocking}: replaying history far faster than real
 *       time, a background retrain would land hundreds of steps late; blocking makes it land before
 *       the next step, as a retrain of seconds does within a step of minutes in real time.
 *   <li>The simulator feeds the topics as fast as the broker takes them; after the last step the
 *       job is drained with stop-with-savepoint, so its last transactions commit.
 * </ol>
 */
public final class Evaluation {

  /** Fewest steps before the first failure to train base models on. */
  public static final int MIN_TRAINING_STEPS = 192;

  /** No new prediction for this long after the last step was fed: drain anyway. */
  static final Duration STALL_TIMEOUT = Duration.ofSeconds(60);

  /**
   * @param strategies lanes to compare: persistence, seasonal-naive, static, liquid, incremental,
   *     hybrid, or {@code name=DIR}; persistence is always added
   * @param modelDir a directory with {@code cfc/} and {@code mlp/} model directories (what an
   *     earlier evaluation wrote to {@code REPORT/models}), or null to train them
   * @param reportDir where the report goes
   * @param jobArgs further job configuration flags ({@code --incremental-batch-steps 12} ...)
   */
  public record Options(
      EvaluationScenario scenario,
      List<String> strategies,
      Path modelDir,
      Path reportDir,
      String device,
      List<String> jobArgs) {}

  /** What the run produced, for the report writer. */
  public record Result(EvaluationRun run, Path modelDir) {}

  private final Options options;
  private final PrintStream out;

  public Evaluation(Options options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  public Result run() throws Exception {
    long started = System.nanoTime();
    EvaluationScenario scenario = options.scenario();
    out.println("evaluate: reading the scenario (" + scenario.describeTraffic() + ") ...");
    EvaluationScenario.Truth truth = scenario.collectTruth();
    Topology network = truth.topology();
    int steps = truth.stepTimesMs().length;
    if (truth.outages().isEmpty()) {
      throw new IllegalArgumentException(
          scenario.describeFailures() + ": no failure falls within the " + steps + " steps");
    }
    long firstFailure = truth.outages().get(0).downMs();
    int failureStep = truth.stepIndex(firstFailure);
    if (failureStep < 0) {
      failureStep = (int) ((firstFailure - truth.stepTimesMs()[0]) / truth.stepMs()) + 1;
    }
    out.printf(
        Locale.ROOT,
        "evaluate: %s, %d nodes, %d link directions, %d steps of %d s; first failure: %s at step"
            + " %d (%s)%n",
        network.name(),
        network.nodeCount(),
        network.directedLinkCount(),
        steps,
        truth.stepMs() / 1000,
        truth.outages().get(0).element(),
        failureStep,
        Instant.ofEpochMilli(firstFailure));

    Map<String, Object> baseModels = new LinkedHashMap<>();
    Path models = options.modelDir();
    if (models == null) {
      if (failureStep < MIN_TRAINING_STEPS) {
        throw new IllegalArgumentException(
            String.format(
                "the first failure is at step %d: too little history before it to train the base"
                    + " models (need %d steps); give --model DIR or a later failure",
                failureStep, MIN_TRAINING_STEPS));
      }
      models = options.reportDir().resolve("models");
      baseModels.putAll(trainBaseModels(truth, failureStep, models));
    } else {
      baseModels.put("dir", models.toString());
      baseModels.put("trainedHere", false);
    }
    requireModel(models.resolve("cfc"));
    requireModel(models.resolve("mlp"));
    List<String> lanes = lanes(options.strategies(), models);

    EvaluationRun run = runPipeline(scenario, truth, lanes, baseModels, started);
    return new Result(run, models);
  }

  private static void requireModel(Path dir) {
    if (!Files.isRegularFile(dir.resolve("model.properties"))) {
      throw new IllegalArgumentException(
          "no model in "
              + dir
              + " (--model DIR must hold cfc/ and mlp/ model directories, as an evaluation"
              + " writes to REPORT/models)");
    }
  }

  /** The job's lanes: persistence first, then the requested ones with their model directories. */
  static List<String> lanes(List<String> strategies, Path models) {
    List<String> lanes = new ArrayList<>();
    lanes.add(ForecasterSpec.PERSISTENCE);
    for (String s : strategies) {
      String name = s.trim();
      String lane =
          switch (name) {
            case "static" -> "static=" + models.resolve("cfc");
            case ForecasterSpec.LIQUID -> ForecasterSpec.LIQUID + "=" + models.resolve("cfc");
            case ForecasterSpec.INCREMENTAL ->
                ForecasterSpec.INCREMENTAL + "=" + models.resolve("mlp");
            default -> name;
          };
      if (!name.isEmpty() && !lanes.contains(lane)) {
        lanes.add(lane);
      }
    }
    return lanes;
  }

  private Map<String, Object> trainBaseModels(
      EvaluationScenario.Truth truth, int failureStep, Path dir) throws Exception {
    Topology network = truth.topology();
    long[] times = Arrays.copyOf(truth.stepTimesMs(), failureStep);
    List<LinkSeries> history = new ArrayList<>();
    for (int d = 0; d < network.directedLinkCount(); d++) {
      String key = network.directedLink(d).key();
      double[] actual = truth.actualMbps().get(key);
      float[] load = new float[failureStep];
      for (int i = 0; i < failureStep; i++) {
        load[i] = (float) actual[i];
      }
      history.add(new LinkSeries(key, times, load));
    }
    float stepSeconds = truth.stepMs() / 1000f;
    out.printf(
        Locale.ROOT,
        "evaluate: training base models on the %d steps before the first failure (%s .. %s),"
            + " the newest 20 %% held back for validation ...%n",
        failureStep,
        Instant.ofEpochMilli(times[0]),
        Instant.ofEpochMilli(times[failureStep - 1]));
    DemoBaseModels.Trained trained =
        DemoBaseModels.trainBaseModels(
            network,
            history,
            stepSeconds,
            options.scenario().seed(),
            DeviceSelection.parse(options.device()),
            dir,
            out);
    TrainingResult cfc = trained.cfc();
    TrainingResult mlp = trained.mlp();
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("dir", dir.toString());
    facts.put("trainedHere", true);
    facts.put("historyFrom", Instant.ofEpochMilli(times[0]).toString());
    facts.put("historyTo", Instant.ofEpochMilli(times[failureStep - 1]).toString());
    facts.put("historySteps", failureStep);
    facts.put("cfc", modelFacts(cfc));
    facts.put("mlp", modelFacts(mlp));
    return facts;
  }

  private static Map<String, Object> modelFacts(TrainingResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("trainedFrom", String.valueOf(r.trainingFrom()));
    m.put("trainedTo", String.valueOf(r.trainingTo()));
    m.put("validatedTo", String.valueOf(r.validationTo()));
    m.put("validationRmseMbps", round(r.validation().rmse()));
    m.put("persistenceValidationRmseMbps", round(r.persistence().rmse()));
    m.put("epochs", r.epochs());
    m.put("keptStartingWeights", r.keptStartingWeights());
    return m;
  }

  private EvaluationRun runPipeline(
      EvaluationScenario scenario,
      EvaluationScenario.Truth truth,
      List<String> lanes,
      Map<String, Object> baseModels,
      long started)
      throws Exception {
    int steps = truth.stepTimesMs().length;
    Topology network = truth.topology();
    Path store = options.reportDir().resolve("model-store");
    List<String> args = new ArrayList<>(options.jobArgs());
    args.addAll(List.of("--strategies", String.join(",", lanes)));
    out.println("evaluate: starting embedded Kafka (KRaft) and a Flink MiniCluster ...");
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      JobConfig config =
          JobConfig.fromArgs(args.toArray(String[]::new))
              .with(JobConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers())
              .with(JobConfig.TOPOLOGY, scenario.topology())
              .with(JobConfig.STEP_MS, truth.stepMs())
              .with(JobConfig.RETRAIN_MODE, "blocking")
              .with(JobConfig.MODEL_STORE_DIR, store.toString());
      config.requireSingleObjectValues("evaluate");
      if (config.get(JobConfig.HORIZON_STEPS) != 1) {
        throw new IllegalArgumentException(
            "evaluate scores one-step-ahead predictions: --horizon-steps must be 1");
      }
      if (args.stream().noneMatch(a -> a.startsWith("--checkpoint-interval-ms"))) {
        config = config.with(JobConfig.CHECKPOINT_INTERVAL_MS, 2_000L);
      }
      if (args.stream().noneMatch(a -> a.startsWith("--model-device"))) {
        config = config.with(JobConfig.MODEL_DEVICE, options.device());
      }
      Map<String, Integer> topics = new LinkedHashMap<>();
      for (Topic topic : Topic.values()) {
        topics.put(config.topic(topic), 1);
      }
      EmbeddedKafka.createTopics(kafka.bootstrapServers(), topics);

      Configuration flinkConf = new Configuration();
      flinkConf.set(
          TaskManagerOptions.NUM_TASK_SLOTS, Math.max(2, config.get(JobConfig.PARALLELISM)));
      StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(flinkConf);
      NetdriftJob.attach(env, config);
      JobClient job = env.executeAsync("netdrift-evaluate");

      AtomicLong fed = new AtomicLong();
      AtomicReference<Throwable> feedFailure = new AtomicReference<>();
      JobConfig feedConfig = config;
      Thread feeder =
          new Thread(
              () -> feed(scenario.newSimulator(), feedConfig, steps, fed, feedFailure),
              "netdrift-evaluate-feeder");
      feeder.setDaemon(true);
      feeder.start();

      ReportCollector collector =
          new ReportCollector(
              truth.stepTimesMs().length,
              truth::stepIndex,
              config.lanes().stream().map(ForecasterSpec::strategy).toList());
      boolean drained = false;
      try (OutputMonitor monitor =
          new OutputMonitor(kafka.bootstrapServers(), config, Map.of())
              .onPredictions(collector::onPrediction)
              .onAdaptationEvents(collector::onEvent)) {
        Progress progress = new Progress(out, steps);
        long lastGrowth = System.nanoTime();
        long lastCount = -1;
        while (true) {
          monitor.poll(Duration.ofMillis(200));
          if (feedFailure.get() != null) {
            throw new IllegalStateException("feeding the scenario failed", feedFailure.get());
          }
          long count = monitor.count(Topic.PREDICTIONS);
          if (count != lastCount) {
            lastCount = count;
            lastGrowth = System.nanoTime();
          }
          progress.update(fed.get(), collector.newestStep() + 1, count, collector.retrains());
          requireRunning(job);
          // Stop-with-savepoint stops the Kafka sources where they are: wait until the job has
          // read everything (the prediction for the last step comes from the sample before it,
          // served once the last step's sample moved the watermark), or until its output has not
          // grown for a while once it had started.
          boolean caughtUp = collector.newestStep() >= steps - 1;
          boolean stalled = count > 0 && System.nanoTime() - lastGrowth > STALL_TIMEOUT.toNanos();
          if (!feeder.isAlive() && (caughtUp || stalled)) {
            if (!caughtUp) {
              out.printf(
                  Locale.ROOT,
                  "%nevaluate: no new prediction for %d s at step %d of %d; draining anyway%n",
                  STALL_TIMEOUT.toSeconds(),
                  collector.newestStep(),
                  steps);
            }
            break;
          }
        }
        out.println();
        out.println("evaluate: all steps fed; draining the job (stop-with-savepoint) ...");
        Path savepoints = Files.createTempDirectory("netdrift-evaluate-savepoints");
        job.stopWithSavepoint(true, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
            .get();
        job.getJobExecutionResult().get();
        drained = true;
        monitor.drain(Duration.ofSeconds(30));
        out.println("evaluate: adaptation events " + collector.eventCounts());
        double wall = (System.nanoTime() - started) / 1e9;
        RunInfo info =
            new RunInfo(
                network.name(),
                network.nodeCount(),
                network.directedLinkCount(),
                scenario.describeTraffic(),
                scenario.describeFailures(),
                steps,
                truth.stepMs() / 1000,
                baseModels,
                monitor.count(Topic.TELEMETRY),
                monitor.count(Topic.PREDICTIONS),
                monitor.count(Topic.DEAD_LETTERS),
                wall);
        List<Failure> failures = new ArrayList<>();
        for (EvaluationScenario.Outage o : truth.outages()) {
          failures.add(new Failure(o.element(), o.downMs(), o.upMs()));
        }
        return new EvaluationRun(
            info,
            collector.laneNames(),
            truth.stepMs(),
            truth.stepTimesMs(),
            truth.actualMbps(),
            truth.expectedMbps(),
            collector.predictions(),
            failures,
            collector.events());
      } finally {
        if (!drained) {
          cancelQuietly(job);
        }
      }
    }
  }

  /** Fails fast when the job is no longer running (a failure at start, a restart loop's end). */
  private static void requireRunning(JobClient job) throws Exception {
    org.apache.flink.api.common.JobStatus status =
        job.getJobStatus().get(30, java.util.concurrent.TimeUnit.SECONDS);
    if (status.isGloballyTerminalState()) {
      String cause = "";
      try {
        job.getJobExecutionResult().get(5, java.util.concurrent.TimeUnit.SECONDS);
      } catch (Exception e) {
        Throwable root = e;
        while (root.getCause() != null) {
          root = root.getCause();
        }
        cause = ": " + root;
      }
      throw new IllegalStateException("the job stopped (" + status + ")" + cause);
    }
  }

  private void cancelQuietly(JobClient job) {
    try {
      job.cancel().get(30, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      out.println("evaluate: could not cancel the job: " + e);
    }
  }

  private static void feed(
      NetworkSimulator simulator,
      JobConfig config,
      int steps,
      AtomicLong fed,
      AtomicReference<Throwable> failure) {
    KafkaPublisherConfig publisherConfig =
        KafkaPublisherConfig.defaults(config.get(JobConfig.BOOTSTRAP_SERVERS))
            .withTopics(
                config.topic(Topic.TELEMETRY),
                config.topic(Topic.TRAFFIC),
                config.topic(Topic.NETWORK_EVENTS))
            .withStepsPerSecond(0);
    try (KafkaStepPublisher publisher = new KafkaStepPublisher(publisherConfig)) {
      for (int i = 0; i < steps && simulator.hasNext(); i++) {
        publisher.publish(simulator.next());
        fed.set(i + 1);
      }
      publisher.flush();
    } catch (Throwable t) {
      failure.set(t);
    }
  }

  /** A progress bar on one line, redrawn at most twice a second. */
  static final class Progress {
    private final PrintStream out;
    private final int steps;
    private final long started = System.nanoTime();
    private long lastDraw;

    Progress(PrintStream out, int steps) {
      this.out = out;
      this.steps = steps;
    }

    void update(long fed, long scored, long predictions, long retrains) {
      long now = System.nanoTime();
      if (now - lastDraw < 500_000_000L) {
        return;
      }
      lastDraw = now;
      double done = Math.min(1, scored / (double) steps);
      int width = 30;
      int filled = (int) Math.round(done * width);
      double seconds = (now - started) / 1e9;
      String eta =
          done > 0.02 ? String.format(Locale.ROOT, "%.0f s", seconds * (1 - done) / done) : "?";
      out.printf(
          Locale.ROOT,
          "\r[%s%s] %3.0f%% step %d/%d (fed %d) | predictions %d | retrains %d | %.0f s, ETA %s   ",
          "#".repeat(filled),
          ".".repeat(width - filled),
          100 * done,
          scored,
          steps,
          fed,
          predictions,
          retrains,
          seconds,
          eta);
      out.flush();
    }
  }

  private static double round(double v) {
    return Double.isFinite(v) ? Math.round(v * 1000) / 1000.0 : Double.NaN;
  }
}
