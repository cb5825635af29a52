package io.netdrift.simulator;

import io.netdrift.core.network.DemandMatrix;
import io.netdrift.core.network.FailedElements;
import io.netdrift.core.network.Link;
import io.netdrift.core.network.Routing;
import io.netdrift.core.network.RoutingTable;
import io.netdrift.core.network.Topology;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gives capacities to the links a topology leaves unspecified (Euro28 ships without any), the way a
 * planner dimensions a backbone for its normal-day peak and for any single link failure:
 *
 * <ol>
 *   <li>route the noise-free demand of the traffic model's planning samples (one week for the
 *       generator, the whole file for a replay) over the failure-free routing; {@code peak} = the
 *       largest load of either direction (links are full-duplex and symmetric);
 *   <li>route an evenly spaced subset of those samples (at most {@value #MAX_FAILURE_SAMPLES}) over
 *       the routing of every single-link failure; {@code failurePeak} = the largest load of either
 *       direction over all of them. A large topology (every failure is a full re-routing of all
 *       pairs) only fails the links with the largest failure-free peak, whose failures move the
 *       most traffic: at most {@value #MAX_FAILURE_CASES} (all links of Euro28 and Abilene), at
 *       most 640,000 / nodes&sup2; and at least 8 (8 from 283 nodes on);
 *   <li>capacity = max(peak * headroom, failurePeak * survivableHeadroom), rounded up to a multiple
 *       of {@value #ROUNDING_MBPS} Mbps. With the defaults (2 and 1.25) the peak utilisation is at
 *       most 50% without failures and about 80% under any single link failure, so re-routed traffic
 *       never reports an impossible load above capacity;
 *   <li>a link that carries nothing in any of these states gets the smallest capacity derived for
 *       another link (or {@value #ROUNDING_MBPS} Mbps).
 * </ol>
 *
 * Links that have a capacity keep it.
 */
public final class CapacityPlanner {

  /** Default ratio of capacity to failure-free peak load. */
  public static final double DEFAULT_HEADROOM = 2.0;

  /** Default ratio of capacity to the peak load under the worst single link failure. */
  public static final double DEFAULT_SURVIVABLE_HEADROOM = 1.25;

  /** Derived capacities are rounded up to a multiple of this many Mbps. */
  public static final double ROUNDING_MBPS = 100;

  /** Planning samples routed under each single-link failure, at most. */
  static final int MAX_FAILURE_SAMPLES = 168;

  /** Single-link failures routed, at most (the busiest links; all links of Euro28 and Abilene). */
  static final int MAX_FAILURE_CASES = 64;

  private CapacityPlanner() {}

  /**
   * {@link #withDerivedCapacities(Topology, TrafficModel, boolean, double, double)} with the
   * default survivable headroom.
   */
  public static Topology withDerivedCapacities(
      Topology topology, TrafficModel traffic, boolean equalCostMultiPath, double headroom) {
    return withDerivedCapacities(
        topology, traffic, equalCostMultiPath, headroom, DEFAULT_SURVIVABLE_HEADROOM);
  }

  /**
   * The topology with derived capacities for its links without one (itself if none lacks).
   *
   * @param headroom capacity / failure-free peak, &gt;= 1
   * @param survivableHeadroom capacity / peak under the worst single link failure; 0 to size for
   *     the failure-free peak only
   */
  public static Topology withDerivedCapacities(
      Topology topology,
      TrafficModel traffic,
      boolean equalCostMultiPath,
      double headroom,
      double survivableHeadroom) {
    if (!(headroom >= 1) || !Double.isFinite(headroom)) {
      throw new IllegalArgumentException("headroom must be >= 1, was " + headroom);
    }
    if (!(survivableHeadroom == 0 || survivableHeadroom >= 1)
        || !Double.isFinite(survivableHeadroom)) {
      throw new IllegalArgumentException(
          "survivable headroom must be 0 or >= 1, was " + survivableHeadroom);
    }
    if (topology.hasAllCapacities()) {
      return topology;
    }
    int[] sampleCount = {0};
    traffic.forEachPlanningSample(demands -> sampleCount[0]++);
    int stride = Math.max(1, (sampleCount[0] + MAX_FAILURE_SAMPLES - 1) / MAX_FAILURE_SAMPLES);
    List<DemandMatrix> failureSamples = new ArrayList<>();
    RoutingTable intact = Routing.compute(topology, FailedElements.none(), equalCostMultiPath);
    double[] peak = new double[topology.directedLinkCount()];
    double[] loads = new double[topology.directedLinkCount()];
    int[] index = {0};
    traffic.forEachPlanningSample(
        demands -> {
          Arrays.fill(loads, 0);
          intact.addLoads(demands, loads);
          for (int d = 0; d < loads.length; d++) {
            peak[d] = Math.max(peak[d], loads[d]);
          }
          if (survivableHeadroom > 0 && index[0]++ % stride == 0) {
            failureSamples.add(demands.copy());
          }
        });
    double[] failurePeak = new double[topology.directedLinkCount()];
    if (survivableHeadroom > 0) {
      for (Link failed : failureCases(topology, peak)) {
        RoutingTable detour =
            Routing.compute(
                topology, FailedElements.none().withLinkDown(failed.linkId()), equalCostMultiPath);
        for (DemandMatrix demands : failureSamples) {
          Arrays.fill(loads, 0);
          detour.addLoads(demands, loads);
          for (int d = 0; d < loads.length; d++) {
            failurePeak[d] = Math.max(failurePeak[d], loads[d]);
          }
        }
      }
    }
    Map<String, Double> required = new HashMap<>();
    for (int d = 0; d < peak.length; d++) {
      double need = Math.max(peak[d] * headroom, failurePeak[d] * survivableHeadroom);
      required.merge(topology.owner(d).linkId(), need, Math::max);
    }
    Map<String, Double> capacities = new LinkedHashMap<>();
    double smallest = Double.POSITIVE_INFINITY;
    for (Link link : topology.links()) {
      double need = required.get(link.linkId());
      if (!link.hasCapacity() && need > 0) {
        double capacity = Math.ceil(need / ROUNDING_MBPS) * ROUNDING_MBPS;
        capacities.put(link.linkId(), capacity);
        smallest = Math.min(smallest, capacity);
      }
    }
    double unused = Double.isInfinite(smallest) ? ROUNDING_MBPS : smallest;
    for (Link link : topology.links()) {
      if (!link.hasCapacity() && !capacities.containsKey(link.linkId())) {
        capacities.put(link.linkId(), unused);
      }
    }
    return topology.withCapacities(capacities);
  }

  /** The links whose failures are routed: all, or the busiest {@value #MAX_FAILURE_CASES}. */
  private static List<Link> failureCases(Topology topology, double[] peak) {
    // each case re-routes every pair: fewer cases as the pairs grow (8 at 300 nodes and above)
    int n = topology.nodeCount();
    int cases = (int) Math.max(8, Math.min(MAX_FAILURE_CASES, 640_000L / ((long) n * n)));
    if (topology.links().size() <= cases) {
      return topology.links();
    }
    Map<String, Double> linkPeak = new HashMap<>();
    for (int d = 0; d < peak.length; d++) {
      linkPeak.merge(topology.owner(d).linkId(), peak[d], Math::max);
    }
    List<Link> busiest = new ArrayList<>(topology.links());
    busiest.sort(
        Comparator.comparingDouble((Link link) -> -linkPeak.get(link.linkId()))
            .thenComparing(Link::linkId));
    return busiest.subList(0, cases);
  }
}
