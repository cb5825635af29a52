package io.netdrift.core.adaptation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netdrift.core.adaptation.AdaptationAction.Type;
import io.netdrift.core.forecast.BatchForecaster;
import io.netdrift.core.forecast.ForecastBatch;
import io.netdrift.core.forecast.LinkForecastState;
import io.netdrift.core.model.ModelConfig;
import io.netdrift.core.model.ModelDirectory;
import io.netdrift.core.model.ModelKind;
import io.netdrift.core.model.ModelTestSupport;
import io.netdrift.core.model.graph.ModelDirectoryWriter;
import io.netdrift.core.model.reference.ReferenceForecaster;
import io.netdrift.core.model.runtime.DeviceSelection;
import io.netdrift.core.model.training.ModelTrainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The adaptive lane with a small real MLP (TF Java training, plain-Java reference serving): scoped
 * swaps, untouched links on the base, champion/challenger rejection, regime reuse, snapshot and
 * restore, versions never overwritten.
 */
class AdaptiveLaneTest {
  private static final long STEP_MS = 300_000L;
  private static final String DRIFTED = "A-B:A>B";
  private static final String UNTOUCHED = "C-D:C>D";
  private static final String REGIME = "link:X-Y";

  @TempDir Path tmp;
  private ModelDirectory base;
  private ModelStore store;
  private final Map<String, LinkForecastState> states = new HashMap<>();
  private long t;

  /** The subtask of the lanes {@link #lane} builds, and the link that drifts in {@link #step}. */
  private int subtask;

  private String drifted = DRIFTED;

  @BeforeEach
  void setUp() throws Exception {
    ModelConfig config = new ModelConfig(ModelKind.MLP, 6, 1, 8, 8, 1, 0, 300f);
    base =
        ModelDirectoryWriter.write(
            tmp.resolve("base"),
            ModelTestSupport.untrainedMetadata(config),
            ModelTrainer.persistenceStart(config, 7));
    store = new ModelStore(tmp.resolve("store"));
    t = ModelTestSupport.T0;
  }

  private AdaptiveLane lane(ModelFitter fitter) {
    return lane(fitter, false);
  }

  private AdaptiveLane lane(ModelFitter fitter, boolean blockingRetrains) {
    return lane(
        fitter,
        blockingRetrains,
        dir ->
            new ReferenceForecaster(
                dir.metadata().config(), dir.weights(), dir.metadata().modelVersion()));
  }

  private AdaptiveLane lane(
      ModelFitter fitter,
      boolean blockingRetrains,
      java.util.function.Function<ModelDirectory, BatchForecaster> loader) {
    return new AdaptiveLane(
        "incremental",
        new AdaptationPolicy(
            AdaptationPolicy.Kind.LIQUID,
            12,
            48,
            8,
            400,
            0.01f,
            6,
            32,
            0.0,
            6,
            1.0,
            blockingRetrains),
        subtask,
        store,
        base,
        loader,
        fitter,
        STEP_MS);
  }

  /** The job's fitter: one training graph per lane, reset for every retrain. */
  private static ModelFitter realTrainer() {
    return ModelFitter.reusingGraph(DeviceSelection.parse("cpu"));
  }

  /** A sine of period 24 steps around {@code level} on a 1000 Mbps link. */
  private static float load(String link, long step, double level) {
    double phase = link.equals(DRIFTED) ? 0 : 1.3;
    return (float) (level + 0.6 * level * Math.sin(2 * Math.PI * step / 24.0 + phase));
  }

  /** Feeds one step of both links through the lane as the operator does; returns its actions. */
  private List<AdaptationAction> step(AdaptiveLane lane, long step, double driftedLevel) {
    List<AdaptationAction> actions = new ArrayList<>(lane.poll(0));
    String[] keys = {drifted, UNTOUCHED};
    ForecastBatch batch = new ForecastBatch(2, lane.window(), lane.stateSize(), 1);
    batch.rows = 2;
    for (int r = 0; r < 2; r++) {
      LinkForecastState s =
          states.computeIfAbsent(
              keys[r], k -> LinkForecastState.create(64, 1, 1, new int[] {lane.stateSize()}));
      float load = load(keys[r], step, r == 0 ? driftedLevel : 300);
      actions.addAll(lane.observe(keys[r], t, load, 1000f, true));
      s.append(t, load, 1000f);
      s.fillRow(batch, r, 0);
    }
    lane.forecast(batch, keys);
    for (int r = 0; r < 2; r++) {
      states.get(keys[r]).takeForecast(batch, r, 0, STEP_MS);
    }
    actions.addAll(lane.poll(0));
    t += STEP_MS;
    return actions;
  }

