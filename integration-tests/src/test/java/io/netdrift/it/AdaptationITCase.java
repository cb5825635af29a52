package io.netdrift.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netdrift.core.model.ModelDirectory;
import io.netdrift.core.model.ModelKind;
import io.netdrift.core.network.BuiltInTopologies;
import io.netdrift.core.network.Topology;
import io.netdrift.job.NetdriftJob;
import io.netdrift.job.config.JobConfig;
import io.netdrift.local.EmbeddedKafka;
import io.netdrift.schema.AdaptationEvent;
import io.netdrift.schema.AdaptationEventType;
import io.netdrift.schema.LoadPrediction;
import io.netdrift.simulator.FailureScenario;
import io.netdrift.simulator.KafkaPublisherConfig;
import io.netdrift.simulator.KafkaStepPublisher;
import io.netdrift.simulator.NetworkSimulator;
import io.netdrift.simulator.SimulationStep;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
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
 * The adaptive lanes under a TaskManager crash (issue 8): the Euro28 simulation with a drastic link
 * failure feeds the whole job (real KRaft broker, MiniCluster, EXACTLY_ONCE sinks) with all five
 * lanes; once a retrained version serves and is committed, and another retrain is in flight, the
 * only TaskManager is killed. After the restore and the drain, read with {@code read_committed}:
 * exactly one prediction per (link, step, lane); per link, the model versions move only through
 * committed swaps (so they continue from the checkpoint and never go back to a number that did not
 * serve); every version is in the model store once, with the lineage its swap announced; and the
 * failure's scope holds only the links the failure re-routed.
 */
class AdaptationITCase {
  private static final Duration STEP = Duration.ofMinutes(15);
  private static final long STEP_MS = STEP.toMillis();

  /** Failure-free history the base models are trained on (two days). */
  private static final int TRAINING_STEPS = 192;

  /** Steps fed to the job, and the one at which the busiest link fails (never repaired). */
  private static final int RUN_STEPS = 90;

  private static final int FAIL_AT = 28;

  /** Steps fed at once before the paced feed starts: the job is up and caught up by then. */
  private static final int WARM_UP_STEPS = FAIL_AT - 4;

  /** Pace of the feed from the warm-up on, so retrains overlap the stream and the crash. */
  private static final long FEED_PAUSE_MS = 350;

  private static final List<String> ADAPTIVE = List.of("liquid", "incremental");
  private static final int PARALLELISM = 2;

