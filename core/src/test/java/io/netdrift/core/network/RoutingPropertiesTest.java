package io.netdrift.core.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Properties of {@link Routing} on random connected topologies. */
class RoutingPropertiesTest {

  /** A random connected topology: a random spanning tree plus extra links, hop weights. */
  static Topology randomTopology(long seed, int nodes, int extraLinks, boolean hopWeights) {
    Random random = new Random(seed);
    StringBuilder csv = new StringBuilder("link_id,src,dst,capacity_mbps,weight\n");
    for (int n = 1; n < nodes; n++) {
      int parent = random.nextInt(n);
      csv.append("T")
          .append(n)
          .append(",N")
          .append(parent)
          .append(",N")
          .append(n)
          .append(",,")
          .append(hopWeights ? 1 : 1 + random.nextInt(9))
          .append('\n');
    }
    for (int e = 0; e < extraLinks; e++) {
      int a = random.nextInt(nodes);
      int b = random.nextInt(nodes);
      if (a != b) {
        csv.append("E")
            .append(e)
            .append(",N")
            .append(a)
            .append(",N")
            .append(b)
            .append(",,")
            .append(hopWeights ? 1 : 1 + random.nextInt(9))
            .append('\n');
      }
    }
    return TopologyCsv.read("random", "random.csv", new StringReader(csv.toString()));
  }

  static DemandMatrix randomDemands(Topology topology, long seed) {
    Random random = new Random(seed);
    DemandMatrix demands = new DemandMatrix(topology);
    for (int s = 0; s < topology.nodeCount(); s++) {
      for (int d = 0; d < topology.nodeCount(); d++) {
        if (s != d && random.nextBoolean()) {
          demands.set(s, d, random.nextInt(1000) / 10.0);
        }
      }
    }
    return demands;
  }

  @Property(tries = 40)
  void loadSumEqualsDemandTimesHopCountPlusDrops(
      @ForAll long seed,
      @ForAll @IntRange(min = 2, max = 12) int nodes,
      @ForAll @IntRange(min = 0, max = 15) int extraLinks,
      @ForAll boolean ecmp,
      @ForAll boolean failOne) {
    Topology topology = randomTopology(seed, nodes, extraLinks, true);
    DemandMatrix demands = randomDemands(topology, seed + 1);
    FailedElements failed =
        failOne
            ? FailedElements.none().withLinkDown(topology.links().get(0).linkId())
            : FailedElements.none();
    LinkLoads loads = Routing.compute(topology, failed, ecmp).loads(demands);
    double routed = 0;
    double dropped = 0;
    for (String s : topology.nodes()) {
      for (String d : topology.nodes()) {
        if (s.equals(d)) {
          continue;
        }
        Integer hops = breadthFirstHops(topology, failed, s, d);
        if (hops == null) {
          dropped += demands.get(s, d);
        } else {
          routed += demands.get(s, d) * hops;
        }
      }
    }
    assertThat(loads.totalMbps()).isCloseTo(routed, within(1e-6 * Math.max(1, routed)));
    assertThat(loads.droppedDemandMbps()).isCloseTo(dropped, within(1e-9));
  }

  @Property(tries = 30)
  void resultDoesNotDependOnTheOrderLinksAreDeclaredIn(
      @ForAll long seed, @ForAll @IntRange(min = 3, max = 10) int nodes, @ForAll boolean ecmp) {
    Topology topology = randomTopology(seed, nodes, 10, false);
    List<Link> shuffled = new ArrayList<>(topology.links());
    Collections.shuffle(shuffled, new Random(seed));
    Topology reordered = new Topology("shuffled", shuffled);
    DemandMatrix demands = randomDemands(topology, seed);
    DemandMatrix sameDemands = new DemandMatrix(reordered).copyFrom(demands);
    var original = Routing.compute(topology, FailedElements.none(), ecmp).loads(demands).byKey();
    var other = Routing.compute(reordered, FailedElements.none(), ecmp).loads(sameDemands).byKey();
    assertThat(other.keySet()).containsExactlyInAnyOrderElementsOf(original.keySet());
    original.forEach((key, load) -> assertThat(other.get(key)).isCloseTo(load, within(1e-9)));
  }

  private static Integer breadthFirstHops(
      Topology topology, FailedElements failed, String from, String to) {
    if (failed.isNodeDown(from) || failed.isNodeDown(to)) {
      return null;
    }
    java.util.Map<String, Integer> hops = new java.util.HashMap<>();
    hops.put(from, 0);
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
