package io.netdrift.job.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netdrift.schema.DeadLetter;
import io.netdrift.schema.LinkTelemetry;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.types.Either;
import org.apache.flink.util.clock.ManualClock;
import org.junit.jupiter.api.Test;

class ValidRecordWatermarksTest {
  private static final long OUT_OF_ORDERNESS_MS = 1_000;
  private static final long IDLE_TIMEOUT_MS = 5_000;
  private static final long T0 = 1_767_225_600_000L;

  /** What the generator told the source: watermarks and idleness, in order. */
  private static final class Output implements WatermarkOutput {
    final List<String> events = new ArrayList<>();

    @Override
    public void emitWatermark(Watermark watermark) {
      events.add("wm " + watermark.getTimestamp());
    }

    @Override
    public void markIdle() {
      events.add("idle");
    }

    @Override
    public void markActive() {
      events.add("active");
    }

    String last() {
      return events.get(events.size() - 1);
    }
  }

  private final ManualClock clock = new ManualClock();
  private final ValidRecordWatermarks<LinkTelemetry> generator =
      new ValidRecordWatermarks<>(OUT_OF_ORDERNESS_MS, IDLE_TIMEOUT_MS, clock);
  private final Output output = new Output();

  private static Either<DeadLetter, LinkTelemetry> valid() {
    return Either.Right(ValidatingAvroDeserializerTest.telemetry(T0, 1));
  }

  private static Either<DeadLetter, LinkTelemetry> deadLetter() {
    return Either.Left(new DeadLetter());
  }

  private void advanceMs(long ms) {
    clock.advanceTime(java.time.Duration.ofMillis(ms));
  }

  @Test
  void validRecordsMoveTheWatermarkAndDeadLettersDoNot() {
    generator.onEvent(valid(), T0, output);
    generator.onEvent(deadLetter(), Long.MIN_VALUE, output);
    generator.onEvent(deadLetter(), T0 + 1_000_000, output);
    generator.onPeriodicEmit(output);

    assertThat(output.last()).isEqualTo("wm " + (T0 - OUT_OF_ORDERNESS_MS - 1));
  }

  @Test
  void aSplitOfOnlyDeadLettersGoesIdleWhileTheyKeepComing() {
    for (int i = 0; i < 20; i++) {
      generator.onEvent(deadLetter(), Long.MIN_VALUE, output);
      advanceMs(1_000);
      generator.onPeriodicEmit(output);
    }

    assertThat(output.events).contains("idle");
    assertThat(output.last()).isEqualTo("idle");
    assertThat(output.events.stream().filter("idle"::equals)).hasSize(1);
  }

  @Test
  void aValidRecordAfterIdlenessResumesTheWatermark() {
    generator.onEvent(valid(), T0, output);
    advanceMs(IDLE_TIMEOUT_MS + 1);
    generator.onPeriodicEmit(output);
    assertThat(output.last()).isEqualTo("idle");

    generator.onEvent(valid(), T0 + 60_000, output);
    generator.onPeriodicEmit(output);

    assertThat(output.last()).isEqualTo("wm " + (T0 + 60_000 - OUT_OF_ORDERNESS_MS - 1));
  }

  @Test
  void withinTheTimeoutTheSplitStaysActive() {
    generator.onEvent(valid(), T0, output);
    advanceMs(IDLE_TIMEOUT_MS);
    generator.onPeriodicEmit(output);

    assertThat(output.events).doesNotContain("idle");
  }

  @Test
  void rejectsANegativeBoundOrANonPositiveTimeout() {
    assertThatThrownBy(() -> new ValidRecordWatermarks<>(-1, 1, clock))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ValidRecordWatermarks<>(0, 0, clock))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
