package io.netdrift.benchmarks.scale;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdrift.simulator.FailureScenario;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ScaleOptionsTest {

  @Test
  void otherFlagsAreJobConfigurationInTheirOrder() {
    ScaleBenchmark b = new ScaleBenchmark();
    new CommandLine(b)
        .parseArgs(
            "--link-steps",
            "240000",
            "--strategies",
            "persistence,static=/m/cfc",
            "--warmup-steps",
            "200",
            "--model-device",
            "cpu",
            "--scenario",
            "moderate");
    assertThat(b.linkSteps).isEqualTo(240_000);
    assertThat(b.warmupSteps).isEqualTo(200);
    assertThat(b.scenario).isEqualTo(FailureScenario.parse("moderate"));
    assertThat(b.jobArgs)
        .containsExactly("--strategies", "persistence,static=/m/cfc", "--model-device", "cpu");
    assertThat(b.topologies).hasSize(3);
  }

  @Test
  void stateSizeDefaultsRunBothBackendsOnTheScaleSizes() {
    StateSizeBenchmark b = new StateSizeBenchmark();
    new CommandLine(b).parseArgs();
    assertThat(b.stateBackends).containsExactly("hashmap", "rocksdb");
    assertThat(b.growthTopologies).isEqualTo(List.of(ScaleBenchmark.DEFAULT_TOPOLOGIES.split(";")));
    assertThat(b.steps).isEqualTo(201);
  }

  @Test
  void aBudgetOfLinkStepsGivesFewerStepsToLargerNetworks() {
    LinkStepBudget budget = new LinkStepBudget(240_000, 20);
    assertThat(budget.stepsFor(300)).isEqualTo(801);
    assertThat(budget.stepsFor(3_000)).isEqualTo(81);
    assertThat(budget.stepsFor(30_000)).isEqualTo(21);
  }
}
