package io.netdrift.flink.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdrift.core.adaptation.AdaptationConfig;
import io.netdrift.core.adaptation.AdaptationPolicy;
import io.netdrift.core.drift.DetectorSetting;
import io.netdrift.core.forecast.ForecasterSpec;
import io.netdrift.core.model.ModelArchitecture;
import io.netdrift.core.model.ModelConfig;
import io.netdrift.core.model.ModelKind;
import io.netdrift.core.model.ModelTestSupport;
import io.netdrift.core.model.graph.ModelDirectoryWriter;
import io.netdrift.core.network.DirectedLink;
import io.netdrift.schema.AdaptationEvent;
import io.netdrift.schema.AdaptationEventType;
import io.netdrift.schema.LinkStatus;
import io.netdrift.schema.LinkTelemetry;
import io.netdrift.schema.LoadPrediction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The forecast operator with an adaptive (incremental) lane and the hybrid, in Flink's keyed
 * two-input harness: a network signal scopes one link, a background retrain swaps its version while
 * the other link stays on the base, and a snapshot/restore keeps the swapped version serving.
 */
class AdaptiveForecastOperatorTest {
  private static final long STEP = 300_000;
  private static final long T0 = ModelTestSupport.T0;
  private static final String DRIFTED = "A-B";
  private static final String UNTOUCHED = "C-D";

  @TempDir Path tmp;

  private ForecastOperatorConfig config(Path base) {
    AdaptationPolicy incremental =
        new AdaptationPolicy(
            AdaptationPolicy.Kind.INCREMENTAL, 12, 48, 8, 400, 0.01f, 6, 32, 0.0, 6, 1.0, false);
    AdaptationPolicy liquid =
        new AdaptationPolicy(
            AdaptationPolicy.Kind.LIQUID, 12, 48, 8, 400, 0.01f, 6, 32, 0.0, 6, 1.0, false);
    return new ForecastOperatorConfig(
        List.of(
            ForecasterSpec.baseline("persistence", 2),
            ForecasterSpec.adaptive("liquid", "liquid", base.toString(), "cpu", "tf-java"),
            ForecasterSpec.adaptive(
                "incremental", "incremental", base.toString(), "cpu", "tf-java"),
            ForecasterSpec.hybrid()),
        1,
        STEP,
        1024,
        10,
        10 * STEP,
        96,
        86_400_000L,
        DetectorSetting.of("adwin"),
        24,
        "link-telemetry",
        new AdaptationConfig(liquid, incremental, tmp.resolve("store").toString()));
  }

  /** {@link #config} around an untrained MLP base model. */
  private ForecastOperatorConfig configWithAnUntrainedBase() throws Exception {
    ModelConfig model = new ModelConfig(ModelKind.MLP, 6, 1, 8, 8, 1, 0, STEP / 1000f);
    Path base = tmp.resolve("base");
    ModelDirectoryWriter.write(
        base,
        ModelTestSupport.untrainedMetadata(model),
        ModelArchitecture.initialWeights(model, 7));
    return config(base);
  }

  private static LinkTelemetry sample(String link, int step, double level) {
    double phase = link.equals(DRIFTED) ? 0 : 1.3;
    double load = level + 0.6 * level * Math.sin(2 * Math.PI * step / 24.0 + phase);
    return LinkTelemetry.newBuilder()
        .setLinkId(link)
        .setSrcNode("A")
        .setDstNode("B")
        .setTimestampMs(T0 + step * STEP)
        .setLoadMbps(load)
        .setCapacityMbps(1000)
        .setStatus(LinkStatus.UP)
        .build();
  }

  private static void step(
      KeyedTwoInputStreamOperatorTestHarness<
              String, LinkTelemetry, NetworkDriftSignal, LoadPrediction>
          h,
      int step,
      double driftedLevel)
      throws Exception {
    step(h, step, driftedLevel, DRIFTED, UNTOUCHED);
  }

