package io.netdrift.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.util.clock.ManualClock;
import org.junit.jupiter.api.Test;

class DenseTopicWatermarksTest {
  private static final Duration OUT_OF_ORDERNESS = Duration.ofMillis(100);
  private static final Duration IDLE = Duration.ofSeconds(2);

  /** What a generator told its partition's output, in order: a watermark or "idle". */
  private static final class Recorded implements WatermarkOutput {
    final List<String> calls = new ArrayList<>();

    @Override
    public void emitWatermark(Watermark watermark) {
      calls.add(String.valueOf(watermark.getTimestamp()));
    }

    @Override
    public void markIdle() {
      calls.add("idle");
    }

    @Override
    public void markActive() {
      calls.add("active");
    }

    String last() {
      return calls.get(calls.size() - 1);
    }
  }

  private final ManualClock clock = new ManualClock();
  private final DenseTopicWatermarks<String> generator =
      new DenseTopicWatermarks<>(OUT_OF_ORDERNESS, IDLE, clock);
  private final Recorded out = new Recorded();

  private void event(long timestamp) {
    generator.onEvent("sample", timestamp, out);
  }

  private String emit() {
    generator.onPeriodicEmit(out);
    return out.last();
  }

  private void advance(long millis) {
    clock.advanceTime(Duration.ofMillis(millis));
  }

  @Test
  void boundedOutOfOrdernessBehindTheNewestEventTime() {
    event(1_000);
    event(5_000);
    event(3_000);
    assertThat(emit()).isEqualTo("4899");
  }

  @Test
  void aPartitionSilentForTheIdleTimeoutIsReleasedOnce() {
    event(1_000);
    advance(2_000);
    assertThat(emit()).as("silent exactly the timeout: not yet").isEqualTo("899");
    advance(1);
    generator.onPeriodicEmit(out);
    assertThat(out.calls.subList(out.calls.size() - 2, out.calls.size()))
        .containsExactly("899", "idle");
    int calls = out.calls.size();
    advance(10_000);
    generator.onPeriodicEmit(out);
    assertThat(out.calls).as("idle is told once").hasSize(calls);
  }

  @Test
  void aPartitionThatNeverReceivedAnythingIsReleasedToo() {
    assertThat(emit()).isEqualTo(String.valueOf(Long.MIN_VALUE));
    advance(2_001);
    generator.onPeriodicEmit(out);
    assertThat(out.calls).endsWith(String.valueOf(Long.MIN_VALUE), "idle");
  }

  @Test
  void aResumedPartitionHoldsItsWatermarkAtItsFirstRecordForTheIdleTimeout() {
    event(1_000);
    advance(2_001);
    assertThat(emit()).isEqualTo("idle");

    // a burst after the lull: the partition's watermark stays at its first record's
    event(10_000);
    event(20_000);
    event(30_000);
    assertThat(emit()).isEqualTo("9899");
    advance(1_999);
    event(40_000);
    assertThat(emit()).as("still within the idle timeout of resuming").isEqualTo("9899");
    advance(1);
    assertThat(emit()).as("the others had the idle timeout to resume").isEqualTo("39899");
    event(50_000);
    assertThat(emit()).isEqualTo("49899");
  }

  @Test
  void aResumedPartitionThatFallsSilentAgainStillReleasesWhatItDelivered() {
    event(1_000);
    advance(2_001);
    emit();
    // one short burst after the lull, then silence: the watermark of the burst must be emitted
    // before the partition counts as idle again, or the burst's last steps would wait forever
    event(10_000);
    event(30_000);
    assertThat(emit()).isEqualTo("9899");
    advance(2_001);
    generator.onPeriodicEmit(out);
    assertThat(out.calls.subList(out.calls.size() - 2, out.calls.size()))
        .containsExactly("29899", "idle");
  }

  @Test
  void aDeadLetterFirstAfterTheLullLeavesTheCeilingToTheFirstRealEventTime() {
    event(1_000);
    advance(2_001);
    emit();
    // the source gives a dead letter no event time (Long.MIN_VALUE)
    event(Long.MIN_VALUE);
    assertThat(emit()).as("nothing moved the watermark yet").isEqualTo("899");
    event(10_000);
    event(30_000);
    assertThat(emit()).isEqualTo("9899");
    advance(2_001);
    event(30_001);
    assertThat(emit()).isEqualTo("29900");
  }

  @Test
  void aPartitionNeverIdleIsNeverHeldBack() {
    for (int i = 1; i <= 10; i++) {
      advance(1_000);
      event(i * 10_000L);
      assertThat(emit()).isEqualTo(String.valueOf(i * 10_000L - 101));
    }
  }

  @Test
  void goingIdleAgainWhileResumingStartsAfreshOnTheNextResume() {
    event(1_000);
    advance(2_001);
    emit();
    event(10_000);
    assertThat(emit()).isEqualTo("9899");
    advance(2_001);
    assertThat(emit()).isEqualTo("idle");
    event(60_000);
    event(70_000);
    assertThat(emit()).as("held at the new first record").isEqualTo("59899");
    advance(2_001);
    event(70_001);
    assertThat(emit()).isEqualTo("69900");
  }

  @Test
  void refusesAnIdleTimeoutOfZeroAndANegativeOutOfOrderness() {
    assertThatThrownBy(() -> new DenseTopicWatermarks<>(OUT_OF_ORDERNESS, Duration.ZERO, clock))
        .hasMessageContaining("idleTimeout");
    assertThatThrownBy(() -> new DenseTopicWatermarks<>(Duration.ofMillis(-1), IDLE, clock))
        .hasMessageContaining("outOfOrderness");
  }
}
