package io.netdrift.core.network;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The routing of every origin-destination pair of a topology in one failure state: for each pair,
 * the link directions its traffic crosses and the fraction of it each carries (1 on a single path;
 * shares under ECMP). Computed once per failure state by {@link Routing}, then applied to any
 * number of demand matrices with {@link #loads(DemandMatrix)} in time proportional to the total
 * path length. Immutable and thread-safe.
 */
public final class RoutingTable {

  private final Topology topology;
  private final FailedElements failed;
  private final boolean equalCostMultiPath;
  private final boolean[] usable;
  private final int[][] pairLinks;
  private final double[][] pairFractions;

  RoutingTable(
      Topology topology,
      FailedElements failed,
      boolean equalCostMultiPath,
      boolean[] usable,
      int[][] pairLinks,
      double[][] pairFractions) {
    this.topology = topology;
    this.failed = failed;
    this.equalCostMultiPath = equalCostMultiPath;
    this.usable = usable;
    this.pairLinks = pairLinks;
    this.pairFractions = pairFractions;
  }

  public Topology topology() {
    return topology;
  }

  public FailedElements failed() {
    return failed;
  }

  public boolean isEqualCostMultiPath() {
    return equalCostMultiPath;
  }

  /** Whether a link direction can carry traffic (its link and both ends are up). */
  public boolean isUsable(int directedLink) {
    return usable[directedLink];
  }

  /** Whether traffic from {@code source} can reach {@code destination}. */
  public boolean isRoutable(String source, String destination) {
    return pairLinks[pair(source, destination)] != null;
  }

  /** Whether traffic from node index {@code source} can reach node index {@code destination}. */
  public boolean isRoutable(int source, int destination) {
    return pairLinks[source * topology.nodeCount() + destination] != null;
  }

  /**
   * The link directions of a pair's traffic with the fraction each carries, in path order (empty
   * map when unroutable).
   */
  public Map<DirectedLink, Double> split(String source, String destination) {
    int pair = pair(source, destination);
    Map<DirectedLink, Double> split = new LinkedHashMap<>();
    if (pairLinks[pair] != null) {
      for (int i = 0; i < pairLinks[pair].length; i++) {
        split.put(topology.directedLink(pairLinks[pair][i]), pairFractions[pair][i]);
      }
    }
    return Collections.unmodifiableMap(split);
  }

  /**
   * The path of a pair under single-path routing, in order; for ECMP routings the links of all
   * equal-cost paths. Empty when unroutable.
   */
  public List<DirectedLink> path(String source, String destination) {
    return new ArrayList<>(split(source, destination).keySet());
  }

  /**
   * Mean number of hops of a pair's traffic (sum of the split fractions): the path length on a
   * single path; NaN when unroutable.
   */
  public double meanHopCount(String source, String destination) {
    int pair = pair(source, destination);
    if (pairLinks[pair] == null) {
      return Double.NaN;
    }
    double hops = 0;
    for (double fraction : pairFractions[pair]) {
      hops += fraction;
    }
    return hops;
  }

  /** Routes a demand matrix: the load of every direction and the dropped demand. */
  public LinkLoads loads(DemandMatrix demands) {
    double[] loads = new double[topology.directedLinkCount()];
    double dropped = addLoads(demands, loads);
    return new LinkLoads(topology, loads, dropped);
  }

  /**
   * Adds the loads of a demand matrix into {@code loadsMbps} (indexed like {@link
   * Topology#directedLinks()}) without allocating; returns the dropped demand.
   */
  public double addLoads(DemandMatrix demands, double[] loadsMbps) {
    if (demands.nodeCount() != topology.nodeCount()) {
      throw new IllegalArgumentException("demand matrix of another topology");
    }
    int nodeCount = topology.nodeCount();
    double dropped = 0;
    for (int pair = 0; pair < pairLinks.length; pair++) {
      double demand = demands.atPair(pair);
      if (demand == 0) {
        continue;
      }
      int[] links = pairLinks[pair];
      if (links == null) {
        if (pair / nodeCount != pair % nodeCount) {
          dropped += demand;
        }
        continue;
      }
      double[] fractions = pairFractions[pair];
      for (int i = 0; i < links.length; i++) {
        loadsMbps[links[i]] += demand * fractions[i];
      }
    }
    return dropped;
  }

  /**
   * Edge betweenness of each declared link under this routing: over all ordered OD pairs, the sum
   * of the fractions of their traffic crossing the link (in either direction). Keyed by link id in
   * declaration order.
   */
  public Map<String, Double> linkBetweenness() {
    double[] perLink = new double[topology.links().size()];
    Map<String, Integer> linkPosition = new LinkedHashMap<>();
    for (int i = 0; i < topology.links().size(); i++) {
      linkPosition.put(topology.links().get(i).linkId(), i);
    }
    for (int pair = 0; pair < pairLinks.length; pair++) {
      if (pairLinks[pair] == null) {
        continue;
      }
      for (int i = 0; i < pairLinks[pair].length; i++) {
        perLink[linkPosition.get(topology.owner(pairLinks[pair][i]).linkId())] +=
            pairFractions[pair][i];
      }
    }
    Map<String, Double> betweenness = new LinkedHashMap<>();
    for (Map.Entry<String, Integer> entry : linkPosition.entrySet()) {
      betweenness.put(entry.getKey(), perLink[entry.getValue()]);
    }
    return Collections.unmodifiableMap(betweenness);
  }

  /** Ordered OD pairs ({@code src>dst}) whose traffic is routed differently in {@code other}. */
  public List<String> pairsRoutedDifferently(RoutingTable other) {
    List<String> pairs = new ArrayList<>();
    int nodeCount = topology.nodeCount();
    for (int pair = 0; pair < pairLinks.length; pair++) {
      int source = pair / nodeCount;
      int destination = pair % nodeCount;
      if (source == destination) {
        continue;
      }
      if (!sameSplit(
          pairLinks[pair], pairFractions[pair], other.pairLinks[pair], other.pairFractions[pair])) {
        pairs.add(topology.node(source) + ">" + topology.node(destination));
      }
    }
    return pairs;
  }

  private static boolean sameSplit(
      int[] links, double[] fractions, int[] otherLinks, double[] otherFractions) {
    if (links == null || otherLinks == null) {
      return links == otherLinks;
    }
    if (links.length != otherLinks.length) {
      return false;
    }
    for (int i = 0; i < links.length; i++) {
      if (links[i] != otherLinks[i] || fractions[i] != otherFractions[i]) {
        return false;
      }
    }
    return true;
  }

  private int pair(String source, String destination) {
    return topology.nodeIndex(source) * topology.nodeCount() + topology.nodeIndex(destination);
  }
}
