package io.netdrift.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.netdrift.core.network.BuiltInTopologies;
import io.netdrift.core.network.FailedElements;
import io.netdrift.core.network.Link;
import io.netdrift.core.network.Routing;
import io.netdrift.core.network.Topology;
import io.netdrift.schema.AffectedLink;
import io.netdrift.schema.LinkStatus;
import io.netdrift.schema.LinkTelemetry;
import io.netdrift.schema.NetworkEvent;
import io.netdrift.schema.NetworkEventType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkSimulatorTest {

  private static NetworkSimulator drasticEuro28(long seed) {
    return NetworkSimulator.builder()
        .topology(BuiltInTopologies.euro28())
        .seed(seed)
        .scenario(FailureScenario.DRASTIC, 3, -1)
        .build();
  }

  @Test
  void euro28HasDerivedCapacitiesAndOneTelemetryPerDirection() {
    NetworkSimulator simulator = drasticEuro28(1);
    Topology topology = simulator.topology();
    assertThat(topology.nodeCount()).isEqualTo(28);
    assertThat(topology.links()).hasSize(41);
    assertThat(topology.hasAllCapacities()).isTrue();
    SimulationStep step = simulator.next();
    assertThat(step.telemetry()).hasSize(82);
    assertThat(step.traffic()).hasSize(28 * 27);
    assertThat(step.expectedLoadMbps()).hasSize(82);
    for (LinkTelemetry telemetry : step.telemetry()) {
      assertThat(telemetry.getLoadMbps()).isLessThan(telemetry.getCapacityMbps());
      assertThat(telemetry.getStatus()).isEqualTo(LinkStatus.UP);
    }
  }

  @Test
  void drasticFailureTakesTheBusiestLinkDownAndMovesItsLoadOntoTheDetour() {
    NetworkSimulator simulator = drasticEuro28(1);
    List<SimulationStep> steps = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      steps.add(simulator.next());
    }
    assertThat(steps.get(2).events()).isEmpty();
    assertThat(steps.get(3).events()).hasSize(1);
    NetworkEvent event = steps.get(3).events().get(0);
    assertThat(event.getType()).isEqualTo(NetworkEventType.LINK_DOWN);
    String failed = event.getElement();
    assertThat(failed)
        .isEqualTo(FailureScenario.DRASTIC.failingLink(simulator.topology(), false).orElseThrow());
    assertThat(event.getDroppedDemandMbps()).isZero();
    assertThat(event.getAffectedLinks()).isNotEmpty();

    double movedAway = 0;
    double movedOnto = 0;
    for (AffectedLink affected : event.getAffectedLinks()) {
      if (affected.getLinkId().equals(failed)) {
        assertThat(affected.getLoadAfterMbps()).isZero();
        movedAway += affected.getLoadBeforeMbps();
      } else if (affected.getLoadAfterMbps() > affected.getLoadBeforeMbps()) {
        movedOnto += affected.getLoadAfterMbps() - affected.getLoadBeforeMbps();
      }
    }
    // A detour is at least as long as the failed hop, so at least as much load appears elsewhere.
    assertThat(movedOnto).isGreaterThanOrEqualTo(movedAway);

    for (LinkTelemetry telemetry : steps.get(3).telemetry()) {
      if (telemetry.getLinkId().equals(failed)) {
        assertThat(telemetry.getStatus()).isEqualTo(LinkStatus.DOWN);
        assertThat(telemetry.getLoadMbps()).isZero();
      }
      // The event's after-load is the step's measured load (no telemetry noise by default).
      for (AffectedLink affected : event.getAffectedLinks()) {
        if (affected.getLinkId().equals(telemetry.getLinkId())
            && affected.getSrcNode().equals(telemetry.getSrcNode())
            && affected.getDstNode().equals(telemetry.getDstNode())) {
          assertThat(telemetry.getLoadMbps()).isCloseTo(affected.getLoadAfterMbps(), within(1e-6));
        }
      }
    }
    assertThat(simulator.failedElements()).isEqualTo(FailedElements.none().withLinkDown(failed));
  }

  @Test
  void derivedCapacitiesKeepUtilisationBelowOneThroughTheDrasticFailure() {
    NetworkSimulator simulator =
        NetworkSimulator.builder()
            .stepLength(java.time.Duration.ofHours(1))
            .scenario(FailureScenario.DRASTIC, 12, -1)
            .maxSteps(48)
            .build();
    double before = 0;
    double after = 0;
    while (simulator.hasNext()) {
      SimulationStep step = simulator.next();
      for (LinkTelemetry telemetry : step.telemetry()) {
        double utilisation = telemetry.getLoadMbps() / telemetry.getCapacityMbps();
        if (simulator.stepIndex() <= 12) {
          before = Math.max(before, utilisation);
        } else {
          after = Math.max(after, utilisation);
        }
      }
    }
    assertThat(before).isLessThan(0.55);
    assertThat(after).isGreaterThan(before).isLessThan(0.9);
  }

  @Test
  void sameSeedSameSteps_otherSeedOtherSteps() {
    NetworkSimulator first = drasticEuro28(42);
    NetworkSimulator second = drasticEuro28(42);
    NetworkSimulator other = drasticEuro28(43);
    for (int i = 0; i < 6; i++) {
      SimulationStep a = first.next();
      SimulationStep b = second.next();
      SimulationStep c = other.next();
      assertThat(b).isEqualTo(a);
      assertThat(c.telemetry()).isNotEqualTo(a.telemetry());
    }
  }

  @Test
  void expectedLoadIsTheNoiseFreeDemandRoutedAndLoadIsNoisyAroundIt() {
    NetworkSimulator simulator = drasticEuro28(5);
    SimulationStep step = simulator.next();
    var expectedLoads =
        Routing.route(simulator.topology(), FailedElements.none(), simulator.expectedDemands());
    double relativeGap = 0;
    for (LinkTelemetry telemetry : step.telemetry()) {
      String key =
          io.netdrift.core.network.DirectedLink.key(
              telemetry.getLinkId(), telemetry.getSrcNode(), telemetry.getDstNode());
      double expected = step.expectedLoadMbps().get(key);
      assertThat(expected).isCloseTo(expectedLoads.loadMbps(key), within(1e-6));
      if (expected > 0) {
        relativeGap =
            Math.max(relativeGap, Math.abs(telemetry.getLoadMbps() - expected) / expected);
      }
    }
    assertThat(relativeGap).isGreaterThan(0).isLessThan(0.2);
  }

  @Test
  void dailyCycleShowsInTheTotalDemand() {
    NetworkSimulator simulator =
        NetworkSimulator.builder().stepLength(java.time.Duration.ofHours(1)).maxSteps(24).build();
    double min = Double.MAX_VALUE;
    double max = 0;
    while (simulator.hasNext()) {
      simulator.next();
      double total = simulator.expectedDemands().totalMbps();
      min = Math.min(min, total);
      max = Math.max(max, total);
    }
    assertThat(max / min).isGreaterThan(1.5);
    assertThat(simulator.stepIndex()).isEqualTo(24);
  }

  @Test
  void euro28FlowConservationUnderHopCountWeights() {
    Topology hops = BuiltInTopologies.euro28().withHopCountWeights();
    for (boolean ecmp : new boolean[] {false, true}) {
      NetworkSimulator simulator =
          NetworkSimulator.builder().topology(hops).equalCostMultiPath(ecmp).build();
      SimulationStep step = simulator.next();
      double routed = 0;
      for (String s : hops.nodes()) {
        for (String d : hops.nodes()) {
          if (!s.equals(d)) {
            routed += simulator.expectedDemands().get(s, d) * breadthFirstHops(hops, s, d);
          }
        }
      }
      double total = step.expectedLoadMbps().values().stream().mapToDouble(x -> x).sum();
      assertThat(total).isCloseTo(routed, within(1e-6 * routed));
    }
  }

  @Test
  void moderateScenarioPicksALessUsedLinkThanDrastic() {
    Topology topology = BuiltInTopologies.euro28();
    String drastic = FailureScenario.DRASTIC.failingLink(topology, false).orElseThrow();
    String moderate = FailureScenario.MODERATE.failingLink(topology, false).orElseThrow();
    var betweenness = Routing.compute(topology, FailedElements.none()).linkBetweenness();
    assertThat(betweenness.get(moderate)).isLessThan(betweenness.get(drastic));
    for (Link link : topology.links()) {
      assertThat(betweenness.get(link.linkId())).isLessThanOrEqualTo(betweenness.get(drastic));
    }
  }

  /** Hop count by breadth-first search, independent of {@link Routing}. */
  private static int breadthFirstHops(Topology topology, String from, String to) {
    java.util.Map<String, Integer> hops = new java.util.HashMap<>(java.util.Map.of(from, 0));
    java.util.ArrayDeque<String> queue = new java.util.ArrayDeque<>(List.of(from));
    while (!queue.isEmpty()) {
      String node = queue.poll();
      for (Link link : topology.links()) {
        String next =
            link.nodeA().equals(node)
                ? link.nodeB()
                : link.nodeB().equals(node) ? link.nodeA() : null;
        if (next != null && !hops.containsKey(next)) {
          hops.put(next, hops.get(node) + 1);
          queue.add(next);
        }
      }
    }
    return hops.get(to);
  }
}
