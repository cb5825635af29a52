package io.netdrift.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdrift.schema.NetworkEventType;
import io.netdrift.simulator.FailureEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailureWindowTest {

  @Test
  void theFirstFailureAndTheRepairOfTheSameElement() {
    FailureWindow window =
        FailureWindow.of(
            List.of(
                new FailureEvent(1_000, NetworkEventType.LINK_DOWN, "A-B"),
                new FailureEvent(1_500, NetworkEventType.LINK_DOWN, "C-D"),
                new FailureEvent(1_800, NetworkEventType.LINK_UP, "C-D"),
                new FailureEvent(2_000, NetworkEventType.LINK_UP, "A-B")));

    assertThat(window.failureTimeMs()).isEqualTo(1_000);
    assertThat(window.repairTimeMs()).isEqualTo(2_000);
    assertThat(window.element()).isEqualTo("A-B");
  }

  @Test
  void withoutEventsEverythingIsBeforeTheFailure() {
    FailureWindow window = FailureWindow.of(List.of());

    assertThat(window.failureTimeMs()).isEqualTo(Long.MAX_VALUE);
    assertThat(window.repairTimeMs()).isEqualTo(Long.MAX_VALUE);
    assertThat(window.json(900_000).get("failureTime")).isNull();
  }
}
