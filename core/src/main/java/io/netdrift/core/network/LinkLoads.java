package io.netdrift.core.network;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The load every link direction of a topology carries under one routing and one demand matrix, plus
 * the demand no path could carry. Load of a direction = sum of the demands routed over it (times
 * their split fraction under ECMP); utilisation = load / capacity of that direction. Immutable.
 */
public final class LinkLoads {

  private final Topology topology;
  private final double[] loadsMbps;
  private final double droppedDemandMbps;

  /** Wraps loads indexed like {@link Topology#directedLinks()} (the array is not copied). */
  LinkLoads(Topology topology, double[] loadsMbps, double droppedDemandMbps) {
    if (loadsMbps.length != topology.directedLinkCount()) {
      throw new IllegalArgumentException("one load per directed link expected");
    }
    this.topology = topology;
    this.loadsMbps = loadsMbps;
    this.droppedDemandMbps = droppedDemandMbps;
  }

  public Topology topology() {
    return topology;
  }

  /** Load of the directed link with this index in {@link Topology#directedLinks()}. */
  public double loadMbps(int directedLink) {
    return loadsMbps[directedLink];
  }

  public double loadMbps(DirectedLink link) {
    return loadMbps(link.key());
  }

  /** Load of a directed link given by its key {@code linkId:src>dst}. */
  public double loadMbps(String directedLinkKey) {
    int index = topology.directedLinkIndex(directedLinkKey);
    if (index < 0) {
      throw new IllegalArgumentException(
          "unknown directed link '" + directedLinkKey + "' in topology " + topology.name());
    }
    return loadsMbps[index];
  }

  /** Load / capacity of a direction; NaN when the capacity is unspecified. */
  public double utilisation(int directedLink) {
    return loadsMbps[directedLink] / topology.capacityMbps(directedLink);
  }

  public double utilisation(DirectedLink link) {
    int index = topology.directedLinkIndex(link.key());
    if (index < 0) {
      throw new IllegalArgumentException("unknown directed link " + link);
    }
    return utilisation(index);
  }

  /** Demand whose origin and destination had no working path (or were down themselves). */
  public double droppedDemandMbps() {
    return droppedDemandMbps;
  }

  /** Sum of the loads of all directions. */
  public double totalMbps() {
    double total = 0;
    for (double load : loadsMbps) {
      total += load;
    }
    return total;
  }

  /** A copy of the loads, indexed like {@link Topology#directedLinks()}. */
  public double[] toArray() {
    return loadsMbps.clone();
  }

  /** Loads by directed link key, in index order. */
  public Map<String, Double> byKey() {
    Map<String, Double> loads = new LinkedHashMap<>();
    for (int d = 0; d < loadsMbps.length; d++) {
      loads.put(topology.directedLink(d).key(), loadsMbps[d]);
    }
    return Collections.unmodifiableMap(loads);
  }

  /**
   * The directions whose load differs between this (before) and {@code after} by more than {@code
   * toleranceMbps}, in index order.
   */
  public List<LinkLoadChange> changesTo(LinkLoads after, double toleranceMbps) {
    if (after.topology.directedLinkCount() != topology.directedLinkCount()) {
      throw new IllegalArgumentException("loads of different topologies");
    }
    List<LinkLoadChange> changes = new ArrayList<>();
    for (int d = 0; d < loadsMbps.length; d++) {
      if (Math.abs(after.loadsMbps[d] - loadsMbps[d]) > toleranceMbps) {
        changes.add(new LinkLoadChange(topology.directedLink(d), loadsMbps[d], after.loadsMbps[d]));
      }
    }
    return changes;
  }

  @Override
  public String toString() {
    return "LinkLoads" + byKey() + ", dropped=" + droppedDemandMbps;
  }
}
