package io.netdrift.core.network;

import java.util.Arrays;
import java.util.PriorityQueue;

/**
 * Destination-based shortest-path routing, as a link-state IGP (OSPF, IS-IS) computes it.
 *
 * <p>For every destination {@code d}, Dijkstra's algorithm (E. W. Dijkstra, "A note on two problems
 * in connexion with graphs", 1959) runs on the reversed graph of working links to give each node
 * its distance to {@code d}. A link {@code u->v} is a shortest-path next hop of {@code u} when
 * {@code weight(u->v) + dist(v) == dist(u)} (within a relative tolerance of 1e-9).
 *
 * <ul>
 *   <li>Single path (default): among equal-cost next hops, {@code u} takes the one whose far end
 *       has the smallest node id (lexicographic), then the smallest link id. Every node picks one
 *       next hop per destination, so the paths to {@code d} form a tree, exactly like an IGP
 *       forwarding table, and the result never depends on input order.
 *   <li>ECMP (equal-cost multi-path): {@code u} splits the traffic it forwards towards {@code d}
 *       equally over all its equal-cost next hops (per-hop split, as routers hash flows).
 * </ul>
 *
 * Links that are down, and links touching a node that is down, carry nothing; demands whose origin
 * or destination is down or disconnected are unroutable and counted as dropped.
 *
 * <p>Plain Java with no Flink dependency: the simulator and the Flink job share this code, so the
 * job's estimate of which links a failure re-routes onto is the simulator's ground truth.
 */
public final class Routing {

  /** Load differences at or below this many Mbps do not count as a change. */
  public static final double CHANGE_TOLERANCE_MBPS = 1e-6;

  private static final double RELATIVE_TIE_TOLERANCE = 1e-9;

  private Routing() {}

  /** Single-path routing of a topology in a failure state. */
  public static RoutingTable compute(Topology topology, FailedElements failed) {
    return compute(topology, failed, false);
  }

  /**
   * Routing of a topology in a failure state.
   *
   * @param equalCostMultiPath whether to split equally over equal-cost next hops (ECMP)
   */
  public static RoutingTable compute(
      Topology topology, FailedElements failed, boolean equalCostMultiPath) {
    for (String link : failed.links()) {
      topology.link(link); // fails with a clear message for an unknown link
    }
    for (String node : failed.nodes()) {
      topology.nodeIndex(node);
    }
    int nodeCount = topology.nodeCount();
    int directedCount = topology.directedLinkCount();
    boolean[] usable = new boolean[directedCount];
    for (int d = 0; d < directedCount; d++) {
      usable[d] = !failed.isUnusable(topology.owner(d));
    }
    boolean[] nodeDown = new boolean[nodeCount];
    for (String node : failed.nodes()) {
      nodeDown[topology.nodeIndex(node)] = true;
    }

    int[][] pairLinks = new int[nodeCount * nodeCount][];
    double[][] pairFractions = new double[nodeCount * nodeCount][];
    double[] distance = new double[nodeCount];
    int[][] nextHops = new int[nodeCount][];
    double[] nodeFlow = new double[nodeCount];
    double[] linkFraction = new double[directedCount];
    int[] touchedLinks = new int[directedCount];
    boolean[] touched = new boolean[directedCount];

    for (int destination = 0; destination < nodeCount; destination++) {
      if (nodeDown[destination]) {
        continue;
      }
      distancesTo(topology, usable, destination, distance);
      for (int node = 0; node < nodeCount; node++) {
        nextHops[node] =
            node == destination || Double.isInfinite(distance[node])
                ? new int[0]
                : nextHopsOf(topology, usable, node, distance, equalCostMultiPath);
      }
      // only the ECMP split walks the nodes by distance; single path follows next hops
      Integer[] byDistanceDescending =
          equalCostMultiPath ? nodesByDistanceDescending(distance) : null;
      for (int source = 0; source < nodeCount; source++) {
        if (source == destination || nodeDown[source] || Double.isInfinite(distance[source])) {
          continue;
        }
        int touchedCount = 0;
        if (!equalCostMultiPath) {
          for (int node = source; node != destination; ) {
            int link = nextHops[node][0];
            touchedLinks[touchedCount++] = link;
            linkFraction[link] = 1.0;
            node = topology.target(link);
          }
        } else {
          Arrays.fill(nodeFlow, 0.0);
          nodeFlow[source] = 1.0;
          for (Integer node : byDistanceDescending) {
            double flow = nodeFlow[node];
            if (flow == 0 || node == destination) {
              continue;
            }
            double share = flow / nextHops[node].length;
            for (int link : nextHops[node]) {
              if (!touched[link]) {
                touched[link] = true;
                touchedLinks[touchedCount++] = link;
              }
              linkFraction[link] += share;
              nodeFlow[topology.target(link)] += share;
            }
          }
        }
        int[] links = Arrays.copyOf(touchedLinks, touchedCount);
        double[] fractions = new double[touchedCount];
        for (int i = 0; i < touchedCount; i++) {
          fractions[i] = linkFraction[links[i]];
          linkFraction[links[i]] = 0;
          touched[links[i]] = false;
        }
        int pair = source * nodeCount + destination;
        pairLinks[pair] = links;
        pairFractions[pair] = fractions;
      }
    }
    return new RoutingTable(topology, failed, equalCostMultiPath, usable, pairLinks, pairFractions);
  }

