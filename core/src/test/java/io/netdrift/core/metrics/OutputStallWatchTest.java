package io.netdrift.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netdrift.core.metrics.OutputStallWatch.Transition;
import org.junit.jupiter.api.Test;

class OutputStallWatchTest {

  @Test
  void recordsWaitingLongerThanTheLimitStallTheOutputOnceUntilACheckpointCompletes() {
    OutputStallWatch watch = new OutputStallWatch(10_000, 0);
    watch.recordsProcessed(5, 1_000);
    assertThat(watch.check(10_999)).isEqualTo(Transition.NONE);
    assertThat(watch.check(11_001)).isEqualTo(Transition.STALLED);
    assertThat(watch.stalled()).isTrue();
    assertThat(watch.check(50_000)).as("reported once").isEqualTo(Transition.NONE);
    assertThat(watch.waitingRecords()).isEqualTo(5);
    assertThat(watch.waitingMs(50_000)).isEqualTo(49_000);

    watch.checkpointTaken(1);
    watch.checkpointCompleted(1, 51_000);
    assertThat(watch.stalled()).isFalse();
    assertThat(watch.check(51_001)).isEqualTo(Transition.RECOVERED);
    assertThat(watch.check(51_002)).isEqualTo(Transition.NONE);
    assertThat(watch.waitingRecords()).isZero();
    assertThat(watch.stalls()).isEqualTo(1);
  }

  @Test
  void anIdleJobIsNeverStalledAndTheClockStartsWithTheFirstWaitingRecord() {
    OutputStallWatch watch = new OutputStallWatch(10_000, 0);
    assertThat(watch.check(3_600_000)).isEqualTo(Transition.NONE);
    watch.recordsProcessed(1, 3_600_000);
    assertThat(watch.check(3_605_000)).isEqualTo(Transition.NONE);
    assertThat(watch.check(3_610_001)).isEqualTo(Transition.STALLED);
  }

  @Test
  void checkpointsThatKeepCompletingKeepTheOutputFlowing() {
    OutputStallWatch watch = new OutputStallWatch(10_000, 0);
    for (long t = 0; t < 600_000; t += 1_000) {
      watch.recordsProcessed(100, t);
      if (t % 5_000 == 0) {
        watch.checkpointTaken(t / 5_000);
      }
      if (t % 5_000 == 2_000) {
        watch.checkpointCompleted(t / 5_000, t);
      }
      assertThat(watch.check(t)).isEqualTo(Transition.NONE);
    }
    assertThat(watch.stalls()).isZero();
  }

  @Test
  void recordsAfterTheSnapshotStillWaitAfterItsCheckpointCompletes() {
    OutputStallWatch watch = new OutputStallWatch(10_000, 0);
    watch.recordsProcessed(3, 100);
    watch.checkpointTaken(1);
    watch.recordsProcessed(2, 200);
    watch.checkpointCompleted(1, 300);
    assertThat(watch.waitingRecords()).isEqualTo(2);
    assertThat(watch.check(10_299)).isEqualTo(Transition.NONE);
    assertThat(watch.check(10_301)).isEqualTo(Transition.STALLED);
  }

  @Test
  void aFailedCheckpointDoesNotCountAsCommitted() {
    OutputStallWatch watch = new OutputStallWatch(10_000, 0);
    watch.recordsProcessed(3, 0);
    watch.checkpointTaken(1); // this one fails: no completion
    watch.recordsProcessed(4, 1_000);
    assertThat(watch.waitingRecords()).isEqualTo(7);
    watch.checkpointTaken(2);
    watch.recordsProcessed(1, 1_500);
    watch.checkpointCompleted(2, 2_000);
    assertThat(watch.waitingRecords()).isEqualTo(1);
    assertThat(watch.sinceLastCommitMs(5_000)).isEqualTo(3_000);
  }

  @Test
  void aLateNotificationOfAnOlderCheckpointCommitsOnlyWhatThatSnapshotCovered() {
    OutputStallWatch watch = new OutputStallWatch(10_000, 0);
    watch.recordsProcessed(3, 0);
    watch.checkpointTaken(1);
    watch.recordsProcessed(4, 100);
    watch.checkpointTaken(2);
    watch.checkpointCompleted(1, 200);
    assertThat(watch.waitingRecords()).isEqualTo(4);
    watch.checkpointCompleted(2, 300);
    assertThat(watch.waitingRecords()).isZero();
    watch.checkpointCompleted(1, 400); // out of order, already covered
    assertThat(watch.waitingRecords()).isZero();
  }

  @Test
  void rejectsANonPositiveLimit() {
    assertThatThrownBy(() -> new OutputStallWatch(0, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
