package io.netdrift.core.drift.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class DetectionScoreTest {

  // 1000 samples, change points at 200 and 600, tolerance 100: windows [200,300) and [600,700).
  private static final LabeledStream STREAM =
      new LabeledStream("s", new double[1000], new int[] {200, 600}, 100);

  @Test
  void scoresDelaysFalseAlarmsRepeatsAndMisses() {
    DetectionScore s = DetectionScore.score(STREAM, new int[] {50, 230, 240, 350, 700});
    assertThat(s.changePoints()).isEqualTo(2);
    assertThat(s.detected()).isEqualTo(1);
    assertThat(s.missed()).isEqualTo(1); // 700 is just outside [600, 700)
    assertThat(s.meanDelay()).isEqualTo(30);
    assertThat(s.maxDelay()).isEqualTo(30);
    assertThat(s.repeats()).isEqualTo(1);
    assertThat(s.falseAlarms()).isEqualTo(3);
    assertThat(s.stableSamples()).isEqualTo(800);
    assertThat(s.falseAlarmsPer10k()).isEqualTo(37.5);
    assertThat(s.meanTimeBetweenFalseAlarms()).isCloseTo(800 / 3.0, Offset.offset(1e-9));
    assertThat(s.precision()).isEqualTo(0.25);
    assertThat(s.recall()).isEqualTo(0.5);
    assertThat(s.f1()).isCloseTo(1 / 3.0, Offset.offset(1e-9));
  }

  @Test
  void windowsStopAtTheNextChangePoint() {
    LabeledStream close = new LabeledStream("c", new double[100], new int[] {10, 20}, 50);
    DetectionScore s = DetectionScore.score(close, new int[] {15, 25});
    assertThat(s.detected()).isEqualTo(2);
    assertThat(s.meanDelay()).isEqualTo(5);
    assertThat(s.stableSamples()).isEqualTo(100 - 10 - 50);
  }

  @Test
  void dummiesWinOneColumnEach() {
    int[] everySample = new int[1000];
    for (int i = 0; i < everySample.length; i++) {
      everySample[i] = i;
    }
    DetectionScore always = DetectionScore.score(STREAM, everySample);
    assertThat(always.recall()).isEqualTo(1);
    assertThat(always.meanDelay()).isZero();
    assertThat(always.falseAlarmsPer10k()).isEqualTo(10_000);
    DetectionScore never = DetectionScore.score(STREAM, new int[0]);
    assertThat(never.falseAlarms()).isZero();
    assertThat(never.meanTimeBetweenFalseAlarms()).isInfinite();
    assertThat(never.missed()).isEqualTo(2);
    assertThat(never.f1()).isNaN();
  }

  @Test
  void poolsScores() {
    DetectionScore a = DetectionScore.score(STREAM, new int[] {210});
    DetectionScore b = DetectionScore.score(STREAM, new int[] {230, 650});
    DetectionScore pooled = a.plus(b);
    assertThat(pooled.detected()).isEqualTo(3);
    assertThat(pooled.meanDelay()).isEqualTo((10 + 30 + 50) / 3.0);
    assertThat(pooled.maxDelay()).isEqualTo(50);
    assertThat(DetectionScore.EMPTY.plus(a)).isEqualTo(a);
  }

  @Test
  void labeledStreamRejectsBadTruth() {
    assertThatThrownBy(() -> new LabeledStream("x", new double[10], new int[] {5, 5}, 1))
        .hasMessageContaining("increasing");
    assertThatThrownBy(() -> new LabeledStream("x", new double[10], new int[] {10}, 1))
        .hasMessageContaining("outside");
    assertThatThrownBy(() -> new LabeledStream("x", new double[10], new int[0], 0))
        .hasMessageContaining("toleranceSamples");
  }
}
