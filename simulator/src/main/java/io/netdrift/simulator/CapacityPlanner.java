package io.netdrift.simulator;

import io.netdrift.core.network.FailedElements;
import io.netdrift.core.network.Link;
import io.netdrift.core.network.Routing;
import io.netdrift.core.network.RoutingTable;
import io.netdrift.core.network.Topology;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gives capacities to the links a topology leaves unspecified (Euro28 ships without any), the way a
 * planner dimensions a network for its normal-day peak:
 *
 * <ol>
 *   <li>route the noise-free demand of the traffic model's planning samples (one week for the
 *       generator, the whole file for a replay) over the failure-free routing;
 *   <li>peak(link) = the largest load of either direction over all samples (links are full-duplex
 *       and symmetric);
 *   <li>capacity = peak * headroom (default 2: a 50% peak utilisation leaves room for re-routed
 *       traffic), rounded up to a multiple of {@value #ROUNDING_MBPS} Mbps;
 *   <li>a link no shortest path uses (peak 0) is a backup link: it gets the smallest capacity
 *       derived for a used link (or {@value #ROUNDING_MBPS} Mbps when no link carries anything).
 * </ol>
 *
 * Links that have a capacity keep it.
 */
public final class CapacityPlanner {

  /** Default ratio of capacity to failure-free peak load. */
  public static final double DEFAULT_HEADROOM = 2.0;

  /** Derived capacities are rounded up to a multiple of this many Mbps. */
  public static final double ROUNDING_MBPS = 100;

  private CapacityPlanner() {}

  /** The topology with derived capacities for its links without one (itself if none lacks). */
  public static Topology withDerivedCapacities(
      Topology topology, TrafficModel traffic, boolean equalCostMultiPath, double headroom) {
    if (!(headroom >= 1) || !Double.isFinite(headroom)) {
      throw new IllegalArgumentException("headroom must be >= 1, was " + headroom);
    }
    if (topology.hasAllCapacities()) {
      return topology;
    }
    RoutingTable routing = Routing.compute(topology, FailedElements.none(), equalCostMultiPath);
    double[] peakPerDirection = new double[topology.directedLinkCount()];
    double[] loads = new double[topology.directedLinkCount()];
    traffic.forEachPlanningSample(
        demands -> {
          java.util.Arrays.fill(loads, 0);
          routing.addLoads(demands, loads);
          for (int d = 0; d < loads.length; d++) {
            peakPerDirection[d] = Math.max(peakPerDirection[d], loads[d]);
          }
        });
    Map<String, Double> peakPerLink = new HashMap<>();
    for (int d = 0; d < peakPerDirection.length; d++) {
      peakPerLink.merge(topology.owner(d).linkId(), peakPerDirection[d], Math::max);
    }
    Map<String, Double> capacities = new LinkedHashMap<>();
    double smallestUsed = Double.POSITIVE_INFINITY;
    List<Link> links = topology.links();
    for (Link link : links) {
      double peak = peakPerLink.get(link.linkId());
      if (!link.hasCapacity() && peak > 0) {
        double capacity = Math.ceil(peak * headroom / ROUNDING_MBPS) * ROUNDING_MBPS;
        capacities.put(link.linkId(), capacity);
        smallestUsed = Math.min(smallestUsed, capacity);
      }
    }
    double backup = Double.isInfinite(smallestUsed) ? ROUNDING_MBPS : smallestUsed;
    for (Link link : links) {
      if (!link.hasCapacity() && !capacities.containsKey(link.linkId())) {
        capacities.put(link.linkId(), backup);
      }
    }
    return topology.withCapacities(capacities);
  }
}
