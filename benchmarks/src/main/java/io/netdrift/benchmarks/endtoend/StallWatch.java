package io.netdrift.benchmarks.endtoend;

import java.time.Duration;

/**
 * Tells a stalled run from a slow one: the run's observable progress (committed input offsets and
 * committed output counts, as one text) must change at least once per {@code limit}.
 */
final class StallWatch {
  private final Duration limit;
  private String lastState = "";
  private long lastChangeNanos;

  StallWatch(Duration limit, long startNanos) {
    this.limit = limit;
    this.lastChangeNanos = startNanos;
  }

  /** Records the progress seen at {@code nowNanos}; true when it has not changed for too long. */
  boolean stalled(String state, long nowNanos) {
    if (!state.equals(lastState)) {
      lastState = state;
      lastChangeNanos = nowNanos;
      return false;
    }
    return nowNanos - lastChangeNanos > limit.toNanos();
  }

  /** When the progress last changed ({@link System#nanoTime}). */
  long lastChangeNanos() {
    return lastChangeNanos;
  }

  Duration limit() {
    return limit;
  }
}
