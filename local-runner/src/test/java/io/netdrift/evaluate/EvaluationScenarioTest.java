package io.netdrift.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netdrift.schema.NetworkEventType;
import io.netdrift.simulator.FailureEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaluationScenarioTest {

  private static EvaluationScenario synthetic(int steps, long failAt, long repairAt) {
    return new EvaluationScenario(
        "abilene", null, null, "drastic", failAt, repairAt, steps, Duration.ofMinutes(15), 3);
  }

  @Test
  void theTruthHoldsEveryLinkAtEveryStepAndTheOutage() {
    EvaluationScenario.Truth truth = synthetic(40, 20, 30).collectTruth();
    assertThat(truth.stepTimesMs()).hasSize(40);
    assertThat(truth.stepMs()).isEqualTo(900_000L);
    assertThat(truth.actualMbps()).hasSize(truth.topology().directedLinkCount());
    assertThat(truth.outages()).hasSize(1);
    EvaluationScenario.Outage outage = truth.outages().get(0);
    assertThat(truth.stepIndex(outage.downMs())).isEqualTo(20);
    assertThat(truth.stepIndex(outage.upMs())).isEqualTo(30);
    // the failed link carries nothing while it is down, and something before and after
    String failed = outage.element();
    Map.Entry<String, double[]> direction =
        truth.actualMbps().entrySet().stream()
            .filter(e -> e.getKey().startsWith(failed + ":"))
            .findFirst()
            .orElseThrow();
    assertThat(direction.getValue()[19]).isPositive();
    assertThat(direction.getValue()[25]).isZero();
    assertThat(direction.getValue()[35]).isPositive();
    // two simulators of one scenario see the same data
    assertThat(synthetic(40, 20, 30).collectTruth().actualMbps().get(direction.getKey()))
        .containsExactly(direction.getValue());
    assertThat(truth.stepIndex(truth.stepTimesMs()[0] + 1)).isEqualTo(-1);
  }

  @Test
  void downsArePairedWithTheNextUpOfTheSameElement() {
    List<FailureEvent> events =
        List.of(
            new FailureEvent(10, NetworkEventType.LINK_DOWN, "A-B"),
            new FailureEvent(20, NetworkEventType.LINK_DOWN, "C-D"),
            new FailureEvent(30, NetworkEventType.LINK_UP, "A-B"),
            new FailureEvent(90, NetworkEventType.LINK_UP, "C-D"));
    assertThat(EvaluationScenario.outages(events, 50))
        .containsExactly(
            new EvaluationScenario.Outage("A-B", 10, 30),
            new EvaluationScenario.Outage("C-D", 20, Long.MAX_VALUE));
  }

  @Test
  void measuredTrafficWithoutAFailureLogOrScenarioIsRefused() {
    EvaluationScenario noFailures =
        new EvaluationScenario(
            "abilene", Path.of("pom.xml"), null, "none", -1, -1, null, Duration.ofMinutes(5), 1);
    assertThatThrownBy(noFailures::validate)
        .hasMessageContaining("needs a failure log (--failures F.csv)");
  }

  @Test
  void lanesMapTheStrategiesToTheBaseModelsWithPersistenceFirst() {
    Path models = Path.of("/m");
    assertThat(
            Evaluation.lanes(
                List.of("static", "liquid", "incremental", "hybrid", "persistence"), models))
        .containsExactly(
            "persistence", "static=/m/cfc", "liquid=/m/cfc", "incremental=/m/mlp", "hybrid");
  }
}
