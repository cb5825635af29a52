package io.netdrift.core.network;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tracks the failure state of a network and answers, for each announced failure or repair, which
 * link directions the re-routing changes and what their load becomes for the latest known OD
 * demand: the routing prior a forecaster can use at once instead of learning the new level from its
 * errors. The simulator computes its network events this way, and the streaming job does the same
 * from the network-events topic, so both agree by construction.
 *
 * <p>Routings are cached per failure state (least recently used, {@value #CACHE_SIZE} states), so
 * flapping links and repairs that restore an earlier state cost no new shortest-path run. Not
 * thread-safe; keep one per task.
 */
public final class RoutingPrior {

  static final int CACHE_SIZE = 64;

  private final Topology topology;
  private final boolean equalCostMultiPath;
  private final Map<FailedElements, RoutingTable> cache =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<FailedElements, RoutingTable> eldest) {
          return size() > CACHE_SIZE;
        }
      };
  private RoutingTable current;

  /** Starts with nothing failed. */
  public RoutingPrior(Topology topology, boolean equalCostMultiPath) {
    this.topology = topology;
    this.equalCostMultiPath = equalCostMultiPath;
    this.current = routingFor(FailedElements.none());
  }

  public Topology topology() {
    return topology;
  }

  /** The routing in force. */
  public RoutingTable routing() {
    return current;
  }

  public FailedElements failed() {
    return current.failed();
  }

  /** The routing of a failure state (cached), without changing the state in force. */
  public RoutingTable routingFor(FailedElements failed) {
    return cache.computeIfAbsent(
        failed, state -> Routing.compute(topology, state, equalCostMultiPath));
  }

  /**
   * Applies a network event ({@code LINK_DOWN}, {@code LINK_UP}, {@code NODE_DOWN}, {@code
   * NODE_UP}, see {@link FailedElements#apply}) and returns its impact on {@code demands}.
   */
  public RerouteImpact apply(String eventType, String element, DemandMatrix demands) {
    return moveTo(current.failed().apply(eventType, element), demands);
  }

  /** Moves to a failure state and returns the impact on {@code demands}. */
  public RerouteImpact moveTo(FailedElements next, DemandMatrix demands) {
    RoutingTable after = routingFor(next);
    RerouteImpact impact = Routing.impactOf(current, after, demands);
    current = after;
    return impact;
  }
}
