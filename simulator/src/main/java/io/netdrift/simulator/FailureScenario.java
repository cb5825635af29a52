package io.netdrift.simulator;

import io.netdrift.core.network.FailedElements;
import io.netdrift.core.network.Link;
import io.netdrift.core.network.Routing;
import io.netdrift.core.network.RoutingTable;
import io.netdrift.core.network.Topology;
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
    String chosen = null;
    double chosenValue = 0;
    for (Link link : topology.links()) {
      double value = betweenness.get(link.linkId());
      if (value <= 0 || disconnects(topology, link.linkId())) {
        continue;
      }
      boolean better =
          chosen == null
              || (this == DRASTIC ? value > chosenValue : value < chosenValue)
              || (value == chosenValue && link.linkId().compareTo(chosen) < 0);
      if (better) {
        chosen = link.linkId();
        chosenValue = value;
      }
    }
    if (chosen == null) {
      throw new IllegalArgumentException(
          "topology " + topology.name() + " has no link whose failure keeps it connected");
    }
    return Optional.of(chosen);
  }

  /** Whether losing a link leaves some node unable to reach another. */
  static boolean disconnects(Topology topology, String linkId) {
    RoutingTable routing =
        Routing.compute(topology, FailedElements.none().withLinkDown(linkId), false);
    for (String source : topology.nodes()) {
      for (String destination : topology.nodes()) {
        if (!source.equals(destination) && !routing.isRoutable(source, destination)) {
          return true;
        }
      }
    }
    return false;
  }
}
