package io.netdrift.core.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SyntheticTopologyTest {

  private static final String SMALL = "synthetic:nodes=60,degree=5,seed=3";

  @Test
  void isConnectedEvenAfterAnySingleLinkFailure() {
    Topology topology = BuiltInTopologies.load(SMALL);
    assertThat(topology.nodeCount()).isEqualTo(60);
    assertAllPairsRoutable(Routing.compute(topology, FailedElements.none()));
    for (Link link : topology.links().subList(0, 20)) {
      assertAllPairsRoutable(
          Routing.compute(topology, FailedElements.none().withLinkDown(link.linkId())));
    }
  }

  @Test
  void sameSpecificationGivesTheSameTopologyAndOtherSeedsDiffer() {
    Topology first = SyntheticTopology.generate(SMALL);
    Topology again = BuiltInTopologies.builtInOrFile(SMALL);
    assertThat(again.links()).isEqualTo(first.links());
    assertThat(again.name()).isEqualTo(SMALL);
    Topology other = SyntheticTopology.generate("synthetic:nodes=60,degree=5,seed=4");
    assertThat(other.links()).isNotEqualTo(first.links());
  }

  @Test
  void linkCountFollowsTheMeanDegree() {
    for (int nodes : new int[] {10, 100, 400}) {
      for (double degree : new double[] {2, 3, 6}) {
        SyntheticTopology.Spec spec = new SyntheticTopology.Spec(nodes, degree, 1, 0.15, 0.8, 4);
        Topology topology = SyntheticTopology.generate(spec);
        assertThat(topology.links()).hasSize((int) Math.round(nodes * degree / 2));
        assertThat(topology.directedLinkCount()).isEqualTo(2 * topology.links().size());
        for (String node : topology.nodes()) {
          assertThat(topology.degree(node)).isGreaterThanOrEqualTo(2); // the ring
        }
      }
    }
  }

  @Test
  void routingFollowsShortestPathsAndDirectLinksAreShortest() {
    Topology topology = SyntheticTopology.generate(SMALL);
    RoutingTable routing = Routing.compute(topology, FailedElements.none());
    for (Link link : topology.links()) {
      List<DirectedLink> path = routing.path(link.nodeA(), link.nodeB());
      assertThat(path).hasSize(1);
      assertThat(path.get(0).linkId()).isEqualTo(link.linkId());
    }
    // a path is a chain from origin to destination
    String origin = topology.node(0);
    String destination = topology.node(topology.nodeCount() - 1);
    List<DirectedLink> path = routing.path(origin, destination);
    assertThat(path.get(0).srcNode()).isEqualTo(origin);
    assertThat(path.get(path.size() - 1).dstNode()).isEqualTo(destination);
    for (int i = 1; i < path.size(); i++) {
      assertThat(path.get(i).srcNode()).isEqualTo(path.get(i - 1).dstNode());
    }
  }

  @Test
  void demandPairsAreTheNeighboursPlusLongHaulAndBounded() {
    SyntheticTopology.Spec spec = SyntheticTopology.Spec.parse(SMALL + ",longhaul=3");
    Topology topology = SyntheticTopology.generate(spec);
    int[] pairs = SyntheticTopology.demandPairs(topology, spec);
    assertThat(pairs).hasSize(topology.directedLinkCount() + 3 * topology.nodeCount());
    assertThat(pairs).isSorted().doesNotHaveDuplicates();
    assertThat(SyntheticTopology.demandPairs(topology, spec)).isEqualTo(pairs);
  }

  @Test
  void badSpecificationsAreClearErrors() {
    assertThatThrownBy(() -> BuiltInTopologies.load("synthetic:nodes=2"))
        .hasMessageContaining("nodes must be >= 3");
    assertThatThrownBy(() -> BuiltInTopologies.load("synthetic:nodes=10,colour=red"))
        .hasMessageContaining("unknown key 'colour'");
    assertThatThrownBy(() -> BuiltInTopologies.load("synthetic:nodes=ten"))
        .hasMessageContaining("bad number for nodes");
  }

  private static void assertAllPairsRoutable(RoutingTable routing) {
    int nodes = routing.topology().nodeCount();
    for (int s = 0; s < nodes; s++) {
      for (int d = 0; d < nodes; d++) {
        if (s != d) {
          assertThat(routing.isRoutable(s, d)).isTrue();
        }
      }
    }
  }
}
