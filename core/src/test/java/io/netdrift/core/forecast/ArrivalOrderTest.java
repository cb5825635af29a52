package io.netdrift.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdrift.core.forecast.ArrivalOrder.Decision;
import io.netdrift.core.forecast.ArrivalOrder.Route;
import io.netdrift.core.validation.Rejection.ReasonCode;
import org.junit.jupiter.api.Test;

class ArrivalOrderTest {
  private static final long NONE = Long.MIN_VALUE;
  private final ArrivalOrder order = new ArrivalOrder(5_000);

  @Test
  void aSampleAheadOfTheWatermarkWaits() {
    assertThat(order.onArrival("l", 12_000, 10_000, 11_000, false).route())
        .isEqualTo(Route.WAIT_FOR_WATERMARK);
    assertThat(order.onArrival("l", 12_000, NONE, NONE, false).route())
        .isEqualTo(Route.WAIT_FOR_WATERMARK);
  }

  @Test
  void aSampleBehindTheWatermarkButInOrderIsServedAtOnce() {
    assertThat(order.onArrival("l", 11_000, 10_000, 11_000, false).route())
        .isEqualTo(Route.SERVE_NOW);
    assertThat(order.onArrival("l", 7_000, NONE, 11_000, false).route()).isEqualTo(Route.SERVE_NOW);
  }

  @Test
  void aSampleTooFarBehindTheWatermarkIsLate() {
    Decision d = order.onArrival("l", 5_999, NONE, 11_000, false);
    assertThat(d.route()).isEqualTo(Route.REJECT);
    assertThat(d.reasonCode()).isEqualTo(ReasonCode.TOO_LATE);
    assertThat(d.reason()).contains("more than 5000 ms behind the watermark 11000");
  }

  @Test
  void aSampleBeforeTheLinksLastIsLateAndARepeatIsADuplicate() {
    Decision late = order.onArrival("l", 9_000, 10_000, NONE, false);
    assertThat(late.reasonCode()).isEqualTo(ReasonCode.TOO_LATE);
    assertThat(late.reason()).contains("before the link's last processed sample 10000");

    Decision duplicate = order.onArrival("l", 12_000, 10_000, NONE, true);
    assertThat(duplicate.reasonCode()).isEqualTo(ReasonCode.DUPLICATE);
    assertThat(duplicate.reason()).isEqualTo("a sample for l at 12000 was already received");
  }

  @Test
  void servingChecksTheLinksLastSampleAgain() {
    assertThat(ArrivalOrder.onServing(11_000, 10_000).route()).isEqualTo(Route.SERVE_NOW);
    assertThat(ArrivalOrder.onServing(11_000, NONE).route()).isEqualTo(Route.SERVE_NOW);
    assertThat(ArrivalOrder.onServing(10_000, 10_000).reasonCode()).isEqualTo(ReasonCode.DUPLICATE);
    assertThat(ArrivalOrder.onServing(9_000, 10_000).reasonCode()).isEqualTo(ReasonCode.TOO_LATE);
  }
}