  private static void step(
      KeyedTwoInputStreamOperatorTestHarness<
              String, LinkTelemetry, NetworkDriftSignal, LoadPrediction>
          h,
      int step,
      double driftedLevel,
      String drifted,
      String... untouched)
      throws Exception {
    LinkTelemetry a = sample(drifted, step, driftedLevel);
    h.processElement1(a, a.getTimestampMs());
    for (String link : untouched) {
      LinkTelemetry b = sample(link, step, 300);
      h.processElement1(b, b.getTimestampMs());
    }
    h.processBothWatermarks(new Watermark(T0 + step * STEP));
  }

  /**
   * One more step: the incremental lane serves {@code swapped} to the drifted link, 1 to the other.
   */
  private static void assertTheSwappedVersionServesTheDriftedLinkOnly(
      KeyedTwoInputStreamOperatorTestHarness<
              String, LinkTelemetry, NetworkDriftSignal, LoadPrediction>
          h,
      int step,
      long swapped)
      throws Exception {
    step(h, step, 600);
    List<LoadPrediction> incremental =
        h.extractOutputValues().stream()
            .filter(p -> p.getStrategy().equals("incremental"))
            .toList();
    assertThat(incremental)
        .filteredOn(p -> p.getLinkId().equals(DRIFTED))
        .extracting(LoadPrediction::getModelVersion)
        .containsOnly(swapped);
    assertThat(incremental)
        .filteredOn(p -> p.getLinkId().equals(UNTOUCHED))
        .extracting(LoadPrediction::getModelVersion)
        .containsOnly(1L);
  }

  /**
   * At {@code step}, a failure re-routes {@code drifted} (regime {@code link:X-Y}); then steps with
   * its level doubled until the incremental lane swaps in a retrained version (or two minutes pass:
   * the caller's assertions then fail). Returns the next step.
   */
  private static int failUntilAnIncrementalSwap(
      KeyedTwoInputStreamOperatorTestHarness<
              String, LinkTelemetry, NetworkDriftSignal, LoadPrediction>
          h,
      int step,
      String drifted,
      String untouched)
      throws Exception {
    NetworkDriftSignal signal = new NetworkDriftSignal();
    signal.linkKey = DirectedLink.key(drifted, "A", "B");
    signal.linkId = drifted;
    signal.srcNode = "A";
    signal.dstNode = "B";
    signal.eventTimeMs = T0 + step * STEP;
    signal.eventId = "e1";
    signal.eventType = "LINK_DOWN";
    signal.element = "X-Y";
    signal.regime = "link:X-Y";
    h.processElement2(signal, signal.eventTimeMs);
    int s = step;
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (events(h).stream()
            .noneMatch(
                e ->
                    e.getType() == AdaptationEventType.MODEL_SWAPPED
                        && "incremental".equals(e.getStrategy()))
        && System.nanoTime() < deadline) {
      step(h, s++, 600, drifted, untouched);
      Thread.sleep(20); // let the background retrain run
    }
    return s;
  }

  private static List<AdaptationEvent> events(
      KeyedTwoInputStreamOperatorTestHarness<
              String, LinkTelemetry, NetworkDriftSignal, LoadPrediction>
          h) {
    List<AdaptationEvent> out = new ArrayList<>();
    var side = h.getSideOutput(ForecastOperator.ADAPTATION_EVENTS);
    if (side != null) {
      side.forEach(r -> out.add(r.getValue()));
    }
    return out;
  }

