package io.netdrift.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdrift.core.model.ModelDirectory;
import io.netdrift.core.model.ModelKind;
import io.netdrift.core.network.BuiltInTopologies;
import io.netdrift.core.network.Topology;
import io.netdrift.core.reliability.FaultInjection;
import io.netdrift.job.NetdriftJob;
import io.netdrift.job.config.JobConfig;
import io.netdrift.local.EmbeddedKafka;
import io.netdrift.schema.AdaptationEvent;
import io.netdrift.schema.AdaptationEventType;
import io.netdrift.schema.LoadPrediction;
import io.netdrift.simulator.FailureScenario;
import io.netdrift.simulator.KafkaStepPublisher;
import io.netdrift.simulator.NetworkSimulator;
import io.netdrift.simulator.SimulationStep;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.InternalMiniClusterExtension;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.util.TestStreamEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crash storm (issue 10): the whole job with all five lanes on Abilene with a drastic failure,
 * failed more than 20 times in one run — TaskManagers killed, and faults injected while a batch is
 * served, while a retrained version is being swapped in and while a retrain is in flight ({@link
 * FaultInjection}). After every restore and the final drain, read with {@code read_committed}:
 * exactly one prediction per (link, step, lane) and nothing else; the deterministic lanes
 * (persistence, the static CfC) predict exactly what an undisturbed run of the same input predicts,
 * so their per-link state (the CfC's recurrent window) resumed from the checkpoints; every model
 * version a committed prediction names is the base version or one a committed swap announced;
 * telemetry in = predictions per lane + dead letters.
 */
class CrashStormITCase {
  private static final Duration STEP = Duration.ofMinutes(15);
  private static final long STEP_MS = STEP.toMillis();
  private static final int TRAINING_STEPS = 192;
  private static final int RUN_STEPS = 72;
  private static final int FAIL_AT = 20;
  private static final long FEED_PAUSE_MS = 600;
  private static final int PARALLELISM = 2;
  private static final List<String> LANES =
      List.of("persistence", "static", "liquid", "incremental", "hybrid");
  private static final List<String> DETERMINISTIC = List.of("persistence", "static");

  /** Feed steps after which both TaskManagers are killed (two new ones started first). */
  private static final Set<Integer> KILL_AFTER_STEP = Set.of(8, 16, 24, 32, 40, 48, 56, 64);

  /**
   * Injected faults: up to 10 while serving, 6 per adaptation point, 22 in all (how many swaps and
   * retrains happen depends on the machine's speed: with the kills, at least 20 failures anyway).
   */
  private static final String FAULTS =
      "forecast-batch=0.05:10,model-swap=0.6:6,retrain=0.3:6,max=22,seed=11";

  @RegisterExtension
  static final InternalMiniClusterExtension FLINK =
      new InternalMiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(2)
              .setNumberSlotsPerTaskManager(PARALLELISM)
              .build());

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

  @BeforeEach
  void useTheMiniCluster() {
    TestStreamEnvironment.setAsContext(FLINK.getMiniCluster(), PARALLELISM);
    FaultInjection.clear();
  }

  @AfterEach
  void releaseTheMiniCluster() {
    TestStreamEnvironment.unsetAsContext();
    FaultInjection.clear();
  }

  @Test
  void twentyFailuresLeaveExactlyOnePredictionPerStepAndLaneAndTheSameDeterministicSeries(
      @TempDir Path dir) throws Exception {
    NetworkSimulator simulator =
        NetworkSimulator.builder()
            .topology(BuiltInTopologies.abilene())
            .start(Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(3)))
            .seed(9)
            .stepLength(STEP)
            .telemetryNoise(0.02)
            .scenario(FailureScenario.DRASTIC, TRAINING_STEPS + FAIL_AT, -1)
            .maxSteps(TRAINING_STEPS + RUN_STEPS)
            .build();
    Topology topology = simulator.topology();
    int directions = topology.directedLinkCount();
    List<SimulationStep> history = BaseModelSupport.history(simulator, TRAINING_STEPS);
    Path cfc =
        BaseModelSupport.trainTiny(history, topology, ModelKind.CFC, STEP_MS, dir.resolve("cfc"));
    Path mlp =
        BaseModelSupport.trainTiny(history, topology, ModelKind.MLP, STEP_MS, dir.resolve("mlp"));
    List<SimulationStep> run = new ArrayList<>();
    while (simulator.hasNext()) {
      run.add(simulator.next());
    }
    assertThat(run).hasSize(RUN_STEPS);

    // the undisturbed reference: the same input, no faults
    JobConfig reference =
        config("storm-ref", cfc, mlp, dir.resolve("store-ref"), "")
            .with(JobConfig.STRATEGIES, List.of("persistence", "static=" + cfc));
    publish(reference, run);
    JobClient referenceJob = start(reference, "crash-storm-reference");
    JobRunSupport.awaitCommittedPredictionsOrStall(
        kafka.bootstrapServers(),
        reference.get(JobConfig.PREDICTIONS_TOPIC),
        (RUN_STEPS - 2) * directions * DETERMINISTIC.size(),
        Duration.ofMinutes(2));
    drain(referenceJob, dir.resolve("ref"));
    List<LoadPrediction> referencePredictions =
        JobRunSupport.readPredictions(
            kafka.bootstrapServers(), reference.get(JobConfig.PREDICTIONS_TOPIC));

    // the storm: faults injected in the forecast path, TaskManagers killed while it is fed
    JobConfig storm = config("storm", cfc, mlp, dir.resolve("store"), FAULTS);
    String predictionsTopic = storm.get(JobConfig.PREDICTIONS_TOPIC);
    JobClient job = start(storm, "crash-storm");
    int kills = 0;
    try (KafkaStepPublisher publisher =
        new KafkaStepPublisher(JobRunSupport.feed(kafka.bootstrapServers(), storm))) {
      for (int i = 0; i < RUN_STEPS; i++) {
        publisher.publish(run.get(i));
        publisher.flush();
        // paced so that retrains finish and their versions are swapped in while the feed lasts
        // (a completed retrain is picked up at the next batch; a job that has caught up with a
        // fast feed drains before any swap, and the model-swap fault point is never reached)
        Thread.sleep(FEED_PAUSE_MS);
        if (KILL_AFTER_STEP.contains(i)) {
          // two fresh TaskManagers, then both old ones killed: the job always loses its slots
          // (TaskManager indices are never reused; see MiniCluster#terminateTaskManager)
          FLINK.getMiniCluster().startTaskManager();
          FLINK.getMiniCluster().startTaskManager();
          FLINK.getMiniCluster().terminateTaskManager(2 * kills).get();
          FLINK.getMiniCluster().terminateTaskManager(2 * kills + 1).get();
          kills++;
        }
      }
    }
    // restarts replay from the last checkpoint and reload the models: give them time
    JobRunSupport.awaitCommittedPredictionsOrStall(
        kafka.bootstrapServers(),
        predictionsTopic,
        (RUN_STEPS - 2) * directions * LANES.size(),
        Duration.ofMinutes(2));
    drain(job, dir.resolve("storm"));
    Map<String, Integer> injected = FaultInjection.injected();
    int failures = kills + injected.values().stream().mapToInt(Integer::intValue).sum();
    System.out.println(
        "crash storm: " + kills + " TaskManagers killed, faults injected " + injected);

    List<LoadPrediction> predictions =
        JobRunSupport.readPredictions(kafka.bootstrapServers(), predictionsTopic);
    List<AdaptationEvent> events =
        JobRunSupport.readAdaptationEvents(
            kafka.bootstrapServers(),
            storm.get(JobConfig.ADAPTATION_EVENTS_TOPIC),
            "read_committed");
    long deadLetters =
        KafkaTopicsSupport.readCommitted(
                kafka.bootstrapServers(), storm.get(JobConfig.DEAD_LETTERS_TOPIC))
            .size();

    // the storm happened: more than 20 failures, every kind of them
    assertThat(failures).isGreaterThanOrEqualTo(20);
    assertThat(injected.keySet())
        .containsExactlyInAnyOrder(
            FaultInjection.FORECAST_BATCH, FaultInjection.MODEL_SWAP, FaultInjection.RETRAIN);

    // exactly one committed prediction per (link, step, lane), nothing else
    JobRunSupport.assertOnePredictionPerLinkStepLane(predictions, run, LANES);

    // reconciliation: telemetry in = predictions per lane + dead letters (none here)
    long telemetryIn = (long) RUN_STEPS * directions;
    assertThat(deadLetters).isZero();
    for (String lane : LANES) {
      assertThat(predictions.stream().filter(p -> p.getStrategy().equals(lane)).count())
          .as(lane)
          .isEqualTo(telemetryIn - deadLetters);
    }

    // the deterministic lanes continue from their checkpointed state: same values as undisturbed
    Map<String, Double> referenceValues = values(referencePredictions);
    Map<String, Double> stormValues = values(predictions);
    for (String lane : DETERMINISTIC) {
      List<String> differing =
          stormValues.keySet().stream()
              .filter(k -> k.endsWith("/" + lane))
              .filter(k -> !sameValue(stormValues.get(k), referenceValues.get(k)))
              .sorted()
              .toList();
      assertThat(
              differing.stream()
                  .limit(5)
                  .map(k -> k + " storm " + stormValues.get(k) + " vs " + referenceValues.get(k))
                  .toList())
          .as("%s: %d predictions differ from the undisturbed run", lane, differing.size())
          .isEmpty();
    }

    // every version a committed prediction names is the base or announced by a committed swap
    long baseCfc = ModelDirectory.open(cfc).metadata().modelVersion();
    long baseMlp = ModelDirectory.open(mlp).metadata().modelVersion();
    Map<String, Set<Long>> announced = new HashMap<>();
    announced.computeIfAbsent("liquid", k -> new HashSet<>()).add(baseCfc);
    announced.computeIfAbsent("incremental", k -> new HashSet<>()).add(baseMlp);
    for (AdaptationEvent e : events) {
      if (e.getType() == AdaptationEventType.MODEL_SWAPPED
          || e.getType() == AdaptationEventType.ROLLBACK
          || e.getType() == AdaptationEventType.REGIME_REUSED) {
        announced
            .computeIfAbsent(e.getStrategy(), k -> new HashSet<>())
            .add(e.getModelVersionAfter());
      }
    }
    for (String lane : List.of("liquid", "incremental")) {
      Set<Long> served =
          predictions.stream()
              .filter(p -> p.getStrategy().equals(lane))
              .map(LoadPrediction::getModelVersion)
              .collect(Collectors.toSet());
      assertThat(announced.get(lane)).as(lane + ": versions served").containsAll(served);
    }
  }

  /**
   * Drains the job; a stop-with-savepoint that meets a restart (the savepoint is aborted) is tried
   * again once the job runs.
   */
  private static void drain(JobClient job, Path dir) throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        JobRunSupport.drain(job, dir);
        return;
      } catch (java.util.concurrent.ExecutionException e) {
        if (attempt == 10) {
          throw e;
        }
        System.out.println("drain attempt " + attempt + " met a restart (" + e.getCause() + ")");
        Thread.sleep(3_000);
      }
    }
  }

  /**
   * Equal up to float rounding: the CfC runs in float32, and a batch of another size (a restart
   * changes how samples are batched) may round the last bits differently; state lost or restored
   * wrong moves a prediction by far more.
   */
  private static boolean sameValue(Double storm, Double reference) {
    return reference != null
        && Math.abs(storm - reference) <= 1e-5 * Math.max(1, Math.abs(reference));
  }

  private static Map<String, Double> values(List<LoadPrediction> predictions) {
    Map<String, Double> values = new HashMap<>();
    for (LoadPrediction p : predictions) {
      if (DETERMINISTIC.contains(p.getStrategy())) {
        values.put(
            JobRunSupport.linkKey(p) + "@" + p.getEventTimeMs() + "/" + p.getStrategy(),
            p.getValueMbps());
      }
    }
    return values;
  }

  private static JobConfig config(String name, Path cfc, Path mlp, Path store, String faults)
      throws Exception {
    String suffix = name + "-" + UUID.randomUUID().toString().substring(0, 8);
    return JobRunSupport.jobWithFreshTopics(
        kafka,
        suffix,
        STEP_MS,
        BaseModelSupport.allLanesFlags(
            "abilene", STEP_MS, cfc, mlp, store, "--fault-injection", faults));
  }

  private static void publish(JobConfig config, List<SimulationStep> steps) {
    try (KafkaStepPublisher publisher =
        new KafkaStepPublisher(JobRunSupport.feed(kafka.bootstrapServers(), config))) {
      for (SimulationStep step : steps) {
        publisher.publish(step);
      }
      publisher.flush();
    }
  }

  /** Starts the job with quick fixed-delay restarts (the default backs off up to a minute). */
  private static JobClient start(JobConfig config, String name) throws Exception {
    Configuration restarts = new Configuration();
    restarts.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    restarts.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 1000);
    restarts.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.configure(restarts);
    NetdriftJob.attach(env, config);
    return env.executeAsync(name);
  }
}
