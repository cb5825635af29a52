package io.netdrift.core.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class AdwinDetectorTest {

  @Test
  void findsThreeSigmaMeanShiftWithin50SamplesAndNoAlarmBefore() {
    for (long seed = 0; seed < 20; seed++) {
      double[] stream = TestStreams.meanShift(seed, 2000, 1000, 3);
      List<Integer> fired = TestStreams.detections(new AdwinDetector(), stream);
      assertThat(fired).as("seed %d", seed).isNotEmpty();
      // With clock = 32 the cut is checked at update 1024 (index 1023): 24 samples after.
      assertThat(fired.get(0)).as("seed %d", seed).isBetween(1000, 1049);
    }
  }

  @Test
  void detectsADownwardShiftToo() {
    double[] stream = TestStreams.meanShift(7, 2000, 1000, -3);
    assertThat(TestStreams.detections(new AdwinDetector(), stream).get(0)).isBetween(1000, 1049);
  }

  @Test
  void atMostOneFalseAlarmPer10000StableSamples() {
    double[] stream = TestStreams.stable(11, 200_000);
    assertThat(TestStreams.detections(new AdwinDetector(), stream)).hasSizeLessThanOrEqualTo(20);
  }

  @Test
  void windowShrinksToTheNewConceptAfterADrift() {
    AdwinDetector adwin = new AdwinDetector();
    double[] stream = TestStreams.meanShift(3, 3000, 1000, 3);
    int i = 0;
    while (!adwin.update(stream[i]).driftDetected()) {
      i++;
    }
    assertThat(i).isBetween(1000, 1049);
    // The old concept (1000 values of mean 0) is dropped at once: only the values after the cut
    // (and at most the bucket that straddles the change) remain.
    assertThat(adwin.width()).isLessThan(100);
    for (i++; i < stream.length; i++) {
      adwin.update(stream[i]);
    }
    assertThat(adwin.estimation()).isCloseTo(3, Offset.offset(0.1));
    assertThat(adwin.width()).isLessThanOrEqualTo(2100);
  }

  @Test
  void memoryIsLogarithmicInTheWindow() {
    AdwinDetector adwin = new AdwinDetector();
    TestStreams.detections(adwin, TestStreams.stable(5, 100_000));
    assertThat(adwin.width()).isEqualTo(100_000);
    int rows = 64 - Long.numberOfLeadingZeros(adwin.width()); // ceil(log2 W)
    assertThat(adwin.bucketCount()).isLessThanOrEqualTo(adwin.maxBuckets() * rows);
  }

  @Test
  void resetForgetsEverything() {
    double[] stream = TestStreams.meanShift(9, 2000, 1000, 3);
    AdwinDetector adwin = new AdwinDetector();
    List<Integer> first = TestStreams.detections(adwin, stream);
    adwin.reset();
    assertThat(adwin.width()).isZero();
    assertThat(adwin.samplesSeen()).isZero();
    assertThat(adwin.driftDetected()).isFalse();
    assertThat(TestStreams.detections(adwin, stream)).isEqualTo(first);
  }

  @Property(tries = 50)
  void windowStatisticsMatchADirectComputation(
      @ForAll @Size(min = 1, max = 300) List<@DoubleRange(min = -1e3, max = 1e3) Double> values) {
    // A huge clock: no cut is checked, so the window holds every value; the merged buckets must
    // still give the exact mean and variance (the merge formula of the histogram).
    AdwinDetector adwin = new AdwinDetector(0.002, Integer.MAX_VALUE, 2, 5, 10);
    double sum = 0;
    for (double v : values) {
      adwin.update(v);
      sum += v;
    }
    double mean = sum / values.size();
    double squares = 0;
    for (double v : values) {
      squares += (v - mean) * (v - mean);
    }
    assertThat(adwin.width()).isEqualTo(values.size());
    assertThat(adwin.estimation()).isCloseTo(mean, Offset.offset(1e-6));
    assertThat(adwin.variance()).isCloseTo(squares / values.size(), Offset.offset(1e-4));
  }

  @Test
  void rejectsBadParametersNamingThem() {
    assertThatThrownBy(() -> new AdwinDetector(0)).hasMessageContaining("delta");
    assertThatThrownBy(() -> new AdwinDetector(1)).hasMessageContaining("delta");
    assertThatThrownBy(() -> new AdwinDetector(Double.NaN)).hasMessageContaining("delta");
    assertThatThrownBy(() -> new AdwinDetector(0.002, 0, 5, 5, 10)).hasMessageContaining("clock");
    assertThatThrownBy(() -> new AdwinDetector(0.002, 32, 1, 5, 10))
        .hasMessageContaining("maxBuckets");
    assertThatThrownBy(() -> new AdwinDetector(0.002, 32, 5, 0, 10))
        .hasMessageContaining("minWindowLength");
    assertThatThrownBy(() -> new AdwinDetector(0.002, 32, 5, 5, 0))
        .hasMessageContaining("gracePeriod");
  }

  @Test
  void rejectsNonFiniteValues() {
    assertThatThrownBy(() -> new AdwinDetector().update(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("finite");
  }
}
