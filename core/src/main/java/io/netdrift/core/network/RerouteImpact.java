package io.netdrift.core.network;

import java.util.List;

/**
 * What a failure or repair does to the link loads, for a given demand matrix: the routing after the
 * event, the loads before and after, and the directions whose load changes (the "routing prior").
 * Built by {@link Routing#impactOf(RoutingTable, FailedElements, DemandMatrix)}.
 *
 * @param routingAfter the routing once the network converged on the new state
 * @param loadsBefore loads under the old routing
 * @param loadsAfter loads under the new routing
 * @param changes directions whose load changes, with before/after loads, in index order
 */
public record RerouteImpact(
    RoutingTable routingAfter,
    LinkLoads loadsBefore,
    LinkLoads loadsAfter,
    List<LinkLoadChange> changes) {

  public RerouteImpact {
    changes = List.copyOf(changes);
  }

  /** Demand without a path after the event, megabits per second. */
  public double droppedDemandAfterMbps() {
    return loadsAfter.droppedDemandMbps();
  }

  /** Demand that loses its path through this event (after minus before, never negative). */
  public double newlyDroppedDemandMbps() {
    return Math.max(0, loadsAfter.droppedDemandMbps() - loadsBefore.droppedDemandMbps());
  }
}
