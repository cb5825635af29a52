package io.netdrift.flink.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.netdrift.core.drift.DetectorSetting;
import io.netdrift.core.forecast.ForecasterSpec;
import io.netdrift.schema.LinkStatus;
import io.netdrift.schema.LinkTelemetry;
import io.netdrift.schema.LoadPrediction;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * Per-link state stays bounded: a link direction that goes silent loses its keyed state and timers
 * once the watermark (moved on by the other links) is its TTL past its newest sample or signal,
 * while the links that keep reporting keep theirs; if it comes back, it starts afresh.
 */
class SilentLinkStateTest {
  private static final long STEP = 60_000;
  private static final long T0 = 1_767_225_600_000L;
  private static final int TTL_STEPS = 30;
  private static final String L1 = "L1:A>B";
  private static final String L2 = "L2:A>B";
  private static final String L3 = "L3:A>B";

  private static ForecastOperatorConfig config(long ttlMs, long maxLatenessMs) {
    return new ForecastOperatorConfig(
        List.of(
            ForecasterSpec.baseline("persistence", 2),
            ForecasterSpec.baseline("seasonal-naive", 2)),
        1,
        STEP,
        1024,
        10,
        maxLatenessMs,
        96,
        ttlMs,
        DetectorSetting.of("adwin"),
        24,
        "link-telemetry");
  }

  private static LinkTelemetry sample(String link, int step) {
    return LinkTelemetry.newBuilder()
        .setLinkId(link)
        .setSrcNode("A")
        .setDstNode("B")
        .setTimestampMs(T0 + step * STEP)
        .setLoadMbps(load(link, step))
        .setCapacityMbps(1000)
        .setStatus(LinkStatus.UP)
        .build();
  }

  private static double load(String link, int step) {
    return 100 + 10 * link.charAt(1) + step;
  }

  /** One step: a sample of each link, then the watermark at the step's time. */
  private static void step(
      KeyedTwoInputStreamOperatorTestHarness<
              String, LinkTelemetry, NetworkDriftSignal, LoadPrediction>
          h,
      int step,
      String... links)
      throws Exception {
    for (String link : links) {
      LinkTelemetry t = sample(link.substring(0, 2), step);
      h.processElement1(t, t.getTimestampMs());
    }
    h.processBothWatermarks(new Watermark(T0 + step * STEP));
  }

  /** The links that have an entry in the operator's keyed state {@code stateName}. */
  private static Set<Object> linksWith(
      KeyedTwoInputStreamOperatorTestHarness<
              String, LinkTelemetry, NetworkDriftSignal, LoadPrediction>
          h,
      String stateName) {
    AbstractStreamOperator<?> operator = (AbstractStreamOperator<?>) h.getOperator();
    try (Stream<Object> keys =
        operator.<Object>getKeyedStateBackend().getKeys(stateName, VoidNamespace.INSTANCE)) {
      return keys.collect(Collectors.toSet());
    }
  }