  @Test
  void aScopedSwapSurvivesASnapshotAndTheUntouchedLinkStaysOnTheBase() throws Exception {
    ForecastOperatorConfig config = configWithAnUntrainedBase();
    var h = ForecastOperatorTest.unopened(config, MAX_PARALLELISM, 1, 0);
    h.open();
    int s = 0;
    for (; s < 60; s++) {
      step(h, s, 300);
    }
    s = failUntilAnIncrementalSwap(h, s, DRIFTED, UNTOUCHED);
    List<AdaptationEvent> events = events(h);
    assertThat(events)
        .filteredOn(e -> e.getType() == AdaptationEventType.MODEL_SWAPPED)
        .isNotEmpty()
        .allSatisfy(e -> assertThat(e.getLinkId()).isEqualTo(DRIFTED));
    AdaptationEvent swap =
        events.stream()
            .filter(
                e ->
                    e.getType() == AdaptationEventType.MODEL_SWAPPED
                        && "incremental".equals(e.getStrategy()))
            .reduce((first, second) -> second)
            .orElseThrow();
    assertThat(events)
        .extracting(AdaptationEvent::getType)
        .contains(AdaptationEventType.RETRAIN_STARTED, AdaptationEventType.RETRAIN_FINISHED);

    h.getOperator().prepareSnapshotPreBarrier(1);
    OperatorSubtaskState snapshot = h.snapshot(1, 1);
    h.close();

    var restored = ForecastOperatorTest.unopened(config, MAX_PARALLELISM, 1, 0);
    restored.initializeState(snapshot);
    restored.open();
    assertTheSwappedVersionServesTheDriftedLinkOnly(restored, s + 1, swap.getModelVersionAfter());
    assertThat(
            restored.extractOutputValues().stream()
                .filter(p -> p.getStrategy().equals("hybrid"))
                .count())
        .isEqualTo(2);
    restored.close();

    // rescaled to 2 (stop-with-savepoint, restore at another parallelism): both links now belong
    // to subtask 1, which must serve the swapped version to the drifted link
    for (int subtask = 0; subtask < 2; subtask++) {
      var rescaled = ForecastOperatorTest.unopened(config, MAX_PARALLELISM, 2, subtask);
      rescaled.initializeState(
          AbstractStreamOperatorTestHarness.repartitionOperatorState(
              snapshot, MAX_PARALLELISM, 1, 2, subtask));
      rescaled.open();
      if (subtask == ownerOf(DRIFTED)) {
        assertThat(ownerOf(UNTOUCHED)).isEqualTo(subtask);
        assertTheSwappedVersionServesTheDriftedLinkOnly(
            rescaled, s + 1, swap.getModelVersionAfter());
      }
      rescaled.close();
    }
  }

  /**
   * The per-lane lifecycle counters count exactly the events each lane put on the side output, by
   * type: checked for every lane and every type after a failure, its retrain and its swap.
   */
  @Test
  void theLifecycleCountersCountEachLanesEventsByType() throws Exception {
    var h = ForecastOperatorTest.unopened(configWithAnUntrainedBase(), MAX_PARALLELISM, 1, 0);
    h.open();
    ForecastMetrics metrics = ((ForecastOperator) h.getOperator()).metrics();
    for (String lane : List.of("persistence", "liquid", "incremental", "hybrid")) {
      // registered at open, at 0: a dashboard's increase() has a start
      assertThat(metrics.adaptationEvents(lane, AdaptationEventType.DRIFT_DETECTED).getCount())
          .isZero();
      assertThat(metrics.adaptationEvents(lane, AdaptationEventType.RECOVERED)).isNotNull();
    }
    assertThat(metrics.adaptationEvents("incremental", AdaptationEventType.MODEL_SWAPPED))
        .isNotNull();
    assertThat(metrics.adaptationEvents("persistence", AdaptationEventType.MODEL_SWAPPED)).isNull();
    int s = 0;
    for (; s < 60; s++) {
      step(h, s, 300);
    }
    failUntilAnIncrementalSwap(h, s, DRIFTED, UNTOUCHED);
    List<AdaptationEvent> events = events(h);
    h.close();

    Map<String, Long> emitted = new java.util.TreeMap<>();
    Map<String, Long> counted = new java.util.TreeMap<>();
    for (String lane : List.of("persistence", "liquid", "incremental", "hybrid")) {
      for (AdaptationEventType type : AdaptationEventType.values()) {
        long n =
            events.stream()
                .filter(e -> lane.equals(e.getStrategy()) && e.getType() == type)
                .count();
        var counter = metrics.adaptationEvents(lane, type);
        if (n > 0 || counter != null) {
          emitted.put(lane + "/" + type, n);
          counted.put(lane + "/" + type, counter == null ? -1 : counter.getCount());
        }
      }
    }
    assertThat(counted).isEqualTo(emitted);
    assertThat(emitted)
        .containsKey("incremental/MODEL_SWAPPED")
        .hasEntrySatisfying("incremental/MODEL_SWAPPED", n -> assertThat(n).isPositive())
        .hasEntrySatisfying("incremental/RETRAIN_STARTED", n -> assertThat(n).isPositive());
    // the network event's DRIFT_DETECTED has no lane: not counted under any
    assertThat(events)
        .anySatisfy(
            e -> {
              assertThat(e.getStrategy()).isNull();
              assertThat(e.getType()).isEqualTo(AdaptationEventType.DRIFT_DETECTED);
            });
  }