  /**
   * 60 steps at the old level, then the drifted link's regime changes and its level doubles, until
   * a retrain's version serves it.
   *
   * @return that version
   */
  private long driftUntilANewVersionServes(AdaptiveLane lane) {
    long baseVersion = lane.servingVersion(drifted);
    for (long i = 0; i < 60; i++) {
      step(lane, i, 300);
    }
    lane.markRegime(drifted, REGIME, history(drifted), t);
    long[] i = {60};
    await()
        .atMost(Duration.ofMinutes(2))
        .until(
            () -> {
              step(lane, i[0]++, 600);
              return lane.servingVersion(drifted) != baseVersion;
            });
    return lane.servingVersion(drifted);
  }

  private LinkSamples history(String link) {
    LinkForecastState s = states.get(link);
    LinkSamples samples = new LinkSamples(64);
    for (int back = s.historySize() - 1; back >= 0; back--) {
      samples.append(s.timestampBack(back), s.loadBack(back), 1000f);
    }
    return samples;
  }

  @Test
  void aDriftedScopeGetsANewVersionAndUntouchedLinksStayOnTheBase() throws Exception {
    try (AdaptiveLane lane = lane(realTrainer())) {
      long baseVersion = lane.servingVersion(UNTOUCHED);
      for (long i = 0; i < 60; i++) {
        step(lane, i, 300);
      }
      assertThat(lane.markRegime(DRIFTED, REGIME, history(DRIFTED), t)).isEmpty();
      List<AdaptationAction> actions = new ArrayList<>();
      long[] i = {60};
      await()
          .atMost(Duration.ofMinutes(2))
          .until(
              () -> {
                actions.addAll(step(lane, i[0]++, 600));
                return actions.stream().anyMatch(a -> a.type() == Type.MODEL_SWAPPED);
              });
      assertThat(actions).extracting(AdaptationAction::linkKey).containsOnly(DRIFTED);
      assertThat(actions)
          .extracting(AdaptationAction::type)
          .contains(Type.RETRAIN_STARTED, Type.RETRAIN_FINISHED, Type.MODEL_SWAPPED);
      AdaptationAction swap =
          actions.stream().filter(a -> a.type() == Type.MODEL_SWAPPED).findFirst().orElseThrow();
      assertThat(swap.errorAfter()).isLessThan(swap.errorBefore());
      assertThat(lane.servingVersion(DRIFTED))
          .isEqualTo(swap.versionAfter())
          .isGreaterThan(baseVersion);
      assertThat(lane.servingVersion(UNTOUCHED)).isEqualTo(baseVersion);
      assertThat(
              store.directory("incremental", 0, swap.versionAfter()).resolve("version.properties"))
          .exists();
      assertThat(lane.versions()).hasSizeGreaterThanOrEqualTo(2);
    }
  }

  /**
   * With blocking retrains (what {@code netdrift evaluate} uses), the poll that starts a retrain
   * also finishes it: the new version serves from the next step, whatever the machine's speed.
   */
  @Test
  void aBlockingRetrainLandsInThePollThatStartsIt() throws Exception {
    try (AdaptiveLane lane = lane(realTrainer(), true)) {
      long baseVersion = lane.servingVersion(DRIFTED);
      for (long i = 0; i < 60; i++) {
        step(lane, i, 300);
      }
      lane.markRegime(DRIFTED, REGIME, history(DRIFTED), t);
      for (long i = 60; i < 72; i++) {
        List<AdaptationAction> actions = step(lane, i, 600);
        assertThat(lane.retrainsInFlight()).isZero();
        if (actions.stream().anyMatch(a -> a.type() == Type.RETRAIN_STARTED)) {
          assertThat(actions)
              .extracting(AdaptationAction::type)
              .containsSubsequence(Type.RETRAIN_STARTED, Type.RETRAIN_FINISHED);
          assertThat(actions.stream().anyMatch(a -> a.type() == Type.MODEL_SWAPPED))
              .isEqualTo(lane.servingVersion(DRIFTED) != baseVersion);
          return;
        }
      }
      throw new AssertionError("no retrain started within 12 post-drift steps");
    }
  }