  @Test
  void aSilentLinkLosesItsStateAndTimersAfterItsTtlWhileActiveLinksKeepTheirs() throws Exception {
    var h = ForecastOperatorTest.unopened(config(TTL_STEPS * STEP, 10 * STEP));
    h.open();
    for (int s = 0; s <= 9; s++) {
      step(h, s, L1, L2, L3);
    }
    // L3's last sample is at step 9; a network signal for it at step 12 waits for the watermark and
    // then marks it: its newest activity is step 12, so its state expires at step 12 + TTL
    NetworkDriftSignal signal = ForecastOperatorTest.linkDown("L3", 12);
    h.processElement2(signal, signal.eventTimeMs);
    int expiresAt = 12 + TTL_STEPS;
    for (int s = 10; s < expiresAt; s++) {
      step(h, s, L1, L2);
    }
    assertThat(linksWith(h, ForecastOperator.LINK_STATE)).containsExactlyInAnyOrder(L1, L2, L3);
    assertThat(linksWith(h, ForecastOperator.PENDING_SIGNALS_STATE)).isEmpty();
    // one silence timer per link; every sample and signal was released by the watermark
    assertThat(h.numEventTimeTimers()).isEqualTo(3);
    assertThat(h.numKeyedStateEntries()).isEqualTo(3);
    long l3Predictions = predictionsOf(h, "L3").size();

    step(h, expiresAt, L1, L2);

    assertThat(linksWith(h, ForecastOperator.LINK_STATE)).containsExactlyInAnyOrder(L1, L2);
    assertThat(linksWith(h, ForecastOperator.WAITING_STATE)).doesNotContain(L3);
    assertThat(linksWith(h, ForecastOperator.PENDING_SIGNALS_STATE)).doesNotContain(L3);
    assertThat(h.numKeyedStateEntries()).isEqualTo(2);
    assertThat(h.numEventTimeTimers()).isEqualTo(2);
    assertThat(h.numProcessingTimeTimers()).isZero();
    assertThat(predictionsOf(h, "L3")).hasSize((int) l3Predictions);

    // a long run of the active links keeps exactly their state: nothing accumulates
    for (int s = expiresAt + 1; s < expiresAt + 3 * TTL_STEPS; s++) {
      step(h, s, L1, L2);
    }
    assertThat(h.numKeyedStateEntries()).isEqualTo(2);
    assertThat(h.numEventTimeTimers()).isEqualTo(2);

    // L3 comes back: a new link, no error, no dead letter; seasonal naive (m = 2) is in its warm-up
    // and serves persistence, which it would not with the state from before the silence
    int back = expiresAt + 3 * TTL_STEPS;
    step(h, back, L1, L2, L3);
    assertThat(predictionsOf(h, "L3").subList((int) l3Predictions, predictionsOf(h, "L3").size()))
        .hasSize(2)
        .allSatisfy(
            p -> {
              assertThat(p.getEventTimeMs()).isEqualTo(T0 + back * STEP);
              assertThat(p.getValueMbps()).isEqualTo(load("L3", back));
            });
    assertThat(h.getSideOutput(ForecastOperator.DEAD_LETTERS)).isNull();
    assertThat(linksWith(h, ForecastOperator.LINK_STATE)).containsExactlyInAnyOrder(L1, L2, L3);
    assertThat(h.numEventTimeTimers()).isEqualTo(3);
    h.close();
  }

  @Test
  void aLinkWithSamplesStillWaitingForTheWatermarkIsNotSilent() throws Exception {
    var h = ForecastOperatorTest.unopened(config(TTL_STEPS * STEP, 10 * STEP));
    h.open();
    step(h, 0, L1, L3);
    // L3 sends a sample far ahead of the watermark (within what the source lets through): it waits
    LinkTelemetry ahead = sample("L3", 2 * TTL_STEPS);
    h.processElement1(ahead, ahead.getTimestampMs());
    for (int s = 1; s <= 2 * TTL_STEPS; s++) {
      step(h, s, L1);
      assertThat(linksWith(h, ForecastOperator.LINK_STATE)).contains(L3);
    }
    // the waiting sample was served on the state L3 had, not dropped with it
    assertThat(predictionsOf(h, "L3"))
        .extracting(LoadPrediction::getEventTimeMs)
        .containsExactly(T0, T0, T0 + 2 * TTL_STEPS * STEP, T0 + 2 * TTL_STEPS * STEP);
    assertThat(h.getSideOutput(ForecastOperator.DEAD_LETTERS)).isNull();
    h.close();
  }

  @Test
  void theFinalWatermarkServesWhatWaitsAndEnds() throws Exception {
    var h = ForecastOperatorTest.unopened(config(TTL_STEPS * STEP, 10 * STEP));
    h.open();
    step(h, 0, L1, L3);
    LinkTelemetry ahead = sample("L3", 5);
    h.processElement1(ahead, ahead.getTimestampMs());
    // the drain's final watermark: L3's silence timer fires while its sample still waits; it used
    // to re-arm itself at Long.MAX_VALUE and fire again forever (stop-with-savepoint hung). The
    // timeout only guards the build against that hang.
    assertTimeoutPreemptively(
        Duration.ofSeconds(60), () -> h.processBothWatermarks(new Watermark(Long.MAX_VALUE)));
    assertThat(predictionsOf(h, "L3"))
        .extracting(LoadPrediction::getEventTimeMs)
        .containsExactly(T0, T0, T0 + 5 * STEP, T0 + 5 * STEP);
    h.close();
  }

  @Test
  void theTtlMustExceedTheAllowedLateness() {
    assertThatThrownBy(() -> config(10 * STEP, 10 * STEP))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("linkStateTtlMs must exceed maxLatenessMs");
  }

  private static List<LoadPrediction> predictionsOf(
      KeyedTwoInputStreamOperatorTestHarness<
              String, LinkTelemetry, NetworkDriftSignal, LoadPrediction>
          h,
      String linkId) {
    return h.extractOutputValues().stream().filter(p -> p.getLinkId().equals(linkId)).toList();
  }
}
