package io.netdrift.core.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netdrift.core.drift.PageHinkleyDetector.Direction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DetectorCodecTest {

  /** Detections and statistics of every update, to compare two detectors exactly. */
  private static List<String> trace(DriftDetector detector, double[] values, int from) {
    List<String> out = new ArrayList<>();
    for (int i = from; i < values.length; i++) {
      detector.update(values[i]);
      out.add(i + ":" + detector.driftDetected() + ":" + detector.statistic());
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"adwin", "page-hinkley", "kswin"})
  void restoredMidStreamContinuesExactlyLikeTheOriginal(String name) {
    // Two shifts: the snapshot is taken between them, after a first detection.
    double[] values = TestStreams.meanShift(5, 4000, 1000, 3);
    for (int i = 2500; i < values.length; i++) {
      values[i] -= 6;
    }
    DriftDetector original = DriftDetectors.create(name, Map.of());
    List<String> before = trace(original, values, 0);
    assertThat(before).anyMatch(s -> s.contains(":true:"));

    DriftDetector fresh = DriftDetectors.create(name, Map.of());
    trace(fresh, Arrays.copyOf(values, 1800), 0);
    byte[] bytes = DetectorCodec.toBytes(fresh);
    DriftDetector restored = DetectorCodec.fromBytes(bytes);

    assertThat(restored).isInstanceOf(fresh.getClass());
    assertThat(restored.samplesSeen()).isEqualTo(1800);
    List<String> continued = trace(restored, values, 1800);
    assertThat(continued).isEqualTo(before.subList(1800, values.length));
    assertThat(continued).anyMatch(s -> s.contains(":true:"));
    assertThat(DetectorCodec.toBytes(restored)).isEqualTo(DetectorCodec.toBytes(original));
  }

  @Property(tries = 30)
  void anySnapshotPointRestoresTheSameFuture(
      @ForAll("names") String name,
      @ForAll @IntRange(min = 0, max = 1500) int snapshotAt,
      @ForAll @LongRange(min = 0, max = 1000) long seed) {
    double[] values = TestStreams.meanShift(seed, 1500, 700, 4);
    DriftDetector original = DriftDetectors.create(name);
    trace(original, Arrays.copyOf(values, snapshotAt), 0);
    DriftDetector restored = DetectorCodec.fromBytes(DetectorCodec.toBytes(original));
    assertThat(trace(restored, values, snapshotAt)).isEqualTo(trace(original, values, snapshotAt));
  }

  @Provide
  Arbitrary<String> names() {
    return Arbitraries.of(DriftDetectors.names());
  }

  @Test
  void copiesAreIndependent() {
    DriftDetector original = new AdwinDetector();
    double[] values = TestStreams.meanShift(3, 2000, 1000, 3);
    trace(original, Arrays.copyOf(values, 900), 0);
    DriftDetector copy = DetectorCodec.copy(original);
    List<String> copyTrace = trace(copy, values, 900);
    assertThat(original.samplesSeen()).isEqualTo(900);
    assertThat(trace(original, values, 900)).isEqualTo(copyTrace);
    FailureAwareDriftSignal signal = new FailureAwareDriftSignal(new KswinDetector(), 10);
    signal.markByNetworkEvent(7);
    FailureAwareDriftSignal signalCopy = DetectorCodec.copy(signal);
    signalCopy.update(8, 1.0);
    assertThat(signal.samplesSeen()).isZero();
    assertThat(signalCopy.detector()).isNotSameAs(signal.detector());
  }

  @Test
  void keepsNonDefaultHyperParameters() {
    DriftDetector d =
        DetectorCodec.fromBytes(
            DetectorCodec.toBytes(
                DriftDetectors.create("page-hinkley", Map.of("lambda", "7", "direction", "down"))));
    assertThat(((PageHinkleyDetector) d).lambda()).isEqualTo(7);
    assertThat(((PageHinkleyDetector) d).direction()).isEqualTo(PageHinkleyDetector.Direction.DOWN);
  }

  @Test
  void readsPageHinkleyStateWrittenWhenTheDefaultWasBothDirections() {
    // DetectorCodec.toBytes(DriftDetectors.create("page-hinkley")) at commit b13024f (default
    // direction both, format version 1) after the 200 values below. The direction is in the
    // state, so an old savepoint keeps watching both directions; the layout did not change.
    byte[] old =
        HexFormat.of()
            .parseHex(
                "01023f747ae147ae147b40490000000000003fefff2e48e8a71e0000001e003fe000000000000000"
                    + "000000000000c800000000000000544008328cd53592b23fe3f6a3046ab50f3ff75db7fbd68"
                    + "77ac0123624d78831074007d36ab9867cbc00004014b4f9381587a9");
    Random random = new Random(11);
    PageHinkleyDetector written =
        new PageHinkleyDetector(0.005, 50, 0.9999, 30, Direction.BOTH, 0.5);
    for (int i = 0; i < 200; i++) {
      written.update(random.nextGaussian() + (i >= 100 ? 3 : 0));
    }
    assertThat(DetectorCodec.toBytes(written)).isEqualTo(old);

    PageHinkleyDetector restored = (PageHinkleyDetector) DetectorCodec.fromBytes(old);
    assertThat(restored.direction()).isEqualTo(Direction.BOTH);
    assertThat(restored.samplesSeen()).isEqualTo(200);
    List<Integer> fired = new ArrayList<>();
    for (int i = 200; i < 2000; i++) {
      // The mean falls by 6 at 1000: only a detector that watches decreases sees it.
      if (restored.update(random.nextGaussian() + (i >= 1000 ? -3 : 3)).driftDetected()) {
        fired.add(i);
      }
    }
    assertThat(fired).containsExactly(1006);
  }

  @Test
  void startsWithTheFormatVersionAndATypeTag() {
    byte[] bytes = DetectorCodec.toBytes(new KswinDetector());
    assertThat(bytes[0]).isEqualTo(DetectorCodec.FORMAT_VERSION);
    assertThat(bytes[1]).isEqualTo(DetectorCodec.TAG_KSWIN);
  }

  @Test
  void rejectsUnknownVersionsTypesAndTruncatedBytes() {
    byte[] bytes = DetectorCodec.toBytes(new AdwinDetector().update(1).update(2));
    byte[] future = bytes.clone();
    future[0] = 99;
    assertThatThrownBy(() -> DetectorCodec.fromBytes(future))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("version 99");
    byte[] unknownType = bytes.clone();
    unknownType[1] = 42;
    assertThatThrownBy(() -> DetectorCodec.fromBytes(unknownType))
        .hasMessageContaining("type tag 42");
    assertThatThrownBy(() -> DetectorCodec.fromBytes(Arrays.copyOf(bytes, bytes.length - 3)))
        .hasMessageContaining("truncated");
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
    assertThatThrownBy(() -> DetectorCodec.fromBytes(longer)).hasMessageContaining("trailing");
  }

  @Test
  void signalRoundTripKeepsThePendingMark() {
    FailureAwareDriftSignal signal = new FailureAwareDriftSignal(new AdwinDetector(), 200);
    double[] values = TestStreams.meanShift(1, 1200, 1000, 3);
    for (int i = 0; i < 1000; i++) {
      signal.update(i, values[i]);
    }
    signal.markByNetworkEvent(1000);
    for (int i = 1000; i < 1010; i++) {
      signal.update(i, values[i]);
    }
    FailureAwareDriftSignal restored = DetectorCodec.signalFromBytes(DetectorCodec.toBytes(signal));
    assertThat(restored.state()).isEqualTo(FailureAwareDriftSignal.State.SIGNALLED);
    assertThat(restored.markEventTimeMs()).isEqualTo(1000);
    List<FailureAwareDriftSignal.State> reached = new ArrayList<>();
    for (int i = 1010; i < values.length; i++) {
      var transition = restored.update(i, values[i]);
      assertThat(transition).isEqualTo(signal.update(i, values[i]));
      transition.ifPresent(t -> reached.add(t.to()));
    }
    assertThat(reached).first().isEqualTo(FailureAwareDriftSignal.State.CONFIRMED);
    assertThatThrownBy(
            () -> DetectorCodec.signalFromBytes(DetectorCodec.toBytes(new AdwinDetector())))
        .hasMessageContaining("not a failure-aware signal");
  }
}
