package io.netdrift.core.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class KswinDetectorTest {

  @Test
  void findsAThreeSigmaShiftWithinTheStatisticWindow() {
    for (long seed = 0; seed < 20; seed++) {
      double[] stream = TestStreams.meanShift(seed, 2000, 1000, 3);
      List<Integer> fired = TestStreams.detections(new KswinDetector(), stream);
      int first = fired.stream().filter(i -> i >= 1000).findFirst().orElse(-1);
      // Usually within statSize = 30 samples (the newest 30 values must hold enough of the new
      // concept); a false alarm just before the change empties the window, and the next test
      // waits for windowSize - statSize = 70 values (seed 14: 52).
      assertThat(first).as("seed %d", seed).isBetween(1000, 1099);
    }
  }

  @Test
  void seesAVarianceChangeThatMeanBasedDetectorsMiss() {
    int kswinFound = 0;
    int adwinFound = 0;
    for (long seed = 0; seed < 10; seed++) {
      double[] stream = TestStreams.varianceChange(seed, 2000, 1000, 4);
      kswinFound += foundWithin(TestStreams.detections(new KswinDetector(), stream), 1000, 250);
      adwinFound += foundWithin(TestStreams.detections(new AdwinDetector(), stream), 1000, 250);
    }
    // KS distance between N(0, 1) and N(0, 16) is ~0.3, below the critical 0.42 on average: the
    // test fires on the fluctuations, usually within a few windows.
    assertThat(kswinFound).isGreaterThanOrEqualTo(7);
    assertThat(adwinFound).isLessThan(kswinFound);
  }

  private static int foundWithin(List<Integer> fired, int change, int tolerance) {
    return fired.stream().anyMatch(i -> i >= change && i < change + tolerance) ? 1 : 0;
  }

  @Test
  void isReproducibleUnderASeed() {
    double[] stream = TestStreams.stable(1, 20_000);
    assertThat(TestStreams.detections(new KswinDetector(0.005, 100, 30, 7), stream))
        .isEqualTo(TestStreams.detections(new KswinDetector(0.005, 100, 30, 7), stream));
  }

  @Test
  void falseAlarmsOnAStableStreamStayAtTheDocumentedLevel() {
    // One test at level alpha per update: about 28 per 10,000 with the defaults (README).
    List<Integer> fired =
        TestStreams.detections(new KswinDetector(), TestStreams.stable(3, 20_000));
    assertThat(fired).hasSizeLessThanOrEqualTo(100);
    KswinDetector strict = new KswinDetector(1e-5, 200, 60, 42);
    assertThat(TestStreams.detections(strict, TestStreams.stable(3, 20_000)))
        .hasSizeLessThanOrEqualTo(2);
  }

  @Test
  void keepsOnlyTheNewestValuesAfterADrift() {
    KswinDetector kswin = new KswinDetector();
    double[] stream = TestStreams.meanShift(2, 2000, 1000, 10);
    int i = 0;
    while (!kswin.update(stream[i]).driftDetected()) {
      i++;
    }
    // The window restarts from the newest 30 values: no test until it holds 100 again.
    for (int k = 1; k < 70; k++) {
      assertThat(kswin.update(stream[i + k]).driftDetected()).isFalse();
    }
  }

  @Property(tries = 100)
  void distanceMatchesTheEmpiricalDistributionFunctions(
      @ForAll @Size(min = 1, max = 20) List<@IntRange(min = 0, max = 5) Integer> a,
      @ForAll @Size(min = 1, max = 20) List<@IntRange(min = 0, max = 5) Integer> b) {
    double[] x = a.stream().mapToDouble(Integer::doubleValue).sorted().toArray();
    double[] y = b.stream().mapToDouble(Integer::doubleValue).sorted().toArray();
    double expected = 0;
    for (int t = -1; t <= 6; t++) {
      final int threshold = t;
      double fx = Arrays.stream(x).filter(v -> v <= threshold).count() / (double) x.length;
      double fy = Arrays.stream(y).filter(v -> v <= threshold).count() / (double) y.length;
      expected = Math.max(expected, Math.abs(fx - fy));
    }
    assertThat(KswinDetector.twoSampleDistance(x, y)).isEqualTo(expected);
  }

  @Test
  void rejectsBadParametersNamingThem() {
    assertThatThrownBy(() -> new KswinDetector(0, 100, 30, 1)).hasMessageContaining("alpha");
    assertThatThrownBy(() -> new KswinDetector(1, 100, 30, 1)).hasMessageContaining("alpha");
    assertThatThrownBy(() -> new KswinDetector(0.005, 100, 1, 1)).hasMessageContaining("statSize");
    assertThatThrownBy(() -> new KswinDetector(0.005, 50, 30, 1))
        .hasMessageContaining("windowSize");
  }
}
