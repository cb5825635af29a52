package io.netdrift.core.metrics;

/**
 * Notices when committed output stops advancing while input is waiting for it: with exactly-once
 * Kafka sinks, predictions, adaptation events, dead letters and the sources' offsets become visible
 * only when a checkpoint completes, so a job whose checkpoints stop completing reads on (or idles)
 * while its consumers see nothing — a stall no task-level metric shows.
 *
 * <p>The watch counts the records processed since the last completed checkpoint. Once some are
 * waiting, it starts a clock at the later of that checkpoint and the first waiting record (so a job
 * idle for hours is not stalled by the first record that arrives), and calls the output stalled
 * when the clock passes {@code stallAfterMs}. The next completed checkpoint ends the stall. {@link
 * #check} reports each transition once, for a log line. Not thread-safe: call it from the task
 * thread.
 */
public final class OutputStallWatch {

  /** What a {@link #check} found. */
  public enum Transition {
    /** Nothing changed. */
    NONE,
    /** Output has just been found stalled. */
    STALLED,
    /** A checkpoint completed after a stall: output advances again. */
    RECOVERED
  }

  private final long stallAfterMs;
  private long lastCommitMs;
  private long firstWaitingMs = -1;

  /** Records processed (cumulative) at each snapshot not yet completed, by checkpoint id. */
  private final java.util.TreeMap<Long, Long> processedAtSnapshot = new java.util.TreeMap<>();

  private long processed;
  private long committed;
  private boolean stalled;
  private boolean reportedRecovery = true;
  private long stalls;

  /**
   * @param stallAfterMs how long records may wait for a completed checkpoint before the output is
   *     stalled; should be several checkpoint intervals
   * @param nowMs the current time (the watch starts as if a checkpoint had just completed)
   */
  public OutputStallWatch(long stallAfterMs, long nowMs) {
    if (stallAfterMs <= 0) {
      throw new IllegalArgumentException("stallAfterMs must be positive, not " + stallAfterMs);
    }
    this.stallAfterMs = stallAfterMs;
    this.lastCommitMs = nowMs;
  }

  /** {@code count} records were processed at {@code nowMs}; their output waits for a commit. */
  public void recordsProcessed(long count, long nowMs) {
    if (count <= 0) {
      return;
    }
    if (waitingRecords() == 0) {
      firstWaitingMs = nowMs;
    }
    processed += count;
  }

  /**
   * Checkpoint {@code checkpointId} was taken: the records processed so far are in it and will be
   * committed once it completes. Call it when the snapshot is taken.
   */
  public void checkpointTaken(long checkpointId) {
    processedAtSnapshot.put(checkpointId, processed);
    while (processedAtSnapshot.size() > 64) { // checkpoints that never completed
      processedAtSnapshot.pollFirstEntry();
    }
  }

  /**
   * Checkpoint {@code checkpointId} completed at {@code nowMs}: what its snapshot covered is
   * committed. Records processed after the snapshot still wait (their clock restarts now).
   */
  public void checkpointCompleted(long checkpointId, long nowMs) {
    Long covered = processedAtSnapshot.get(checkpointId);
    processedAtSnapshot.headMap(checkpointId, true).clear();
    if (covered != null && covered > committed) {
      committed = covered;
    }
    lastCommitMs = nowMs;
    firstWaitingMs = waitingRecords() > 0 ? nowMs : -1;
    if (stalled) {
      stalled = false;
      reportedRecovery = false;
    }
  }

  /** Checks the clock at {@code nowMs}; returns the transition to report, if any. */
  public Transition check(long nowMs) {
    if (!reportedRecovery) {
      reportedRecovery = true;
      return Transition.RECOVERED;
    }
    if (!stalled && waitingRecords() > 0 && waitingMs(nowMs) > stallAfterMs) {
      stalled = true;
      stalls++;
      return Transition.STALLED;
    }
    return Transition.NONE;
  }

  /** Whether output is stalled (as of the last {@link #check}). */
  public boolean stalled() {
    return stalled;
  }

  /** How long the oldest waiting record has waited for a completed checkpoint; 0 if none waits. */
  public long waitingMs(long nowMs) {
    return waitingRecords() == 0 ? 0 : nowMs - Math.max(lastCommitMs, firstWaitingMs);
  }

  /** Records processed whose output no completed checkpoint has covered yet. */
  public long waitingRecords() {
    return processed - committed;
  }

  /** Milliseconds since the last completed checkpoint (or since the watch started). */
  public long sinceLastCommitMs(long nowMs) {
    return nowMs - lastCommitMs;
  }

  /** Stalls found so far. */
  public long stalls() {
    return stalls;
  }

  public long stallAfterMs() {
    return stallAfterMs;
  }
}