  @RegisterExtension
  static final InternalMiniClusterExtension FLINK =
      new InternalMiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
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
  }

  @AfterEach
  void releaseTheMiniCluster() {
    TestStreamEnvironment.unsetAsContext();
  }

  @Test
  void aTaskManagerCrashDuringARetrainKeepsOnePredictionPerStepAndTheModelVersions(
      @TempDir Path dir) throws Exception {
    NetworkSimulator simulator =
        NetworkSimulator.builder()
            .topology(BuiltInTopologies.euro28())
            // event times of the last three days (the records' Kafka timestamps)
            .start(Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(3)))
            .seed(5)
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
    Path store = dir.resolve("model-store");

    String suffix = "adapt-" + UUID.randomUUID().toString().substring(0, 8);
    JobConfig config =
        JobRunSupport.jobWithFreshTopics(
            kafka,
            suffix,
            STEP_MS,
            BaseModelSupport.allLanesFlags(
                "euro28", STEP_MS, cfc, mlp, store, "--checkpoint-interval-ms", "1000"));
    String bootstrap = kafka.bootstrapServers();
    String predictionsTopic = config.get(JobConfig.PREDICTIONS_TOPIC);
    String adaptationTopic = config.get(JobConfig.ADAPTATION_EVENTS_TOPIC);
    int lanes = config.lanes().size();
    assertThat(lanes).isEqualTo(5);

    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    NetdriftJob.attach(env, config);
    JobClient job = env.executeAsync("netdrift-adaptation-it");

    KafkaPublisherConfig feed =
        KafkaPublisherConfig.defaults(bootstrap)
            .withTopics(
                config.get(JobConfig.TELEMETRY_TOPIC),
                config.get(JobConfig.TRAFFIC_TOPIC),
                config.get(JobConfig.NETWORK_EVENTS_TOPIC));
    List<SimulationStep> run = new ArrayList<>();
    while (simulator.hasNext()) {
      run.add(simulator.next());
    }
    assertThat(run).hasSize(RUN_STEPS);
    assertThat(run.get(FAIL_AT).events()).isNotEmpty();
    AtomicReference<Throwable> feedFailure = new AtomicReference<>();
    AtomicInteger fed = new AtomicInteger(WARM_UP_STEPS);
    Thread feeder;
    List<LoadPrediction> committedBeforeCrash;
    try (KafkaStepPublisher publisher = new KafkaStepPublisher(feed)) {
      for (int i = 0; i < WARM_UP_STEPS; i++) {
        publisher.publish(run.get(i));
      }
      publisher.flush();
      JobRunSupport.awaitCommittedPredictions(
          bootstrap, predictionsTopic, (WARM_UP_STEPS - 2) * directions * lanes);

      // the rest at a pace, so the failure's retrains overlap the stream and the crash
      feeder =
          new Thread(
              () -> {
                try {
                  for (int i = WARM_UP_STEPS; i < RUN_STEPS; i++) {
                    publisher.publish(run.get(i));
                    publisher.flush();
                    fed.set(i + 1);
                    Thread.sleep(FEED_PAUSE_MS);
                  }
                } catch (Throwable t) {
                  feedFailure.set(t);
                }
              },
              "adaptation-it-feeder");
      feeder.start();

      // a version retrained after the failure serves and a checkpoint committed its swap (or, if
      // none is accepted in time, the feed nears its end: the swap assertions below then fail);
      // another retrain has started and not finished yet (read_uncommitted: for the timing only)
      AtomicReference<String> inFlightAtCrash = new AtomicReference<>();
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                boolean swapCommitted =
                    JobRunSupport.readAdaptationEvents(bootstrap, adaptationTopic, "read_committed")
                        .stream()
                        .anyMatch(e -> e.getType() == AdaptationEventType.MODEL_SWAPPED);
                if (!swapCommitted && fed.get() < RUN_STEPS - 20) {
                  return false;
                }
                inFlightAtCrash.set(
                    retrainsInFlight(
                        JobRunSupport.readAdaptationEvents(
                            bootstrap, adaptationTopic, "read_uncommitted")));
                return !inFlightAtCrash.get().isEmpty();
              });
      System.out.println(
          "killing the TaskManager after "
              + fed.get()
              + " steps fed; retrains in flight (lane/scope: links): "
              + inFlightAtCrash.get());

      // kill the only TaskManager mid-retrain: operator state, the trainer's work, open Kafka
      // transactions die with it; the job restarts from its last checkpoint on a new one
      FLINK.getMiniCluster().terminateTaskManager(0).get();
      committedBeforeCrash = JobRunSupport.readPredictions(bootstrap, predictionsTopic);
      FLINK.getMiniCluster().startTaskManager();
      feeder.join();
    }
    assertThat(feedFailure.get()).isNull();
    JobRunSupport.awaitCommittedPredictionsOrStall(
        bootstrap, predictionsTopic, (RUN_STEPS - 2) * directions * lanes);
    JobRunSupport.drain(job, dir);

    List<LoadPrediction> predictions = JobRunSupport.readPredictions(bootstrap, predictionsTopic);
    List<AdaptationEvent> events =
        JobRunSupport.readAdaptationEvents(bootstrap, adaptationTopic, "read_committed");
    long baseCfc = ModelDirectory.open(cfc).metadata().modelVersion();
    long baseMlp = ModelDirectory.open(mlp).metadata().modelVersion();
    Map<String, Long> baseVersion = Map.of("liquid", baseCfc, "incremental", baseMlp);

    // exactly one committed prediction per (link, step, lane), for every step fed
    System.out.println(
        "committed: "
            + predictions.size()
            + " predictions, "
            + committedBeforeCrash.size()
            + " of them before the crash; per step: "
            + predictions.stream()
                .collect(
                    Collectors.groupingBy(
                        p -> (p.getEventTimeMs() - run.get(0).timestampMs()) / STEP_MS,
                        TreeMap::new,
                        Collectors.counting())));
    System.out.println(
        "adaptation events: "
            + events.stream()
                .collect(
                    Collectors.groupingBy(
                        e -> e.getType() + "/" + e.getStrategy(),
                        TreeMap::new,
                        Collectors.counting())));
    JobRunSupport.assertOnePredictionPerLinkStepLane(
        predictions, run, List.of("persistence", "static", "liquid", "incremental", "hybrid"));
    assertThat(predictions).hasSize(RUN_STEPS * directions * lanes);

    List<AdaptationEvent> swaps = ofType(events, AdaptationEventType.MODEL_SWAPPED);
    assertThat(swaps).as("committed model swaps").isNotEmpty();

    // per link and adaptive lane, in event-time order, the serving version changes only as a
    // committed swap or rollback of that link said: after the restore the versions continue from
    // the checkpoint, never back to a number that did not serve
    Map<String, List<LoadPrediction>> byLaneAndLink =
        predictions.stream()
            .filter(p -> ADAPTIVE.contains(p.getStrategy()))
            .collect(
                Collectors.groupingBy(
                    p -> p.getStrategy() + "/" + JobRunSupport.linkKey(p),
                    TreeMap::new,
                    Collectors.toList()));
    Map<String, Set<String>> announcedChanges = new HashMap<>();
    for (AdaptationEvent e : events) {
      if (e.getLinkId() != null
          && e.getModelVersionBefore() != null
          && e.getModelVersionAfter() != null
          && (e.getType() == AdaptationEventType.MODEL_SWAPPED
              || e.getType() == AdaptationEventType.ROLLBACK
              || e.getType() == AdaptationEventType.REGIME_REUSED)) {
        announcedChanges
            .computeIfAbsent(e.getStrategy() + "/" + JobRunSupport.linkKey(e), k -> new HashSet<>())
            .add(e.getModelVersionBefore() + "->" + e.getModelVersionAfter());
      }
    }
    Set<String> rolledBack =
        ofType(events, AdaptationEventType.ROLLBACK).stream()
            .map(e -> e.getStrategy() + "/" + JobRunSupport.linkKey(e))
            .collect(Collectors.toSet());
    Map<String, Long> highestBeforeCrash = new HashMap<>();
    Set<String> committedBefore = new HashSet<>();
    for (LoadPrediction p : committedBeforeCrash) {
      committedBefore.add(key(p));
      if (ADAPTIVE.contains(p.getStrategy())) {
        highestBeforeCrash.merge(
            p.getStrategy() + "/" + JobRunSupport.linkKey(p), p.getModelVersion(), Math::max);
      }
    }
    int changes = 0;
    int linksServedAfterCrash = 0;
    for (Map.Entry<String, List<LoadPrediction>> e : byLaneAndLink.entrySet()) {
      List<LoadPrediction> series = new ArrayList<>(e.getValue());
      series.sort(Comparator.comparingLong(LoadPrediction::getEventTimeMs));
      String lane = e.getKey().substring(0, e.getKey().indexOf('/'));
      assertThat(series.get(0).getModelVersion()).as(e.getKey()).isEqualTo(baseVersion.get(lane));
      for (int i = 1; i < series.size(); i++) {
        long before = series.get(i - 1).getModelVersion();
        long after = series.get(i).getModelVersion();
        if (before != after) {
          changes++;
          assertThat(announcedChanges.getOrDefault(e.getKey(), Set.of()))
              .as(
                  "%s changed version %d -> %d at %d without a committed event",
                  e.getKey(), before, after, series.get(i).getEventTimeMs())
              .contains(before + "->" + after);
        }
      }
      Long highest = highestBeforeCrash.get(e.getKey());
      if (highest != null && !rolledBack.contains(e.getKey())) {
        for (LoadPrediction p : series) {
          if (!committedBefore.contains(key(p))) {
            linksServedAfterCrash++;
            assertThat(p.getModelVersion())
                .as("%s at %d after the crash", e.getKey(), p.getEventTimeMs())
                .isGreaterThanOrEqualTo(highest);
          }
        }
      }
    }
    assertThat(changes).as("version changes on predictions").isPositive();
    assertThat(linksServedAfterCrash).isPositive();

    // the model store: every version written once, with its own number and lineage
    Map<String, Properties> lineage = readStore(store);
    assertThat(lineage).as("versions in the model store").isNotEmpty();
    for (AdaptationEvent swap : swaps) {
      String link = JobRunSupport.linkKey(swap);
      String path =
          swap.getStrategy() + "/subtask-" + subtaskOf(link) + "/v" + swap.getModelVersionAfter();
      assertThat(lineage).as("store entry of %s", swap).containsKey(path);
      Properties p = lineage.get(path);
      assertThat(p.getProperty("parent")).as(path).isEqualTo(swap.getModelVersionBefore() + "");
      assertThat(p.getProperty("scope")).as(path).isEqualTo(swap.getRegime());
      // the candidate's held-back RMSE identifies the training run: a version directory written
      // twice (a reused number) would not match the swap that announced it
      assertThat(Double.parseDouble(p.getProperty("holdout.rmseMbps")))
          .as(path)
          .isEqualTo(swap.getErrorAfter());
    }
    // one number, one version: no two committed swaps of a subtask's lane announce the same number
    // for different training runs
    Map<String, Set<String>> runsPerVersion = new HashMap<>();
    for (AdaptationEvent swap : swaps) {
      runsPerVersion
          .computeIfAbsent(
              swap.getStrategy()
                  + "/subtask-"
                  + subtaskOf(JobRunSupport.linkKey(swap))
                  + "/v"
                  + swap.getModelVersionAfter(),
              k -> new HashSet<>())
          .add(swap.getRegime() + "|" + swap.getModelVersionBefore() + "|" + swap.getErrorAfter());
    }
    assertThat(runsPerVersion).allSatisfy((v, runs) -> assertThat(runs).as(v).hasSize(1));
    // every version a prediction names is the base or in the store of the link's subtask
    for (Map.Entry<String, List<LoadPrediction>> e : byLaneAndLink.entrySet()) {
      String lane = e.getKey().substring(0, e.getKey().indexOf('/'));
      String link = e.getKey().substring(e.getKey().indexOf('/') + 1);
      for (long v :
          e.getValue().stream().map(LoadPrediction::getModelVersion).collect(Collectors.toSet())) {
        if (v != baseVersion.get(lane)) {
          assertThat(lineage)
              .as(e.getKey())
              .containsKey(lane + "/subtask-" + subtaskOf(link) + "/v" + v);
        }
      }
    }

    // the failure's scope holds only the link directions it re-routed (marked by the network
    // event); another link may only get a version of its own, after its own detector's drift
    Set<String> affected =
        events.stream()
            .filter(
                e ->
                    e.getType() == AdaptationEventType.DRIFT_DETECTED
                        && "network-event".equals(e.getDetector()))
            .map(JobRunSupport::linkKey)
            .collect(Collectors.toSet());
    assertThat(affected).isNotEmpty().hasSizeLessThan(directions);
    assertThat(swaps)
        .allSatisfy(
            s -> {
              String link = JobRunSupport.linkKey(s);
              if (!affected.contains(link)) {
                assertThat(s.getRegime())
                    .as("swap of unaffected %s", link)
                    .isEqualTo("drift:" + link);
              }
            });
    assertThat(swaps)
        .filteredOn(s -> !s.getRegime().startsWith("drift:"))
        .allSatisfy(s -> assertThat(affected).contains(JobRunSupport.linkKey(s)));
  }

  /**
   * The retrains that have started and not finished yet, as far as the events show: lane and scope
   * to the number of their links; empty when none is in flight.
   */
  private static String retrainsInFlight(List<AdaptationEvent> events) {
    Map<String, Integer> open = new HashMap<>();
    for (AdaptationEvent e : events) {
      String k = e.getStrategy() + "/" + e.getRegime() + "/" + JobRunSupport.linkKey(e);
      if (e.getType() == AdaptationEventType.RETRAIN_STARTED) {
        open.merge(k, 1, Integer::sum);
      } else if (e.getType() == AdaptationEventType.RETRAIN_FINISHED) {
        open.merge(k, -1, Integer::sum);
      }
    }
    Map<String, Long> links =
        open.entrySet().stream()
            .filter(e -> e.getValue() > 0)
            .collect(
                Collectors.groupingBy(
                    e -> e.getKey().substring(0, e.getKey().lastIndexOf('/')),
                    TreeMap::new,
                    Collectors.counting()));
    return links.isEmpty() ? "" : links.toString();
  }

  private static List<AdaptationEvent> ofType(
      List<AdaptationEvent> events, AdaptationEventType type) {
    return events.stream().filter(e -> e.getType() == type).toList();
  }

  private static String key(LoadPrediction p) {
    return JobRunSupport.linkKey(p) + "@" + p.getEventTimeMs() + "/" + p.getStrategy();
  }

  /** The forecast subtask a link key is routed to (default max parallelism, as the job has). */
  private static int subtaskOf(String linkKey) {
    return KeyGroupRangeAssignment.assignKeyToParallelOperator(
        linkKey, KeyGroupRangeAssignment.computeDefaultMaxParallelism(PARALLELISM), PARALLELISM);
  }

  /**
   * Every version directory of the store, {@code lane/subtask-i/vN} to its lineage; each must hold
   * exactly one {@code version.properties} naming its own lane and number.
   */
  private static Map<String, Properties> readStore(Path store) throws IOException {
    Map<String, Properties> lineage = new LinkedHashMap<>();
    if (!Files.isDirectory(store)) {
      return lineage;
    }
    List<Path> versionDirs;
    try (Stream<Path> walk = Files.walk(store, 3)) {
      versionDirs =
          walk.filter(Files::isDirectory)
              .filter(d -> store.relativize(d).getNameCount() == 3)
              .toList();
    }
    for (Path d : versionDirs) {
      String rel = store.relativize(d).toString().replace('\\', '/');
      assertThat(rel).matches("(liquid|incremental)/subtask-\\d+/v\\d+");
      try (Stream<Path> files = Files.list(d)) {
        assertThat(
                files
                    .filter(f -> f.getFileName().toString().endsWith(".properties"))
                    .filter(f -> f.getFileName().toString().startsWith("version"))
                    .toList())
            .as(rel)
            .containsExactly(d.resolve("version.properties"));
      }
      Properties p = new Properties();
      try (Reader r =
          Files.newBufferedReader(d.resolve("version.properties"), StandardCharsets.UTF_8)) {
        p.load(r);
      }
      assertThat(p.getProperty("lane"))
          .as(rel)
          .isEqualTo(d.getParent().getParent().getFileName().toString());
      assertThat("v" + p.getProperty("version")).as(rel).isEqualTo(d.getFileName().toString());
      lineage.put(rel, p);
    }
    return lineage;
  }
}
