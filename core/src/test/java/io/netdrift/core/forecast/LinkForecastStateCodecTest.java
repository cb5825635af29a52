package io.netdrift.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netdrift.core.drift.DetectorCodec;
import io.netdrift.core.drift.DriftDetectors;
import io.netdrift.core.drift.FailureAwareDriftSignal;
import io.netdrift.core.metrics.RecoveryTracker;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class LinkForecastStateCodecTest {

  private static byte[] encode(LinkForecastState state) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    LinkForecastStateCodec.write(state, new DataOutputStream(bytes));
    return bytes.toByteArray();
  }

  private static LinkForecastState decode(byte[] bytes) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
    LinkForecastState state = LinkForecastStateCodec.read(in);
    assertThat(in.available()).as("every byte read").isZero();
    return state;
  }

  /** A state as a running link has it: history, recurrent state, detectors, a reset pending. */
  private static LinkForecastState busyState(long seed, int lanes, int samples) {
    Random random = new Random(seed);
    int[] stateSizes = new int[lanes];
    for (int lane = 0; lane < lanes; lane++) {
      stateSizes[lane] = lane % 2 == 0 ? 0 : 4;
    }
    LinkForecastState s = LinkForecastState.create(16, lanes, 2, stateSizes);
    for (int i = 0; i < samples; i++) {
      s.append(i * 900_000L, random.nextFloat() * 100, 1_000f);
    }
    for (int lane = 0; lane < lanes; lane++) {
      if (s.recurrentState[lane] != null) {
        s.recurrentState[lane][1] = random.nextFloat();
      }
      if (lane != 1) { // lane 1 keeps its null signal and tracker
        FailureAwareDriftSignal signal =
            new FailureAwareDriftSignal(DriftDetectors.create(lane == 0 ? "adwin" : "kswin"), 3);
        for (int i = 0; i < samples; i++) {
          signal.update(i * 900_000L, random.nextDouble() * 0.1);
        }
        s.driftSignals[lane] = signal;
        RecoveryTracker tracker = new RecoveryTracker();
        tracker.update(10, 10 + random.nextDouble());
        s.recoveryTrackers[lane] = tracker;
      }
      s.meanSquaredError[lane] = random.nextDouble();
      s.scoredCount[lane] = samples;
      s.updateRecentError(lane, random.nextDouble());
    }
    s.pendingTargetMs[1] = 42;
    s.pendingValueMbps[1] = 4.5f;
    s.driftSignalledAtMs = 777;
    if (lanes > 1) {
      s.scheduleStateReset(lanes - 1, 5_000);
    }
    return s;
  }

  @Property(tries = 40)
  void aStateReadBackEqualsTheStateWritten(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 5) int lanes,
      @ForAll @IntRange(min = 0, max = 40) int samples)
      throws IOException {
    LinkForecastState original = busyState(seed, lanes, samples);

    LinkForecastState restored = decode(encode(original));

    assertThat(restored)
        .usingRecursiveComparison()
        .ignoringFields("driftSignals", "recoveryTrackers")
        .isEqualTo(original);
    for (int lane = 0; lane < lanes; lane++) {
      assertThat(restored.driftSignals[lane] == null)
          .isEqualTo(original.driftSignals[lane] == null);
      if (original.driftSignals[lane] != null) {
        assertThat(DetectorCodec.toBytes(restored.driftSignals[lane]))
            .isEqualTo(DetectorCodec.toBytes(original.driftSignals[lane]));
        assertThat(restored.recoveryTrackers[lane].toBytes())
            .isEqualTo(original.recoveryTrackers[lane].toBytes());
      }
    }
    assertThat(encode(restored)).as("stable bytes").isEqualTo(encode(original));
  }

  @Property(tries = 200)
  void anyRingOfTimesReadsBackExactly(@ForAll long[] times) throws IOException {
    LinkForecastState original =
        LinkForecastState.create(Math.max(1, times.length), 1, 1, new int[] {0});
    System.arraycopy(times, 0, original.timestampsMs, 0, times.length);

    assertThat(decode(encode(original)).timestampsMs).containsExactly(original.timestampsMs);
  }

  @Test
  void aRestoredDetectorGoesOnLikeTheOriginal() throws IOException {
    LinkForecastState original = busyState(3, 1, 30);
    LinkForecastState restored = decode(encode(original));
    for (int i = 30; i < 200; i++) {
      double value = i < 100 ? 0.05 : 0.6; // a shift the detector finds
      assertThat(restored.driftSignals[0].update(i * 900_000L, value))
          .isEqualTo(original.driftSignals[0].update(i * 900_000L, value));
    }
    assertThat(DetectorCodec.toBytes(restored.driftSignals[0]))
        .isEqualTo(DetectorCodec.toBytes(original.driftSignals[0]));
  }

  @Test
  void layoutTwoKeepsTheRejectedSampleCount() throws IOException {
    LinkForecastState state = busyState(3, 3, 20);
    for (long count : new long[] {7, 64, 1L << 40}) {
      state.rejectedSamples = count;
      assertThat(decode(encode(state)).rejectedSamples).isEqualTo(count);
      assertThat(state.copy().rejectedSamples).isEqualTo(count);
    }
  }

  @Test
  void aLayoutOneStateOfThePreviousReleaseIsReadWithTheNewFieldAtItsStart() throws IOException {
    LinkForecastState state = busyState(4, 3, 20);
    state.rejectedSamples = 7;
    byte[] layoutTwo = encode(state);
    // layout 1 is layout 2 without the trailing count, one varint byte for 7 (UpgradeITCase
    // restores a real savepoint of layout 1)
    byte[] layoutOne = java.util.Arrays.copyOf(layoutTwo, layoutTwo.length - 1);
    layoutOne[0] = 1;

    LinkForecastState restored = decode(layoutOne);

    assertThat(restored.rejectedSamples).isZero();
    restored.rejectedSamples = 7;
    assertThat(encode(restored)).isEqualTo(layoutTwo);
  }

  @Test
  void anUnknownLayoutVersionIsRefusedWithWhatToDo() throws IOException {
    byte[] bytes = encode(busyState(1, 2, 5));
    bytes[0] = 99;
    assertThatThrownBy(() -> decode(bytes))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("layout version 99")
        .hasMessageContaining("savepoint");
  }

  @Test
  void aCorruptLengthIsRefused() throws IOException {
    byte[] bytes = encode(busyState(1, 2, 5));
    bytes[1] = (byte) 0x80; // the history ring's length turns negative
    assertThatThrownBy(() -> decode(bytes))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("corrupt");
  }
}
