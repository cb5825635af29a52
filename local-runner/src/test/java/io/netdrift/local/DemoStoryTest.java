package io.netdrift.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdrift.core.metrics.PhaseErrors;
import io.netdrift.schema.AdaptationEvent;
import io.netdrift.schema.AdaptationEventType;
import io.netdrift.schema.NetworkEvent;
import io.netdrift.schema.NetworkEventType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The demo's console story: what is told, when, and once. */
class DemoStoryTest {
  private static final long START = 1_000_000;
  private static final long STEP = 1_000;
  private static final List<String> LANES = List.of("persistence", "liquid");

  private final DemoStory story = new DemoStory(LANES, START, STEP, 100);

  private static NetworkEvent linkDown(int step) {
    return NetworkEvent.newBuilder()
        .setEventId("e" + step)
        .setTimestampMs(START + step * STEP)
        .setType(NetworkEventType.LINK_DOWN)
        .setElement("Amsterdam-Brussels")
        .build();
  }

  private static AdaptationEvent event(
      AdaptationEventType type, String lane, int step, String link, String detector) {
    return AdaptationEvent.newBuilder()
        .setType(type)
        .setScope("link")
        .setLinkId(link)
        .setSrcNode(link.split("-")[0])
        .setDstNode(link.split("-")[1])
        .setStrategy(lane)
        .setDetector(detector)
        .setModelVersionAfter(2L)
        .setLatencyMs(1500L)
        .setEventTimeMs(START + step * STEP)
        .setProcessingTimeMs(0)
        .build();
  }

  @Test
  void aFailureIsToldWhenReadAndItsReRoutingOnceOverAllLanesOnceComplete() {
    story.onNetworkEvent(linkDown(30));
    assertThat(story.newEvents(Map.of()))
        .containsExactly(
            "step 30: LINK_DOWN Amsterdam-Brussels (read from the network-events topic)");

    // marks of three link directions by both lanes, the last one a tick later
    for (String lane : LANES) {
      story.onAdaptationEvent(
          event(AdaptationEventType.DRIFT_DETECTED, lane, 31, "A-B", "network-event"));
      story.onAdaptationEvent(
          event(AdaptationEventType.DRIFT_DETECTED, lane, 31, "B-A", "network-event"));
    }
    // a detector's own detection is not a re-route
    story.onAdaptationEvent(
        event(AdaptationEventType.DRIFT_DETECTED, "liquid", 31, "C-D", "adwin"));
    assertThat(story.newEvents(Map.of())).isEmpty();
    story.onAdaptationEvent(
        event(AdaptationEventType.DRIFT_DETECTED, "liquid", 32, "B-C", "network-event"));
    assertThat(story.newEvents(Map.of())).isEmpty();

    assertThat(story.newEvents(Map.of()))
        .containsExactly(
            "step 30: LINK_DOWN Amsterdam-Brussels; 3 link directions re-routed (the job marked"
                + " them DRIFT_DETECTED for every lane)");
    assertThat(story.newEvents(Map.of())).isEmpty();
  }

  @Test
  void aSwapIsOneLinePerLaneAndTimeAndRetrainsAreCountedOnce() {
    story.onAdaptationEvent(event(AdaptationEventType.MODEL_SWAPPED, "liquid", 40, "A-B", null));
    story.onAdaptationEvent(event(AdaptationEventType.MODEL_SWAPPED, "liquid", 40, "B-A", null));
    story.onAdaptationEvent(event(AdaptationEventType.RETRAIN_FINISHED, "liquid", 40, "A-B", null));
    story.onAdaptationEvent(event(AdaptationEventType.RETRAIN_FINISHED, "liquid", 40, "B-A", null));

    assertThat(story.rest(Map.of()))
        .containsExactly(
            "step 40: liquid swapped in model v2 on 2 link directions (retrain 1.5 s)");
    assertThat(story.progressLine(50, 0, 0, 4, 0, 1, Map.of())).endsWith("| retrains 1");
  }

  @Test
  void aLaneIsToldRecoveredOnceWhenItsRollingErrorIsBackNearItsPreFailureLevel() {
    PhaseErrors liquid = new PhaseErrors(START + 30 * STEP, START + 60 * STEP, STEP);
    story.onNetworkEvent(linkDown(30));
    story.newEvents(Map.of());
    // error 1 before the failure, 10 for five steps after it, then 1 again
    for (int step = 0; step < 46; step++) {
      double error = step >= 30 && step < 35 ? 10 : 1;
      liquid.add(START + step * STEP, 100 + error, 100, Double.NaN);
    }
    List<String> lines = story.newEvents(Map.of("liquid", liquid));

    // as PhaseErrorsTest computes for this series: recovered 12 steps after the failure
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0)).startsWith("step 42: liquid recovered in 12 steps");
    assertThat(story.newEvents(Map.of("liquid", liquid))).isEmpty();
  }

  @Test
  void theProgressLineHasRatesAndEveryLanesRollingErrorInJobOrder() {
    PhaseErrors persistence = new PhaseErrors(Long.MAX_VALUE, Long.MAX_VALUE, STEP);
    PhaseErrors liquid = new PhaseErrors(Long.MAX_VALUE, Long.MAX_VALUE, STEP);
    for (int step = 0; step < 10; step++) {
      persistence.add(START + step * STEP, 103, 100, Double.NaN);
      liquid.add(START + step * STEP, 102, 100, Double.NaN);
    }
    story.progressLine(10, 820, 0, 0, 0, 1, Map.of());

    String line =
        story.progressLine(
            20, 1640, 1640, 5, 1, 2, Map.of("liquid", liquid, "persistence", persistence));

    assertThat(line)
        .isEqualTo(
            "step 20/100 | 5.0 steps/s | in 410 telemetry/s | out 820 predictions/s, 5 adaptation"
                + " events, 1 dead letters | rolling RMSE Mbps (8 steps): persistence 3 liquid 2");
  }
}
