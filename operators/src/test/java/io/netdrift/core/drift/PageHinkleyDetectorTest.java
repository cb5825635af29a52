package io.netdrift.core.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netdrift.core.drift.PageHinkleyDetector.Direction;
import java.util.List;
import org.junit.jupiter.api.Test;

class PageHinkleyDetectorTest {

  private static PageHinkleyDetector withDirection(Direction direction) {
    return new PageHinkleyDetector(0.005, 50, 0.9999, 30, direction, 0.5);
  }

  @Test
  void findsThreeSigmaIncreaseWithinTheDocumentedWindow() {
    for (long seed = 0; seed < 20; seed++) {
      double[] stream = TestStreams.meanShift(seed, 2000, 1000, 3);
      List<Integer> fired = TestStreams.detections(new PageHinkleyDetector(), stream);
      List<Integer> afterChange = fired.stream().filter(i -> i >= 1000).toList();
      assertThat(afterChange).as("seed %d", seed).isNotEmpty();
      // lambda = 50 and a deviation of about 3 per sample: ~17 samples, 60 at most here.
      assertThat(afterChange.get(0)).as("seed %d", seed).isBetween(1000, 1060);
    }
  }

  @Test
  void watchesOnlyTheConfiguredDirection() {
    double[] down = TestStreams.meanShift(4, 2000, 1000, -5);
    assertThat(firstAfter(TestStreams.detections(withDirection(Direction.DOWN), down), 1000))
        .isBetween(1000, 1040);
    assertThat(firstAfter(TestStreams.detections(withDirection(Direction.BOTH), down), 1000))
        .isBetween(1000, 1040);
    assertThat(TestStreams.detections(withDirection(Direction.UP), down).stream())
        .noneMatch(i -> i >= 1000 && i < 1040);
  }

  @Test
  void warnsBeforeItDetects() {
    PageHinkleyDetector ph = new PageHinkleyDetector();
    double[] stream = TestStreams.meanShift(2, 2000, 1000, 3);
    int firstWarning = -1;
    int firstDrift = -1;
    for (int i = 1000 - 200; i < stream.length && firstDrift < 0; i++) {
      ph.update(stream[i]);
      if (ph.warningDetected() && firstWarning < 0 && i >= 1000) {
        firstWarning = i;
      }
      if (ph.driftDetected() && i >= 1000) {
        firstDrift = i;
        assertThat(ph.warningDetected()).isFalse();
        assertThat(ph.statistic()).isGreaterThan(50);
      }
    }
    assertThat(firstWarning).isBetween(1000, firstDrift - 1);
  }

  @Test
  void restartsItsStatisticsAfterADrift() {
    PageHinkleyDetector ph = new PageHinkleyDetector();
    double[] stream = TestStreams.meanShift(1, 1200, 100, 10);
    int i = 0;
    while (!ph.update(stream[i]).driftDetected()) {
      i++;
    }
    // The next update starts afresh: no detection possible before minInstances new values.
    for (int k = 1; k < 30; k++) {
      assertThat(ph.update(stream[i + k]).driftDetected()).isFalse();
      assertThat(ph.warningDetected()).isFalse();
    }
    assertThat(ph.statistic()).isLessThan(50);
  }

  @Test
  void fewFalseAlarmsOnAStableStream() {
    // River's defaults (delta = 0.005, lambda = 50) on N(0, 1): about 6 per 10,000 (README).
    List<Integer> fired =
        TestStreams.detections(new PageHinkleyDetector(), TestStreams.stable(3, 50_000));
    assertThat(fired).hasSizeLessThanOrEqualTo(50);
    // A threshold scaled to the noise makes them rare.
    PageHinkleyDetector strict = new PageHinkleyDetector(0.5, 50, 0.9999, 30, Direction.BOTH, 0.5);
    assertThat(TestStreams.detections(strict, TestStreams.stable(3, 50_000)))
        .hasSizeLessThanOrEqualTo(1);
  }

  @Test
  void rejectsBadParametersNamingThem() {
    assertThatThrownBy(() -> new PageHinkleyDetector(-1, 50, 0.9999, 30, Direction.BOTH, 0.5))
        .hasMessageContaining("delta");
    assertThatThrownBy(() -> new PageHinkleyDetector(0.005, 0, 0.9999, 30, Direction.BOTH, 0.5))
        .hasMessageContaining("lambda");
    assertThatThrownBy(() -> new PageHinkleyDetector(0.005, 50, 1.5, 30, Direction.BOTH, 0.5))
        .hasMessageContaining("alpha");
    assertThatThrownBy(() -> new PageHinkleyDetector(0.005, 50, 0.9999, 0, Direction.BOTH, 0.5))
        .hasMessageContaining("minInstances");
    assertThatThrownBy(() -> new PageHinkleyDetector(0.005, 50, 0.9999, 30, Direction.BOTH, 0))
        .hasMessageContaining("warningFraction");
    assertThatThrownBy(() -> Direction.parse("sideways")).hasMessageContaining("direction");
  }

  private static int firstAfter(List<Integer> fired, int index) {
    return fired.stream().filter(i -> i >= index).findFirst().orElse(-1);
  }
}
