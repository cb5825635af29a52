package io.netdrift.core.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BuiltInTopologiesTest {

  @Test
  void euro28IsTheReferenceNetwork() {
    Topology euro28 = BuiltInTopologies.euro28();
    assertThat(euro28.nodeCount()).isEqualTo(28);
    assertThat(euro28.links()).hasSize(41);
    assertThat(euro28.link("Amsterdam-Brussels").weight()).isEqualTo(191);
    assertThat(euro28.hasAllCapacities()).isFalse();
    assertConnected(euro28);
  }

  @Test
  void abileneHasCapacities() {
    Topology abilene = BuiltInTopologies.load("Abilene");
    assertThat(abilene.nodeCount()).isEqualTo(11);
    assertThat(abilene.links()).hasSize(14);
    assertThat(abilene.hasAllCapacities()).isTrue();
    assertConnected(abilene);
  }

  @Test
  void unknownNameIsAClearError() {
    assertThatThrownBy(() -> BuiltInTopologies.load("geant"))
        .hasMessageContaining("unknown built-in topology 'geant'");
  }

  private static void assertConnected(Topology topology) {
    RoutingTable routing = Routing.compute(topology, FailedElements.none());
    for (String source : topology.nodes()) {
      for (String destination : topology.nodes()) {
        if (!source.equals(destination)) {
          assertThat(routing.isRoutable(source, destination)).isTrue();
        }
      }
    }
  }
}
