package io.netdrift.simulator;

import io.netdrift.core.network.FailedElements;
import io.netdrift.core.network.Link;
import io.netdrift.core.network.Routing;
import io.netdrift.core.network.RoutingTable;
import io.netdrift.core.network.Topology;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The failure scenarios of the reference study (Ayoub, Andreoletti et al., 2024): a single link
 * fails, and the size of the concept drift depends on how much traffic it carried.
 *
 * <p>The candidates are the links whose loss leaves every node reachable (no demand is dropped),
 * ranked by edge betweenness under the failure-free routing: the number of ordered OD pairs whose
 * shortest path crosses the link ({@link RoutingTable#linkBetweenness()}). Ties go to the smallest
 * link id.
 */
public enum FailureScenario {
  /** No failure. */
  NONE,
  /** The link with the highest betweenness fails: many pairs re-route, a large shift. */
  DRASTIC,
  /** The used link with the lowest betweenness fails: few pairs re-route, a small shift. */
  MODERATE;

  /** Parses {@code none}, {@code drastic} or {@code moderate} (case-insensitive). */
  public static FailureScenario parse(String name) {
    try {
      return valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown scenario '" + name + "' (expected none, drastic or moderate)", e);
    }
  }

  /** The link this scenario fails in a topology, or empty for {@link #NONE}. */
  public Optional<String> failingLink(Topology topology, boolean equalCostMultiPath) {
    if (this == NONE) {
      return Optional.empty();
    }
    RoutingTable routing = Routing.compute(topology, FailedElements.none(), equalCostMultiPath);
    Map<String, Double> betweenness = routing.linkBetweenness();
    // Rank first, then test connectivity in rank order: one re-routing for the chosen link (and
    // any disconnecting one ranked above it), not one per link, which large topologies need.
    Comparator<Link> byValue = Comparator.comparingDouble(link -> betweenness.get(link.linkId()));
    List<Link> ranked =
        topology.links().stream()
            .filter(link -> betweenness.get(link.linkId()) > 0)
            .sorted((this == DRASTIC ? byValue.reversed() : byValue).thenComparing(Link::linkId))
            .toList();
    for (Link link : ranked) {
      if (!disconnects(topology, link.linkId())) {
        return Optional.of(link.linkId());
      }
    }
    throw new IllegalArgumentException(
        "topology " + topology.name() + " has no link whose failure keeps it connected");
  }

  /** Whether losing a link leaves some node unable to reach another. */
  static boolean disconnects(Topology topology, String linkId) {
    RoutingTable routing =
        Routing.compute(topology, FailedElements.none().withLinkDown(linkId), false);
    int nodes = topology.nodeCount();
    for (int source = 0; source < nodes; source++) {
      for (int destination = 0; destination < nodes; destination++) {
        if (source != destination && !routing.isRoutable(source, destination)) {
          return true;
        }
      }
    }
    return false;
  }
}