  /** Loads of a demand matrix under single-path routing in a failure state. */
  public static LinkLoads route(Topology topology, FailedElements failed, DemandMatrix demands) {
    return compute(topology, failed).loads(demands);
  }

  /**
   * What moving from the routing {@code before} to the failure state {@code failedAfter} does to
   * the link loads of {@code demands} (same routing mode as {@code before}).
   */
  public static RerouteImpact impactOf(
      RoutingTable before, FailedElements failedAfter, DemandMatrix demands) {
    RoutingTable after = compute(before.topology(), failedAfter, before.isEqualCostMultiPath());
    return impactOf(before, after, demands);
  }

  /** What moving from one routing to another does to the link loads of {@code demands}. */
  public static RerouteImpact impactOf(
      RoutingTable before, RoutingTable after, DemandMatrix demands) {
    LinkLoads loadsBefore = before.loads(demands);
    LinkLoads loadsAfter = after.loads(demands);
    return new RerouteImpact(
        after, loadsBefore, loadsAfter, loadsBefore.changesTo(loadsAfter, CHANGE_TOLERANCE_MBPS));
  }

  private static void distancesTo(
      Topology topology, boolean[] usable, int destination, double[] distance) {
    Arrays.fill(distance, Double.POSITIVE_INFINITY);
    distance[destination] = 0;
    boolean[] settled = new boolean[distance.length];
    PriorityQueue<double[]> queue =
        new PriorityQueue<>(
            (a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0]) : Double.compare(a[1], b[1]));
    queue.add(new double[] {0, destination});
    while (!queue.isEmpty()) {
      double[] head = queue.poll();
      int node = (int) head[1];
      if (settled[node]) {
        continue;
      }
      settled[node] = true;
      for (int link : topology.incoming(node)) {
        if (!usable[link]) {
          continue;
        }
        int previous = topology.source(link);
        double candidate = distance[node] + topology.weight(link);
        if (candidate < distance[previous]) {
          distance[previous] = candidate;
          queue.add(new double[] {candidate, previous});
        }
      }
    }
  }

  private static int[] nextHopsOf(
      Topology topology, boolean[] usable, int node, double[] distance, boolean all) {
    int[] candidates = new int[topology.outgoing(node).length];
    int count = 0;
    double tolerance = RELATIVE_TIE_TOLERANCE * Math.max(1.0, distance[node]);
    for (int link : topology.outgoing(node)) {
      if (usable[link]
          && Math.abs(topology.weight(link) + distance[topology.target(link)] - distance[node])
              <= tolerance) {
        candidates[count++] = link;
      }
    }
    if (count == 0) {
      throw new IllegalStateException("no next hop from a node with a finite distance");
    }
    if (all) {
      return Arrays.copyOf(candidates, count);
    }
    int best = candidates[0];
    for (int i = 1; i < count; i++) {
      int link = candidates[i];
      int byNode = Integer.compare(topology.target(link), topology.target(best));
      if (byNode < 0
          || (byNode == 0
              && topology.owner(link).linkId().compareTo(topology.owner(best).linkId()) < 0)) {
        best = link;
      }
    }
    return new int[] {best};
  }

  private static Integer[] nodesByDistanceDescending(double[] distance) {
    Integer[] order = new Integer[distance.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(
        order,
        (a, b) ->
            distance[a] != distance[b]
                ? Double.compare(distance[b], distance[a])
                : Integer.compare(a, b));
    return order;
  }
}
