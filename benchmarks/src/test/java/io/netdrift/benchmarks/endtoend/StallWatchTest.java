package io.netdrift.benchmarks.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StallWatchTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void progressThatKeepsChangingNeverStalls() {
    StallWatch watch = new StallWatch(Duration.ofSeconds(45), 0);
    for (int i = 1; i <= 100; i++) {
      assertThat(watch.stalled("offsets " + i, i * 30 * SECOND)).isFalse();
    }
  }

  @Test
  void stallsOnlyAfterTheLimitWithoutChangeAndRecoversOnChange() {
    StallWatch watch = new StallWatch(Duration.ofSeconds(45), 0);
    assertThat(watch.stalled("a", 1 * SECOND)).isFalse();
    assertThat(watch.stalled("a", 46 * SECOND)).isFalse();
    assertThat(watch.stalled("a", 47 * SECOND)).isTrue();
    assertThat(watch.lastChangeNanos()).isEqualTo(1 * SECOND);
    assertThat(watch.stalled("b", 48 * SECOND)).isFalse();
    assertThat(watch.stalled("b", 90 * SECOND)).isFalse();
  }
}
