package io.netdrift.flink.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdrift.core.drift.DetectorSetting;
import io.netdrift.core.forecast.ForecasterSpec;
import io.netdrift.core.network.DirectedLink;
import io.netdrift.schema.AdaptationEvent;
import io.netdrift.schema.AdaptationEventType;
import io.netdrift.schema.LinkStatus;
import io.netdrift.schema.LinkTelemetry;
import io.netdrift.schema.LoadPrediction;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The micro-batching forecast operator in Flink's keyed two-input test harness. */
class ForecastOperatorTest {
  private static final long STEP = 60_000;
  private static final long T0 = 1_767_225_600_000L;

  private static ForecastOperatorConfig config(int maxBatchRows, List<ForecasterSpec> lanes) {
    return new ForecastOperatorConfig(
        lanes,
        1,
        STEP,
        maxBatchRows,
        10,
        10 * STEP,
        96,
        86_400_000L,
        DetectorSetting.of("adwin"),
        24,
        "link-telemetry");
  }

  private static ForecastOperatorConfig baselines() {
    return config(
        1024,
        List.of(
            ForecasterSpec.baseline("persistence", 2),
            ForecasterSpec.baseline("seasonal-naive", 2)));
  }

  private static KeyedTwoInputStreamOperatorTestHarness<
          String, LinkTelemetry, NetworkDriftSignal, LoadPrediction>
      harness(ForecastOperatorConfig config) throws Exception {
    var harness = unopened(config);
    harness.open();
    return harness;
  }

  /** The operator in a keyed harness, both inputs keyed by link, before {@code open()}. */
  static KeyedTwoInputStreamOperatorTestHarness<
          String, LinkTelemetry, NetworkDriftSignal, LoadPrediction>
      unopened(ForecastOperatorConfig config) throws Exception {
    return new KeyedTwoInputStreamOperatorTestHarness<>(
        new ForecastOperator(config),
        (LinkTelemetry t) -> DirectedLink.key(t.getLinkId(), t.getSrcNode(), t.getDstNode()),
        (NetworkDriftSignal s) -> s.linkKey,
        Types.STRING);
  }

  /** The same as subtask {@code subtask} of {@code parallelism} (for rescaling tests). */
  static KeyedTwoInputStreamOperatorTestHarness<
          String, LinkTelemetry, NetworkDriftSignal, LoadPrediction>
      unopened(ForecastOperatorConfig config, int maxParallelism, int parallelism, int subtask)
          throws Exception {
    return new KeyedTwoInputStreamOperatorTestHarness<>(
        new ForecastOperator(config),
        (LinkTelemetry t) -> DirectedLink.key(t.getLinkId(), t.getSrcNode(), t.getDstNode()),
        (NetworkDriftSignal s) -> s.linkKey,
        Types.STRING,
        maxParallelism,
        parallelism,
        subtask);
  }

