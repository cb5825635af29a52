package io.netdrift.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdrift.core.network.BuiltInTopologies;
import io.netdrift.core.network.Topology;
import io.netdrift.schema.LinkTelemetry;
import org.junit.jupiter.api.Test;

/** The simulator on a generated topology ({@code synthetic:...}). */
class SyntheticTopologySimulationTest {
  private static final String SMALL = "synthetic:nodes=60,degree=5,seed=3";

  @Test
  void simulatorCarriesTrafficOnEveryLinkWithBoundedSamples() {
    NetworkSimulator simulator =
        NetworkSimulator.builder()
            .topology(BuiltInTopologies.load(SMALL))
            .scenario(FailureScenario.DRASTIC, 2, 4)
            .maxSteps(6)
            .build();
    Topology topology = simulator.topology();
    assertThat(topology.hasAllCapacities()).isTrue();
    int pairs = topology.directedLinkCount() + 4 * topology.nodeCount();
    int events = 0;
    while (simulator.hasNext()) {
      SimulationStep step = simulator.next();
      assertThat(step.telemetry()).hasSize(topology.directedLinkCount());
      assertThat(step.traffic()).hasSize(pairs);
      for (LinkTelemetry telemetry : step.telemetry()) {
        if (telemetry.getStatus() == io.netdrift.schema.LinkStatus.UP) {
          assertThat(telemetry.getLoadMbps()).isPositive();
          assertThat(telemetry.getLoadMbps()).isLessThan(telemetry.getCapacityMbps());
        }
      }
      events += step.events().size();
    }
    assertThat(events).isEqualTo(2); // the failure and its repair
  }
}
