package io.netdrift.core.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FaultInjectionTest {

  @AfterEach
  void clear() {
    FaultInjection.clear();
  }

  private static int fire(String point, int calls) {
    int faults = 0;
    for (int i = 0; i < calls; i++) {
      try {
        FaultInjection.point(point);
      } catch (FaultInjection.InjectedFault e) {
        faults++;
      }
    }
    return faults;
  }

  @Test
  void withoutAPlanNoPointFails() {
    assertThat(fire(FaultInjection.FORECAST_BATCH, 1000)).isZero();
  }

  @Test
  void aPointFailsAtItsProbabilityUntilTheBudgetIsSpent() {
    FaultInjection.install("forecast-batch=0.1,retrain=1,max=30,seed=3");
    int batch = fire(FaultInjection.FORECAST_BATCH, 100);
    assertThat(batch).isBetween(3, 25);
    assertThat(fire(FaultInjection.MODEL_SWAP, 100)).as("not in the plan").isZero();
    int retrain = fire(FaultInjection.RETRAIN, 100);
    assertThat(batch + retrain).isEqualTo(30);
    assertThat(fire(FaultInjection.RETRAIN, 100)).as("budget spent").isZero();
    assertThat(FaultInjection.injected())
        .containsEntry(FaultInjection.FORECAST_BATCH, batch)
        .containsEntry(FaultInjection.RETRAIN, retrain);
  }

  @Test
  void aPointStopsAtItsCap() {
    FaultInjection.install("forecast-batch=1:3,retrain=1,max=10");
    assertThat(fire(FaultInjection.FORECAST_BATCH, 100)).isEqualTo(3);
    assertThat(fire(FaultInjection.RETRAIN, 100)).isEqualTo(7);
  }

  @Test
  void reinstallingTheSamePlanKeepsTheBudgetAsARestartedTaskDoes() {
    FaultInjection.install("model-swap=1,max=2");
    assertThat(fire(FaultInjection.MODEL_SWAP, 1)).isEqualTo(1);
    FaultInjection.install("model-swap=1,max=2");
    assertThat(fire(FaultInjection.MODEL_SWAP, 5)).isEqualTo(1);
    FaultInjection.install("model-swap=1,max=3");
    assertThat(fire(FaultInjection.MODEL_SWAP, 5)).as("a new plan, a new budget").isEqualTo(3);
  }

  @Test
  void aBadPlanIsRejectedWithWhatIsWrong() {
    assertThatThrownBy(() -> FaultInjection.validate("forecast=0.1"))
        .hasMessageContaining("unknown point 'forecast'")
        .hasMessageContaining("forecast-batch");
    assertThatThrownBy(() -> FaultInjection.validate("retrain=2")).hasMessageContaining("[0, 1]");
    assertThatThrownBy(() -> FaultInjection.validate("retrain")).hasMessageContaining("expected");
    assertThatThrownBy(() -> FaultInjection.validate("max=x")).hasMessageContaining("not a number");
  }
}
