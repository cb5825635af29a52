package io.netdrift.job;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.util.clock.RelativeClock;

/**
 * Watermarks of a dense input (telemetry, traffic), per partition: bounded out-of-orderness behind
 * the newest event time; a partition silent for {@code idleTimeout} is released (idle), so it does
 * not hold back event time; and a partition that resumes after being idle may not move the
 * watermark past its first record for {@code idleTimeout} more.
 *
 * <p>Why the last rule: Flink's own idleness ({@link WatermarkStrategy#withIdleness}) lets the
 * first partition that resumes after a lull move the watermark alone, since the others are still
 * idle until their first record is emitted. After a lull of every partition (a producer outage, a
 * paused feed) followed by a burst, one partition's burst was read first and pushed the watermark
 * past the other partitions' samples of the same steps, and those were dead-lettered TOO_LATE
 * although every link's samples were in order (seen in CI: a burst of 8 steps after a 1 s lull,
 * samples 6 steps behind the watermark with {@code maxLatenessMs} 4 steps). Now a resumed partition
 * holds its watermark at its first record's event time minus the out-of-orderness for as long as a
 * partition needs to be silent to be released: the others have that long to resume too. A partition
 * that resumes while the others flow costs nothing (its watermark is behind theirs anyway, or it
 * holds them back by at most {@code idleTimeout}), and a partition never idle is unaffected.
 *
 * <p>Time is the input-activity clock, as for Flink's idleness: it stands still while the source is
 * back-pressured or paused by watermark alignment, so a paused partition is never released.
 */
final class DenseTopicWatermarks<T> implements WatermarkGenerator<T> {

  private final long outOfOrdernessMs;
  private final long idleTimeoutNanos;
  private final RelativeClock clock;

  private long maxTimestamp;
  private long lastActivityNanos;
  private boolean idle;

  /** Resumed, but no record with an event time yet: the watermark has not moved since. */
  private static final long CEILING_PENDING = Long.MIN_VALUE;

  /** While resuming: the watermark's ceiling ({@code Long.MAX_VALUE}: none), and when it lifts. */
  private long resumeCeiling = Long.MAX_VALUE;

  private long resumeUntilNanos;

  DenseTopicWatermarks(Duration outOfOrderness, Duration idleTimeout, RelativeClock clock) {
    if (outOfOrderness.isNegative()) {
      throw new IllegalArgumentException("outOfOrderness must be >= 0, was " + outOfOrderness);
    }
    if (idleTimeout.isZero() || idleTimeout.isNegative()) {
      throw new IllegalArgumentException("idleTimeout must be > 0, was " + idleTimeout);
    }
    this.outOfOrdernessMs = outOfOrderness.toMillis();
    this.idleTimeoutNanos = idleTimeout.toNanos();
    this.clock = clock;
    // as BoundedOutOfOrdernessWatermarks: no watermark below Long.MIN_VALUE before the first event
    this.maxTimestamp = Long.MIN_VALUE + outOfOrdernessMs + 1;
    this.lastActivityNanos = clock.relativeTimeNanos();
  }

  /** The strategy for a dense source (add the timestamp assigner, and alignment if wanted). */
  static <T> WatermarkStrategy<T> strategy(Duration outOfOrderness, Duration idleTimeout) {
    return context ->
        new DenseTopicWatermarks<>(outOfOrderness, idleTimeout, context.getInputActivityClock());
  }

  @Override
  public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
    long now = clock.relativeTimeNanos();
    if (idle) {
      idle = false;
      resumeCeiling = CEILING_PENDING;
      resumeUntilNanos = now + idleTimeoutNanos;
    }
    // a dead letter carries no event time (Long.MIN_VALUE): the ceiling is the first real one's
    if (resumeCeiling == CEILING_PENDING && eventTimestamp != Long.MIN_VALUE) {
      resumeCeiling = watermarkOf(eventTimestamp);
    }
    maxTimestamp = Math.max(maxTimestamp, eventTimestamp);
    lastActivityNanos = now;
  }

  @Override
  public void onPeriodicEmit(WatermarkOutput output) {
    if (idle) {
      return;
    }
    long now = clock.relativeTimeNanos();
    long watermark = watermarkOf(maxTimestamp);
    if (resumeCeiling != Long.MAX_VALUE) {
      if (now - resumeUntilNanos < 0) {
        if (resumeCeiling != CEILING_PENDING) {
          watermark = Math.min(watermark, resumeCeiling);
        }
      } else {
        resumeCeiling = Long.MAX_VALUE;
      }
    }
    // emitted also when the partition goes idle right after: its silence began after it resumed,
    // so the ceiling has lifted, and the watermark of everything it delivered must reach the
    // operators before it stops counting (else its last steps would wait for its next record)
    output.emitWatermark(new Watermark(watermark));
    if (now - lastActivityNanos > idleTimeoutNanos) {
      idle = true;
      resumeCeiling = Long.MAX_VALUE;
      output.markIdle();
    }
  }

  private long watermarkOf(long timestamp) {
    return timestamp - outOfOrdernessMs - 1;
  }
}
