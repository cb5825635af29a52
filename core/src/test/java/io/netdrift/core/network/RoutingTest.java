package io.netdrift.core.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.StringReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoutingTest {

  /**
   * A square A-B-C-D-A with a diagonal A-C of weight 3 and hop weights elsewhere.
   *
   * <pre>
   *   A --1-- B
   *   | \     |
   *   1   3   1
   *   |     \ |
   *   D --1-- C
   * </pre>
   */
  static Topology square() {
    return TopologyCsv.read(
        "square",
        "square.csv",
        new StringReader(
            """
            link_id,src,dst,capacity_mbps,weight
            AB,A,B,100,1
            BC,B,C,100,1
            CD,C,D,100,1
            DA,D,A,100,1
            AC,A,C,100,3
            """));
  }

  @Test
  void singlePathTieBreakPicksSmallestNextHopNode() {
    RoutingTable routing = Routing.compute(square(), FailedElements.none());
    // A->C: A-B-C and A-D-C cost 2 each; the diagonal costs 3. Next hop B < D wins.
    assertThat(routing.path("A", "C"))
        .containsExactly(new DirectedLink("AB", "A", "B"), new DirectedLink("BC", "B", "C"));
    assertThat(routing.meanHopCount("A", "C")).isEqualTo(2.0);
  }

  @Test
  void handComputedLoadsOfASmallMatrix() {
    Topology square = square();
    DemandMatrix demands =
        new DemandMatrix(square).set("A", "C", 10).set("B", "D", 4).set("D", "B", 1);
    LinkLoads loads = Routing.route(square, FailedElements.none(), demands);
    // A>C via B; B>D: B-A-D and B-C-D tie, next hop A < C so via A; D>B: D-A-B vs D-C-B -> via A.
    assertThat(loads.loadMbps("AB:A>B")).isEqualTo(10.0 + 1.0);
    assertThat(loads.loadMbps("BC:B>C")).isEqualTo(10.0);
    assertThat(loads.loadMbps("AB:B>A")).isEqualTo(4.0);
    assertThat(loads.loadMbps("DA:A>D")).isEqualTo(4.0);
    assertThat(loads.loadMbps("DA:D>A")).isEqualTo(1.0);
    assertThat(loads.totalMbps()).isEqualTo(10 * 2 + 4 * 2 + 1 * 2);
    assertThat(loads.utilisation(new DirectedLink("BC", "B", "C"))).isEqualTo(0.1);
  }

  @Test
  void equalCostMultiPathSplitsEquallyPerHop() {
    Topology square = square();
    DemandMatrix demands = new DemandMatrix(square).set("A", "C", 10);
    LinkLoads loads = Routing.compute(square, FailedElements.none(), true).loads(demands);
    assertThat(loads.loadMbps("AB:A>B")).isEqualTo(5.0);
    assertThat(loads.loadMbps("DA:A>D")).isEqualTo(5.0);
    assertThat(loads.loadMbps("BC:B>C")).isEqualTo(5.0);
    assertThat(loads.loadMbps("CD:D>C")).isEqualTo(5.0);
    assertThat(loads.loadMbps("AC:A>C")).isEqualTo(0.0);
  }

  @Test
  void failureMovesLoadOntoTheDetourAndNamesTheChangedLinks() {
    Topology square = square();
    DemandMatrix demands = new DemandMatrix(square).set("A", "B", 7);
    RoutingTable before = Routing.compute(square, FailedElements.none());
    RerouteImpact impact =
        Routing.impactOf(before, FailedElements.none().withLinkDown("AB"), demands);
    // Detours: A-C-B costs 3 + 1 = 4, A-D-C-B costs 3 hops of 1: the detour goes via D and C.
    assertThat(impact.loadsAfter().loadMbps("AB:A>B")).isZero();
    assertThat(impact.loadsAfter().loadMbps("DA:A>D")).isEqualTo(7.0);
    assertThat(impact.loadsAfter().loadMbps("CD:D>C")).isEqualTo(7.0);
    assertThat(impact.loadsAfter().loadMbps("BC:C>B")).isEqualTo(7.0);
    assertThat(impact.changes())
        .containsExactly(
            new LinkLoadChange(new DirectedLink("AB", "A", "B"), 7, 0),
            new LinkLoadChange(new DirectedLink("BC", "C", "B"), 0, 7),
            new LinkLoadChange(new DirectedLink("CD", "D", "C"), 0, 7),
            new LinkLoadChange(new DirectedLink("DA", "A", "D"), 0, 7));
    assertThat(before.pairsRoutedDifferently(impact.routingAfter())).contains("A>B");
  }

  @Test
  void demandWithoutPathIsDroppedNotLost() {
    Topology square = square();
    DemandMatrix demands = new DemandMatrix(square).set("A", "B", 7).set("C", "D", 2);
    FailedElements failed = FailedElements.none().withNodeDown("B").withLinkDown("CD");
    LinkLoads loads = Routing.route(square, failed, demands);
    assertThat(loads.droppedDemandMbps()).isEqualTo(7.0); // B is down
    assertThat(loads.loadMbps("AC:C>A")).isEqualTo(2.0);
    assertThat(loads.loadMbps("DA:A>D")).isEqualTo(2.0);

    FailedElements isolated = FailedElements.none().withLinkDown("AB").withLinkDown("BC");
    assertThat(Routing.route(square, isolated, demands).droppedDemandMbps()).isEqualTo(7.0);
  }

  @Test
  void flowConservationUnderHopWeights() {
    Topology ring = ringWithChords(9);
    DemandMatrix demands = new DemandMatrix(ring);
    java.util.Random random = new java.util.Random(7);
    for (int s = 0; s < ring.nodeCount(); s++) {
      for (int d = 0; d < ring.nodeCount(); d++) {
        if (s != d) {
          demands.set(s, d, random.nextDouble() * 100);
        }
      }
    }
    for (boolean ecmp : new boolean[] {false, true}) {
      for (FailedElements failed :
          List.of(FailedElements.none(), FailedElements.none().withLinkDown("L0"))) {
        RoutingTable routing = Routing.compute(ring, failed, ecmp);
        double expected = 0;
        for (String s : ring.nodes()) {
          for (String d : ring.nodes()) {
            if (!s.equals(d)) {
              expected += demands.get(s, d) * shortestHops(ring, failed, s, d);
            }
          }
        }
        assertThat(routing.loads(demands).totalMbps()).isCloseTo(expected, within(1e-6));
      }
    }
  }

  @Test
  void directedLinksCarryOneWayOnly() {
    Topology oneWay =
        TopologyCsv.read(
            "oneway",
            "oneway.csv",
            new StringReader(
                "link_id,src,dst,capacity_mbps,weight,directed\nXY,X,Y,,,true\nYZ,Y,Z,,,\nZX,Z,X,,,true\n"));
    assertThat(oneWay.directedLinkCount()).isEqualTo(4);
    DemandMatrix demands = new DemandMatrix(oneWay).set("Y", "X", 3);
    LinkLoads loads = Routing.route(oneWay, FailedElements.none(), demands);
    assertThat(loads.byKey()).containsEntry("YZ:Y>Z", 3.0).containsEntry("ZX:Z>X", 3.0);
  }

  @Test
  void betweennessCountsPairsCrossingALink() {
    Map<String, Double> betweenness =
        Routing.compute(square(), FailedElements.none()).linkBetweenness();
    assertThat(betweenness.get("AC")).isZero();
    assertThat(betweenness.values().stream().mapToDouble(Double::doubleValue).sum())
        .isEqualTo(16.0); // 12 ordered pairs: 8 adjacent (1 hop) + 4 opposite (2 hops)
  }

  @Test
  void routingPriorTracksEventsAndReusesTheRoutingOfARestoredState() {
    Topology square = square();
    DemandMatrix demands = new DemandMatrix(square).set("A", "B", 7);
    RoutingPrior prior = new RoutingPrior(square, false);
    RoutingTable initial = prior.routing();
    RerouteImpact down = prior.apply("LINK_DOWN", "AB", demands);
    assertThat(down.changes()).hasSize(4);
    assertThat(prior.failed().links()).containsExactly("AB");
    RerouteImpact up = prior.apply("LINK_UP", "AB", demands);
    assertThat(up.changes())
        .extracting(LinkLoadChange::loadAfterMbps)
        .containsExactly(7.0, 0.0, 0.0, 0.0);
    assertThat(prior.routing()).isSameAs(initial);
    assertThat(prior.apply("REROUTE", "maintenance", demands).changes()).isEmpty();
  }

  /** Ring of n nodes plus chords i -> i+3 every third node, hop weights. */
  static Topology ringWithChords(int n) {
    StringBuilder csv = new StringBuilder("link_id,src,dst\n");
    for (int i = 0; i < n; i++) {
      csv.append("L")
          .append(i)
          .append(",N")
          .append(i)
          .append(",N")
          .append((i + 1) % n)
          .append('\n');
    }
    for (int i = 0; i < n; i += 3) {
      csv.append("C")
          .append(i)
          .append(",N")
          .append(i)
          .append(",N")
          .append((i + 4) % n)
          .append('\n');
    }
    return TopologyCsv.read("ring", "ring.csv", new StringReader(csv.toString()));
  }

  /** Breadth-first hop count, independent of {@link Routing}. */
  static int shortestHops(Topology topology, FailedElements failed, String from, String to) {
    Map<String, Integer> hops = new java.util.HashMap<>(Map.of(from, 0));
    java.util.ArrayDeque<String> queue = new java.util.ArrayDeque<>(List.of(from));
    while (!queue.isEmpty()) {
      String node = queue.poll();
      for (Link link : topology.links()) {
        if (failed.isUnusable(link)) {
          continue;
        }
        String next =
            link.nodeA().equals(node)
                ? link.nodeB()
                : (!link.directed() && link.nodeB().equals(node) ? link.nodeA() : null);
        if (next != null && !hops.containsKey(next)) {
          hops.put(next, hops.get(node) + 1);
          queue.add(next);
        }
      }
    }
    return hops.get(to);
  }
}
