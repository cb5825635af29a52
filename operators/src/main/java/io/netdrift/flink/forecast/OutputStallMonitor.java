package io.netdrift.flink.forecast;

import io.netdrift.core.metrics.OutputStallWatch;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.runtime.tasks.ProcessingTimeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The forecast operator's view of its committed output: an {@link OutputStallWatch} fed with the
 * telemetry it processes and the checkpoints it takes and sees complete, checked on a
 * processing-time timer (so also while no input arrives), exposed as gauges ({@code outputStalled}
 * 0/1, {@code uncommittedRecords}, {@code msSinceLastCommittedCheckpoint}, {@code outputStalls})
 * and reported with one WARN line when a stall starts and one INFO line when it ends.
 */
final class OutputStallMonitor {
  private static final Logger LOG = LoggerFactory.getLogger(OutputStallMonitor.class);

  private final OutputStallWatch watch;
  private final ProcessingTimeService time;
  private final long checkEveryMs;
  private final String subtask;

  OutputStallMonitor(
      long stallAfterMs, ProcessingTimeService time, MetricGroup metrics, String subtask) {
    this.time = time;
    this.subtask = subtask;
    this.watch = new OutputStallWatch(stallAfterMs, time.getCurrentProcessingTime());
    this.checkEveryMs = Math.max(100, Math.min(5_000, stallAfterMs / 4));
    metrics.gauge("outputStalled", () -> watch.stalled() ? 1 : 0);
    metrics.gauge("uncommittedRecords", watch::waitingRecords);
    metrics.gauge(
        "msSinceLastCommittedCheckpoint",
        () -> watch.sinceLastCommitMs(time.getCurrentProcessingTime()));
    metrics.gauge("outputStalls", watch::stalls);
    schedule();
  }

  void processed(long records) {
    watch.recordsProcessed(records, time.getCurrentProcessingTime());
  }

  void checkpointTaken(long checkpointId) {
    watch.checkpointTaken(checkpointId);
  }

  void checkpointCompleted(long checkpointId) {
    watch.checkpointCompleted(checkpointId, time.getCurrentProcessingTime());
  }

  boolean stalled() {
    return watch.stalled();
  }

  private void schedule() {
    time.registerTimer(time.getCurrentProcessingTime() + checkEveryMs, this::check);
  }

  private void check(long timerTime) {
    long now = Math.max(timerTime, time.getCurrentProcessingTime());
    switch (watch.check(now)) {
      case STALLED ->
          LOG.warn(
              "Output stalled ({}): {} telemetry records processed since the last completed"
                  + " checkpoint have waited {} s for one (limit {} s). With EXACTLY_ONCE sinks,"
                  + " predictions, adaptation events, dead letters and source offsets are"
                  + " committed only when a checkpoint completes: check the job's checkpoints"
                  + " (failed or in progress, and why) and the Kafka transactions of its sinks.",
              subtask,
              watch.waitingRecords(),
              watch.waitingMs(now) / 1000,
              watch.stallAfterMs() / 1000);
      case RECOVERED ->
          LOG.info(
              "Output advances again ({}): a checkpoint completed; {} stall(s) so far.",
              subtask,
              watch.stalls());
      case NONE -> {}
    }
    schedule();
  }
}
