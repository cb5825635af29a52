package io.netdrift.job.ingest;

import io.netdrift.schema.DeadLetter;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.types.Either;
import org.apache.flink.util.clock.RelativeClock;

/**
 * Bounded-out-of-orderness watermarks with idleness for a source split whose records are either
 * dead letters or valid records, driven by the valid ones only.
 *
 * <p>Flink's {@code WatermarkStrategy.withIdleness} counts every record as activity. A split that
 * carries nothing but garbage (a misconfigured producer on the traffic topic) would then stay
 * active with a watermark that never leaves {@code Long.MIN_VALUE}, and hold back the event time of
 * every operator downstream; worse, a two-input operator whose other input goes idle meanwhile
 * keeps the held-back watermark when both are idle, until new valid data arrives. Here a dead
 * letter neither moves the watermark nor counts as activity: after {@code idleTimeoutMs} without a
 * valid record (on the input-activity clock, which stands still under backpressure) the split is
 * idle.
 */
public final class ValidRecordWatermarks<T> implements WatermarkGenerator<Either<DeadLetter, T>> {
  private final long outOfOrdernessMs;
  private final long idleTimeoutNanos;
  private final RelativeClock clock;

  private long maxTimestamp;
  private long lastValidNanos;
  private boolean idle;

  public ValidRecordWatermarks(long outOfOrdernessMs, long idleTimeoutMs, RelativeClock clock) {
    if (outOfOrdernessMs < 0 || idleTimeoutMs <= 0) {
      throw new IllegalArgumentException(
          "outOfOrdernessMs must be >= 0 and idleTimeoutMs > 0, were "
              + outOfOrdernessMs
              + " and "
              + idleTimeoutMs);
    }
    this.outOfOrdernessMs = outOfOrdernessMs;
    this.idleTimeoutNanos = idleTimeoutMs * 1_000_000L;
    this.clock = clock;
    this.maxTimestamp = Long.MIN_VALUE + outOfOrdernessMs + 1;
    this.lastValidNanos = clock.relativeTimeNanos();
  }

  @Override
  public void onEvent(Either<DeadLetter, T> record, long eventTimestamp, WatermarkOutput output) {
    if (record.isRight()) {
      maxTimestamp = Math.max(maxTimestamp, eventTimestamp);
      lastValidNanos = clock.relativeTimeNanos();
      idle = false;
    }
  }

  @Override
  public void onPeriodicEmit(WatermarkOutput output) {
    if (clock.relativeTimeNanos() - lastValidNanos > idleTimeoutNanos) {
      if (!idle) {
        output.markIdle();
        idle = true;
      }
      return;
    }
    output.emitWatermark(new Watermark(maxTimestamp - outOfOrdernessMs - 1));
  }
}