  private static final int MAX_PARALLELISM = 128;

  private static int ownerOf(String linkId) {
    return KeyGroupRangeAssignment.assignKeyToParallelOperator(
        DirectedLink.key(linkId, "A", "B"), MAX_PARALLELISM, 2);
  }

  /**
   * Scale-in 2 → 1: each subtask adapted its own link (both versions numbered 2 in their own part
   * of the store); the one subtask after the restore serves each with the model it served before.
   */
  @Test
  void aScaleInKeepsTheAdaptedVersionOfEverySubtasksLinks() throws Exception {
    ForecastOperatorConfig config = configWithAnUntrainedBase();
    // at parallelism 2: A-B and C-D belong to subtask 1, E-F and D-E to subtask 0
    String[][] linksOf = {{"E-F", "D-E"}, {DRIFTED, UNTOUCHED}};
    OperatorSubtaskState[] snapshots = new OperatorSubtaskState[2];
    int s = 0;
    int newestStep = 0;
    for (int subtask = 0; subtask < 2; subtask++) {
      String drifted = linksOf[subtask][0];
      String untouched = linksOf[subtask][1];
      assertThat(ownerOf(drifted)).isEqualTo(subtask);
      assertThat(ownerOf(untouched)).isEqualTo(subtask);
      var h = ForecastOperatorTest.unopened(config, MAX_PARALLELISM, 2, subtask);
      h.open();
      for (s = 0; s < 60; s++) {
        step(h, s, 300, drifted, untouched);
      }
      s = failUntilAnIncrementalSwap(h, s, drifted, untouched);
      assertThat(events(h))
          .filteredOn(e -> e.getType() == AdaptationEventType.MODEL_SWAPPED)
          .isNotEmpty();
      newestStep = Math.max(newestStep, s);
      h.getOperator().prepareSnapshotPreBarrier(1);
      snapshots[subtask] = h.snapshot(1, 1);
      h.close();
    }

    var merged = ForecastOperatorTest.unopened(config, MAX_PARALLELISM, 1, 0);
    merged.initializeState(
        AbstractStreamOperatorTestHarness.repartitionOperatorState(
            AbstractStreamOperatorTestHarness.repackageState(snapshots), MAX_PARALLELISM, 2, 1, 0));
    merged.open();
    step(merged, newestStep + 1, 600, "E-F", "D-E", DRIFTED, UNTOUCHED);
    Map<String, Long> versionOf = new java.util.TreeMap<>();
    merged.extractOutputValues().stream()
        .filter(p -> p.getStrategy().equals("incremental"))
        .forEach(p -> versionOf.put(p.getLinkId(), p.getModelVersion()));
    merged.close();
    assertThat(versionOf).containsEntry("D-E", 1L).containsEntry(UNTOUCHED, 1L);
    // each adapted link keeps a version of its own (one of the two renumbered: both were 2)
    assertThat(versionOf.get("E-F")).isGreaterThan(1L);
    assertThat(versionOf.get(DRIFTED)).isGreaterThan(1L).isNotEqualTo(versionOf.get("E-F"));
  }
}
