package io.netdrift.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MicroBatchBufferTest {

  /** A buffered record: its event time is its value. */
  private static MicroBatchBuffer<Long> buffer(int maxRows) {
    return new MicroBatchBuffer<>(maxRows, Long::longValue);
  }

  @Test
  void reportsFullAtMaxRows() {
    MicroBatchBuffer<Long> b = buffer(3);
    assertThat(b.add("a", 1L)).isFalse();
    assertThat(b.add("b", 1L)).isFalse();
    assertThat(b.add("c", 1L)).isTrue();
    assertThat(b.size()).isEqualTo(3);
  }

  @Test
  void aLinkSeenTwiceIsServedInTwoWavesInEventTimeOrder() {
    MicroBatchBuffer<Long> b = buffer(10);
    b.add("a", 20L);
    b.add("b", 10L);
    b.add("a", 10L);
    b.add("c", 10L);
    b.add("a", 30L);

    List<MicroBatchBuffer.Batch<Long>> batches = b.drain();

    assertThat(batches).hasSize(3);
    assertThat(batches.get(0).keys()).containsExactly("a", "b", "c");
    assertThat(batches.get(0).records()).containsExactly(10L, 10L, 10L);
    assertThat(batches.get(1).keys()).containsExactly("a");
    assertThat(batches.get(1).records()).containsExactly(20L);
    assertThat(batches.get(2).keys()).containsExactly("a");
    assertThat(batches.get(2).records()).containsExactly(30L);
  }

  @Test
  void aWaveLongerThanMaxRowsIsCutIntoBatches() {
    MicroBatchBuffer<Long> b = buffer(2);
    for (String link : List.of("a", "b", "c", "d", "e")) {
      b.add(link, 1L);
    }
    List<MicroBatchBuffer.Batch<Long>> batches = b.drain();
    assertThat(batches)
        .extracting(MicroBatchBuffer.Batch::keys)
        .containsExactly(List.of("a", "b"), List.of("c", "d"), List.of("e"));
  }

  @Test
  void drainEmptiesTheBufferAndForgetsItsIdentities() {
    MicroBatchBuffer<Long> b = buffer(10);
    b.add("a", 5L);
    assertThat(b.contains("a", 5L)).isTrue();
    assertThat(b.contains("a", 6L)).isFalse();
    assertThat(b.contains("b", 5L)).isFalse();

    b.drain();

    assertThat(b.isEmpty()).isTrue();
    assertThat(b.contains("a", 5L)).isFalse();
    assertThat(b.drain()).isEmpty();
  }

  @Test
  void rejectsANonPositiveBatchSize() {
    assertThatThrownBy(() -> buffer(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