  private static LinkTelemetry sample(String link, int step, double load) {
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

  private static void send(
      KeyedTwoInputStreamOperatorTestHarness<
              String, LinkTelemetry, NetworkDriftSignal, LoadPrediction>
          h,
      LinkTelemetry t)
      throws Exception {
    h.processElement1(t, t.getTimestampMs());
  }

  private static List<LoadPrediction> predictions(
      KeyedTwoInputStreamOperatorTestHarness<
              String, LinkTelemetry, NetworkDriftSignal, LoadPrediction>
          h,
      String strategy) {
    return h.extractOutputValues().stream().filter(p -> p.getStrategy().equals(strategy)).toList();
  }

  @Test
  void samplesWaitForTheWatermarkThenAreForecastInEventTimeOrder() throws Exception {
    var h = harness(baselines());
    send(h, sample("L1", 2, 30));
    send(h, sample("L1", 0, 10));
    send(h, sample("L1", 1, 20));
    assertThat(h.extractOutputValues()).isEmpty();
    assertThat(h.numEventTimeTimers()).isEqualTo(3); // one per waiting sample; no state yet

    h.processBothWatermarks(new Watermark(T0 + 2 * STEP));

    List<LoadPrediction> persistence = predictions(h, "persistence");
    assertThat(persistence)
        .extracting(LoadPrediction::getEventTimeMs)
        .containsExactly(T0, T0 + STEP, T0 + 2 * STEP);
    assertThat(persistence)
        .extracting(LoadPrediction::getValueMbps)
        .containsExactly(10.0, 20.0, 30.0);
    assertThat(persistence)
        .allSatisfy(p -> assertThat(p.getTargetTimeMs()).isEqualTo(p.getEventTimeMs() + STEP));
    // seasonal naive with m = 2 forecasts y(t+1) = y(t-1): it needed the previous wave's state
    assertThat(predictions(h, "seasonal-naive"))
        .extracting(LoadPrediction::getValueMbps)
        .containsExactly(10.0, 10.0, 20.0);
    assertThat(h.numEventTimeTimers()).isEqualTo(1); // the link's silence timer (state TTL)
    // predictions precede the watermark that released them
    List<Object> output = new ArrayList<>(h.getOutput());
    assertThat(output.get(output.size() - 1)).isInstanceOf(Watermark.class);
    h.close();
  }

  @Test
  void outputWaitingLongerThanTheStallTimeoutForACompletedCheckpointIsReportedStalled()
      throws Exception {
    ForecastOperatorConfig base = baselines();
    ForecastOperatorConfig config =
        new ForecastOperatorConfig(
            base.lanes(),
            base.horizonSteps(),
            base.stepMs(),
            base.maxBatchRows(),
            base.flushIntervalMs(),
            base.maxLatenessMs(),
            base.errorWindow(),
            base.linkStateTtlMs(),
            base.driftDetector(),
            base.confirmationHorizonSteps(),
            base.telemetryTopic(),
            base.adaptation(),
            new ForecastOperatorConfig.Reliability(10_000, ""));
    var h = harness(config);
    ForecastOperator operator = (ForecastOperator) h.getOperator();
    h.setProcessingTime(0);
    send(h, sample("L1", 0, 10));
    h.setProcessingTime(9_000);
    assertThat(operator.outputStalled()).isFalse();
    h.setProcessingTime(12_600); // no checkpoint has completed: the check timer finds it stalled
    assertThat(operator.outputStalled()).isTrue();

    h.snapshot(1, 12_700);
    h.notifyOfCompletedCheckpoint(1);
    assertThat(operator.outputStalled()).isFalse();
    h.setProcessingTime(30_000); // nothing waits any more: no new stall
    assertThat(operator.outputStalled()).isFalse();
    send(h, sample("L1", 1, 20));
    h.setProcessingTime(45_000);
    assertThat(operator.outputStalled()).isTrue();
    h.close();
  }

  @Test
  void duplicatesAndLateSamplesBecomeDeadLetters() throws Exception {
    var h = harness(baselines());
    send(h, sample("L1", 0, 10));
    send(h, sample("L1", 0, 11)); // same link, same time, still waiting
    h.processBothWatermarks(new Watermark(T0 + 30 * STEP));
    send(h, sample("L1", 0, 12)); // the same time again, long processed
    send(h, sample("L1", 0, 13)); // and once more
    send(h, sample("L2", 5, 12)); // a new link, but 25 steps behind the watermark (lateness 10)
    send(h, sample("L2", 25, 12)); // behind the watermark yet within lateness: forecast at once
    h.setProcessingTime(1_000); // the flush timer of the buffer
    assertThat(h.getSideOutput(ForecastOperator.DEAD_LETTERS))
        .extracting(r -> r.getValue().getReasonCode())
        .containsExactly("DUPLICATE", "DUPLICATE", "DUPLICATE", "TOO_LATE");
    // the link's state counts its rejected samples once it has a state (L1 after its first was
    // served; not while it waited, nor the new link L2), and the reason says how many
    assertThat(h.getSideOutput(ForecastOperator.DEAD_LETTERS))
        .extracting(
            r -> {
              String reason = r.getValue().getReason();
              int at = reason.indexOf(" (rejected samples of this link so far: ");
              return at < 0 ? "not counted" : reason.substring(at + 2, reason.length() - 1);
            })
        .containsExactly(
            "not counted",
            "rejected samples of this link so far: 1",
            "rejected samples of this link so far: 2",
            "not counted");
    assertThat(h.getSideOutput(ForecastOperator.DEAD_LETTERS))
        .allSatisfy(r -> assertThat(r.getValue().getRawValue()).isNotNull());
    assertThat(predictions(h, "persistence"))
        .extracting(LoadPrediction::getLinkId)
        .containsExactly("L1", "L2");
    h.close();
  }

  @Test
  void aFullBufferFlushesWithoutWaitingForTimers() throws Exception {
    var h = harness(config(4, List.of(ForecasterSpec.baseline("persistence", 2))));
    h.processBothWatermarks(new Watermark(T0 + 10 * STEP));
    for (int link = 0; link < 3; link++) {
      send(h, sample("L" + link, 1, link));
    }
    assertThat(h.extractOutputValues()).isEmpty(); // 3 < 4 rows: waiting for the flush timer
    send(h, sample("L3", 1, 3));
    assertThat(h.extractOutputValues()).hasSize(4);
    h.close();
  }

  private static NetworkDriftSignal linkDown(int step) {
    return linkDown("L1", step);
  }

  /** A failure of link L9 re-routing onto {@code linkId}'s direction A>B at {@code step}. */
  static NetworkDriftSignal linkDown(String linkId, int step) {
    NetworkDriftSignal signal = new NetworkDriftSignal();
    signal.linkKey = linkId + ":A>B";
    signal.linkId = linkId;
    signal.srcNode = "A";
    signal.dstNode = "B";
    signal.eventTimeMs = T0 + step * STEP;
    signal.eventId = "e1";
    signal.eventType = "LINK_DOWN";
    signal.element = "L9";
    signal.loadBeforeMbps = 100;
    signal.loadAfterMbps = 250;
    return signal;
  }

  private static List<AdaptationEvent> adaptationEvents(
      KeyedTwoInputStreamOperatorTestHarness<
              String, LinkTelemetry, NetworkDriftSignal, LoadPrediction>
          h) {
    var events = h.getSideOutput(ForecastOperator.ADAPTATION_EVENTS);
    return events == null ? List.of() : events.stream().map(StreamRecord::getValue).toList();
  }

  @Test
  void networkSignalEmitsADriftEventForTheLink() throws Exception {
    var h = harness(baselines());
    send(h, sample("L1", 3, 100));
    NetworkDriftSignal signal = linkDown(3);
    h.processElement2(signal, signal.eventTimeMs);
    h.processBothWatermarks(new Watermark(T0 + 3 * STEP));
    assertThat(adaptationEvents(h))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getType()).isEqualTo(AdaptationEventType.DRIFT_DETECTED);
              assertThat(e.getDetector()).isEqualTo("network-event");
              assertThat(e.getLinkId()).isEqualTo("L1");
              assertThat(e.getDetail()).contains("LINK_DOWN L9").contains("100.0 -> 250.0");
            });
    h.close();
  }

  /**
   * A signal waits for the watermark as samples do, however far the link's telemetry was read ahead
   * of it (a replay): the samples before its time are served in the old regime, then it applies,
   * then the samples at and after its time; also across a restore.
   */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aSignalAppliesWhenTheWatermarkPassesItsTime(boolean restoreWhileWaiting) throws Exception {
    var h = harness(baselines());
    for (int step = 0; step < 6; step++) {
      send(h, sample("L1", step, 100)); // read ahead: they wait for the watermark
    }
    NetworkDriftSignal signal = linkDown(3);
    h.processElement2(signal, signal.eventTimeMs);
    h.processBothWatermarks(new Watermark(T0 + 2 * STEP));
    assertThat(adaptationEvents(h)).isEmpty();
    if (restoreWhileWaiting) {
      h.getOperator().prepareSnapshotPreBarrier(1);
      OperatorSubtaskState snapshot = h.snapshot(1, 1);
      h.close();
      h = unopened(baselines());
      h.initializeState(snapshot);
      h.open();
    }
    h.processBothWatermarks(new Watermark(T0 + 3 * STEP));
    assertThat(adaptationEvents(h))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getType()).isEqualTo(AdaptationEventType.DRIFT_DETECTED);
              assertThat(e.getEventTimeMs()).isEqualTo(T0 + 3 * STEP);
            });
    h.processBothWatermarks(new Watermark(T0 + 5 * STEP));
    assertThat(adaptationEvents(h)).hasSize(1);
    h.close();
  }

  /** When the telemetry input ends first, its waiting samples still meet the pending signal. */
  @Test
  void aPendingSignalAppliesWhenTheTelemetryInputEnds() throws Exception {
    var h = harness(baselines());
    for (int step = 0; step < 6; step++) {
      send(h, sample("L1", step, 100));
    }
    NetworkDriftSignal signal = linkDown(3);
    h.processElement2(signal, signal.eventTimeMs);
    h.endInput1();
    assertThat(adaptationEvents(h)).singleElement();
    assertThat(predictions(h, "persistence")).hasSize(6);
    h.close();
  }

  /** The samples before the signal's time are served before it applies, those after it after. */
  @Test
  void theSamplesBeforeASignalAreServedBeforeItApplies() throws Exception {
    var h = harness(baselines());
    for (int step = 0; step < 6; step++) {
      send(h, sample("L1", step, 100));
    }
    NetworkDriftSignal signal = linkDown(3);
    h.processElement2(signal, signal.eventTimeMs);
    h.processBothWatermarks(new Watermark(T0 + 2 * STEP));
    int servedBefore = predictions(h, "persistence").size();
    h.processBothWatermarks(new Watermark(T0 + 3 * STEP));
    assertThat(servedBefore).isEqualTo(3); // steps 0-2, in the old regime
    assertThat(adaptationEvents(h)).singleElement();
    assertThat(predictions(h, "persistence")).hasSize(4); // step 3, after the signal
    h.close();
  }

  @Test
  void snapshotAndRestoreMidStreamGivesTheSameOutputAsAnUninterruptedRun() throws Exception {
    List<LoadPrediction> uninterrupted = run(false);
    List<LoadPrediction> restored = run(true);
    assertThat(restored).isEqualTo(uninterrupted);
    assertThat(uninterrupted).hasSize(2 * 3 * 8);
  }

  /** Three links, eight steps; optionally snapshot after step 4 with samples still buffered. */
  private List<LoadPrediction> run(boolean restoreHalfway) throws Exception {
    var h = harness(baselines());
    List<LoadPrediction> out = new ArrayList<>();
    for (int step = 0; step < 8; step++) {
      for (int link = 0; link < 3; link++) {
        send(h, sample("L" + link, step, 100 * link + step * step));
      }
      h.processBothWatermarks(new Watermark(T0 + step * STEP - 1)); // the step itself still waits
      if (restoreHalfway && step == 4) {
        // the harness does not call prepareSnapshotPreBarrier on snapshot(): the task would
        h.getOperator().prepareSnapshotPreBarrier(1);
        OperatorSubtaskState snapshot = h.snapshot(1, 1);
        out.addAll(h.extractOutputValues());
        h.close();
        h = unopened(baselines());
        h.initializeState(snapshot);
        h.open();
      }
    }
    h.endAllInputs();
    out.addAll(h.extractOutputValues());
    h.close();
    return out;
  }

  @Test
  void aTrainedCfcLaneCarriesEachLinksRecurrentStateAcrossBatches(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    io.netdrift.core.model.ModelConfig model =
        new io.netdrift.core.model.ModelConfig(
            io.netdrift.core.model.ModelKind.CFC, 4, 1, 5, 6, 6, 0, STEP / 1000f);
    io.netdrift.core.model.ModelWeights weights =
        io.netdrift.core.model.ModelArchitecture.initialWeights(model, 7);
    java.util.Arrays.fill(weights.values("head_w"), 0.3f); // the forecast depends on the state
    java.time.Instant t = java.time.Instant.ofEpochMilli(T0);
    io.netdrift.core.model.ForecastMetrics none =
        new io.netdrift.core.model.ForecastMetrics(Double.NaN, Double.NaN, 0);
    io.netdrift.core.model.graph.ModelDirectoryWriter.write(
        dir.resolve("cfc"),
        new io.netdrift.core.model.ModelMetadata(
            io.netdrift.core.model.ModelMetadata.FORMAT_VERSION,
            1,
            model,
            "none",
            t,
            t,
            t,
            t,
            java.util.Map.of("L0:A>B", 1000f),
            0,
            0,
            none,
            none),
        weights);
    var h =
        harness(
            config(
                1024,
                List.of(
                    ForecasterSpec.baseline("persistence", 2),
                    ForecasterSpec.trained(
                        "static", dir.resolve("cfc").toString(), "cpu", "djl"))));
    // L0 and L1 see the same load at steps 0 and 2 but different loads at step 1; a CfC serves one
    // sample per call (its window is 1), so at step 2 only the carried state tells them apart.
    // Each step is its own batch (a watermark flushes it): the state must cross batches.
    double[][] loads = {{200, 100, 300}, {200, 600, 300}, {100, 150, 120}, {400, 380, 390}};
    for (int step = 0; step < 3; step++) {
      for (int link = 0; link < loads.length; link++) {
        send(h, sample("L" + link, step, loads[link][step]));
      }
      h.processBothWatermarks(new Watermark(T0 + step * STEP));
    }

    List<LoadPrediction> cfc = predictions(h, "static");
    assertThat(cfc).hasSize(12);
    assertThat(cfc)
        .allSatisfy(
            p -> {
              assertThat(p.getModelId()).isEqualTo("cfc");
              assertThat(p.getValueMbps()).isFinite();
            });
    // control: the same sample from the same (initial) state gives the same forecast on both links
    assertThat(forecastAt(cfc, "L1", 0)).isEqualTo(forecastAt(cfc, "L0", 0));
    // the same sample after different histories: different forecasts, through the state alone
    assertThat(forecastAt(cfc, "L1", 2))
        .isNotCloseTo(forecastAt(cfc, "L0", 2), org.assertj.core.api.Assertions.within(0.01));
    h.close();
  }

  private static double forecastAt(List<LoadPrediction> predictions, String link, int step) {
    return predictions.stream()
        .filter(p -> p.getLinkId().equals(link) && p.getEventTimeMs() == T0 + step * STEP)
        .mapToDouble(LoadPrediction::getValueMbps)
        .reduce(
            (a, b) -> {
              throw new AssertionError("two forecasts for " + link + " at step " + step);
            })
        .orElseThrow(() -> new AssertionError("no forecast for " + link + " at step " + step));
  }
}
