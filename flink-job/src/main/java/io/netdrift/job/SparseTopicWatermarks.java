package io.netdrift.job;

import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Watermarks of a sparse input, the network-events topic: its partitions are always idle, so it
 * never holds back event time; its records still flow and carry their own event time.
 *
 * <p>Why: with the dense inputs' strategy (bounded out-of-orderness, idle after {@code
 * sourceIdleTimeoutMs}), a failure or repair made the events partition active again with a
 * watermark of its event time minus {@code maxOutOfOrdernessMs}, and it stayed there until the
 * partition was idle again: every prediction at or after the event waited {@code
 * sourceIdleTimeoutMs} (5 s by default), the pause the demo showed after its failure and repair.
 * Holding back buys nothing: the forecast operator places a network signal by its own event time
 * when it arrives ahead of the link's telemetry (it waits for the watermark, as samples do), and
 * applies a late one at once, which is also what happened before whenever the events partition was
 * idle, as it nearly always is.
 */
final class SparseTopicWatermarks<T> implements WatermarkGenerator<T> {

  private SparseTopicWatermarks() {}

  /** The strategy for a sparse source (add the timestamp assigner). */
  static <T> WatermarkStrategy<T> strategy() {
    return context -> new SparseTopicWatermarks<>();
  }

  @Override
  public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
    // nothing: a sparse topic's event time says nothing about what the other inputs still hold
  }

  @Override
  public void onPeriodicEmit(WatermarkOutput output) {
    output.markIdle();
  }
}