  @Test
  void theRepairReusesTheBaseAndTheRecurringRegimeReusesItsVersion() throws Exception {
    try (AdaptiveLane lane = lane(realTrainer())) {
      long baseVersion = lane.servingVersion(DRIFTED);
      long adapted = driftUntilANewVersionServes(lane);

      List<AdaptationAction> repair = lane.markRegime(DRIFTED, "", history(DRIFTED), t);
      assertThat(repair)
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.type()).isEqualTo(Type.REGIME_REUSED);
                assertThat(a.versionAfter()).isEqualTo(baseVersion);
              });
      assertThat(lane.servingVersion(DRIFTED)).isEqualTo(baseVersion);

      List<AdaptationAction> again = lane.markRegime(DRIFTED, REGIME, history(DRIFTED), t);
      assertThat(again)
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.type()).isEqualTo(Type.REGIME_REUSED);
                assertThat(a.versionAfter()).isGreaterThanOrEqualTo(adapted);
              });
      assertThat(lane.servingVersion(DRIFTED)).isGreaterThanOrEqualTo(adapted);
    }
  }

  @Test
  void aPromotedVersionThatDoesWorseInShadowIsRolledBack() throws Exception {
    try (AdaptiveLane lane = lane(realTrainer())) {
      long baseVersion = lane.servingVersion(DRIFTED);
      long promoted = driftUntilANewVersionServes(lane);
      // the link goes flat: the base (exactly persistence) is exact, the promoted version, which
      // learned the daily swing, is not — its shadow comparison must bring the base back
      List<AdaptationAction> actions = new ArrayList<>();
      for (int k = 0; k < 40 && lane.servingVersion(DRIFTED) == promoted; k++) {
        actions.addAll(flatStep(lane));
      }
      assertThat(actions)
          .filteredOn(a -> a.type() == Type.ROLLBACK)
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.linkKey()).isEqualTo(DRIFTED);
                assertThat(a.versionBefore()).isEqualTo(promoted);
                assertThat(a.versionAfter()).isEqualTo(baseVersion);
                assertThat(a.errorAfter()).isGreaterThan(a.errorBefore());
              });
      assertThat(lane.servingVersion(DRIFTED)).isEqualTo(baseVersion);
      // the regime memory follows the rollback
      lane.markRegime(DRIFTED, "", history(DRIFTED), t);
      assertThat(lane.markRegime(DRIFTED, REGIME, history(DRIFTED), t))
          .singleElement()
          .satisfies(a -> assertThat(a.versionAfter()).isEqualTo(baseVersion));
    }
  }

  /** One step with the drifted link flat at 600 Mbps (retrains polled but not waited for). */
  private List<AdaptationAction> flatStep(AdaptiveLane lane) {
    List<AdaptationAction> actions = new ArrayList<>();
    String[] keys = {DRIFTED};
    ForecastBatch batch = new ForecastBatch(1, lane.window(), lane.stateSize(), 1);
    batch.rows = 1;
    LinkForecastState s = states.get(DRIFTED);
    actions.addAll(lane.observe(DRIFTED, t, 600f, 1000f, true));
    s.append(t, 600f, 1000f);
    s.fillRow(batch, 0, 0);
    lane.forecast(batch, keys);
    s.takeForecast(batch, 0, 0, STEP_MS);
    t += STEP_MS;
    return actions;
  }

  @Test
  void aCandidateThatDoesNotBeatTheServingVersionIsRejected() throws Exception {
    // a fitter that learns noise with a huge step: its candidate loses on the held-back samples
    ModelFitter noisy =
        (c, training, links, capacities, start) -> {
          List<io.netdrift.core.model.training.LinkSeries> noise = new ArrayList<>();
          java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
          for (io.netdrift.core.model.training.LinkSeries s : links) {
            float[] load = new float[s.size()];
            for (int k = 0; k < load.length; k++) {
              load[k] = (float) (rnd.nextDouble() * 1000);
            }
            noise.add(
                new io.netdrift.core.model.training.LinkSeries(s.linkId(), s.timestampMs(), load));
          }
          return ModelTrainer.train(
              c,
              training.withLearningRate(0.3f),
              noise,
              capacities,
              DeviceSelection.parse("cpu"),
              start);
        };
    try (AdaptiveLane lane = lane(noisy)) {
      long baseVersion = lane.servingVersion(DRIFTED);
      for (long i = 0; i < 60; i++) {
        step(lane, i, 300);
      }
      lane.markRegime(DRIFTED, REGIME, history(DRIFTED), t);
      List<AdaptationAction> actions = new ArrayList<>();
      long[] i = {60};
      await()
          .atMost(Duration.ofMinutes(2))
          .until(
              () -> {
                actions.addAll(step(lane, i[0]++, 600));
                return actions.stream().anyMatch(a -> a.type() == Type.RETRAIN_FINISHED);
              });
      assertThat(actions)
          .extracting(AdaptationAction::type)
          .contains(Type.RETRAIN_REJECTED)
          .doesNotContain(Type.MODEL_SWAPPED);
      assertThat(lane.servingVersion(DRIFTED)).isEqualTo(baseVersion);
      assertThat(lane.versions()).hasSize(1);
    }
  }

  @Test
  void aSnapshotRestoresVersionsScopesAndSamplesAndNeverReusesAVersionNumber() throws Exception {
    byte[] snapshot;
    long adapted;
    try (AdaptiveLane lane = lane(realTrainer())) {
      adapted = driftUntilANewVersionServes(lane);
      snapshot = lane.snapshot();
    }
    assertThat(AdaptiveLane.laneOf(snapshot)).isEqualTo("incremental");
    try (AdaptiveLane restored = lane(realTrainer())) {
      restored.restore(snapshot);
      assertThat(restored.servingVersion(DRIFTED)).isEqualTo(adapted);
      assertThat(restored.servingVersion(UNTOUCHED)).isLessThan(adapted);
      assertThat(restored.snapshot()).isEqualTo(snapshot);
      // the restored lane serves the version from the store, and its next one is a new number
      long[] i = {500};
      List<AdaptationAction> actions = new ArrayList<>();
      await()
          .atMost(Duration.ofMinutes(2))
          .until(
              () -> {
                actions.addAll(step(restored, i[0]++, 600));
                return actions.stream().anyMatch(a -> a.type() == Type.RETRAIN_FINISHED);
              });
      actions.stream()
          .filter(a -> a.type() == Type.MODEL_SWAPPED)
          .forEach(a -> assertThat(a.versionAfter()).isGreaterThan(adapted));
    }
    try (var versions = Files.list(store.root().resolve("incremental").resolve("subtask-0"))) {
      assertThat(versions.filter(p -> p.getFileName().toString().contains(".writing"))).isEmpty();
    }
  }

  /**
   * A lane swaps its model every few samples for as long as the job runs: only the versions in use
   * (base, serving, the predecessor in shadow, regime memory) stay loaded, every other one is
   * closed (each holds a TensorFlow session in the job).
   */
  @Test
  void onlyTheVersionsInUseStayLoadedAcrossManySwaps() throws Exception {
    java.util.concurrent.atomic.AtomicInteger open =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.function.Function<ModelDirectory, BatchForecaster> counting =
        dir -> {
          BatchForecaster f =
              new ReferenceForecaster(
                  dir.metadata().config(), dir.weights(), dir.metadata().modelVersion());
          open.incrementAndGet();
          return new BatchForecaster() {
            @Override
            public String modelId() {
              return f.modelId();
            }

            @Override
            public long modelVersion() {
              return f.modelVersion();
            }

            @Override
            public int window() {
              return f.window();
            }

            @Override
            public int stateSize() {
              return f.stateSize();
            }

            @Override
            public void forecast(ForecastBatch batch) {
              f.forecast(batch);
            }

            @Override
            public void close() {
              open.decrementAndGet();
            }
          };
        };
    try (AdaptiveLane lane = lane(realTrainer(), true, counting)) {
      for (long i = 0; i < 60; i++) {
        step(lane, i, 300);
      }
      lane.markRegime(DRIFTED, REGIME, history(DRIFTED), t);
      int swaps = 0;
      // the level keeps rising, so retrains keep finding something to learn
      for (long i = 60; i < 400 && swaps < 4; i++) {
        swaps +=
            (int)
                step(lane, i, 400 + 4 * (i - 60)).stream()
                    .filter(a -> a.type() == Type.MODEL_SWAPPED)
                    .count();
      }
      assertThat(swaps).as("swaps within 340 steps").isGreaterThanOrEqualTo(4);
      assertThat(lane.versions()).hasSizeGreaterThanOrEqualTo(5);
      assertThat(lane.loadedVersions())
          .hasSizeLessThanOrEqualTo(3)
          .contains(lane.servingVersion(DRIFTED), lane.servingVersion(UNTOUCHED));
      assertThat(open.get()).isEqualTo(lane.loadedVersions().size());
    }
    assertThat(open.get()).isZero();
  }

  @Test
  void aForgottenLinkLeavesItsScopeAndTheLaneKeepsNothingOfIt() throws Exception {
    byte[] fresh;
    try (AdaptiveLane lane = lane(realTrainer())) {
      fresh = lane.snapshot();
    }
    try (AdaptiveLane lane = lane(realTrainer())) {
      long baseVersion = lane.servingVersion(DRIFTED);
      LinkSamples history = new LinkSamples(4);
      history.append(t, 300f, 1000f);
      lane.markRegime(DRIFTED, REGIME, history, t);
      assertThat(lane.snapshot()).isNotEqualTo(fresh);

      lane.forgetLink(DRIFTED);

      assertThat(lane.snapshot()).isEqualTo(fresh);
      assertThat(lane.servingVersion(DRIFTED)).isEqualTo(baseVersion);
    }
  }

  @Test
  void aRescaleKeepsEveryLinksScopeAndVersionOnTheSubtaskThatNowOwnsIt() throws Exception {
    String other = "E-F:E>F";
    byte[] fromSubtask0;
    byte[] fromSubtask1;
    long adapted0;
    long adapted1;
    String pathOf1;
    // two subtasks of a run at parallelism 2, each adapting one link (own store numbers)
    try (AdaptiveLane lane = lane(realTrainer())) {
      adapted0 = driftUntilANewVersionServes(lane);
      fromSubtask0 = lane.snapshot();
    }
    subtask = 1;
    drifted = other;
    try (AdaptiveLane lane = lane(realTrainer())) {
      adapted1 = driftUntilANewVersionServes(lane);
      fromSubtask1 = lane.snapshot();
      pathOf1 =
          lane.versions().stream()
              .filter(v -> v.version() == adapted1)
              .findFirst()
              .orElseThrow()
              .path();
    }
    long baseVersion;
    subtask = 0;
    // scale-in to 1: the one subtask serves both links with the versions they served
    try (AdaptiveLane merged = lane(realTrainer())) {
      baseVersion = merged.servingVersion(UNTOUCHED);
      merged.restore(List.of(fromSubtask0, fromSubtask1), link -> true);
      assertThat(merged.servingVersion(DRIFTED)).isEqualTo(adapted0);
      long otherVersion = merged.servingVersion(other);
      assertThat(otherVersion).isNotEqualTo(baseVersion).isNotEqualTo(adapted0);
      assertThat(merged.versions())
          .filteredOn(v -> v.version() == otherVersion)
          .singleElement()
          .satisfies(v -> assertThat(v.path()).isEqualTo(pathOf1));
      assertThat(merged.versions()).extracting(ModelVersion::version).doesNotHaveDuplicates();
      // both serve from the store: the other subtask's model is loaded from where it was written
      drifted = other;
      step(merged, 900, 600);
      drifted = DRIFTED;
      step(merged, 901, 600);
      assertThat(merged.servingVersion(other)).isEqualTo(otherVersion);
    }
    // scale-out to 2: the owner of the drifted link keeps its scope, the other subtask does not
    try (AdaptiveLane owner = lane(realTrainer());
        AdaptiveLane notOwner = lane(realTrainer())) {
      owner.restore(List.of(fromSubtask0), DRIFTED::equals);
      notOwner.restore(List.of(fromSubtask0), link -> !link.equals(DRIFTED));
      assertThat(owner.servingVersion(DRIFTED)).isEqualTo(adapted0);
      assertThat(notOwner.servingVersion(DRIFTED)).isEqualTo(baseVersion);
      assertThat(notOwner.versions()).extracting(ModelVersion::version).contains(adapted0);
    }
  }
}
