package io.netdrift.core.network;

import java.util.List;
import java.util.Objects;

/**
 * One link of a topology as the operator declares it: undirected (a full-duplex link, carrying
 * {@code capacityMbps} in each direction) unless {@code directed}, in which case it only carries
 * traffic from {@code nodeA} to {@code nodeB}.
 *
 * @param linkId unique id of the link, e.g. {@code Amsterdam-Brussels}
 * @param nodeA first end (the source when directed)
 * @param nodeB second end (the destination when directed)
 * @param capacityMbps capacity of each direction in megabits per second, or {@link Double#NaN} when
 *     not specified (the simulator then derives it, see {@code CapacityPlanner})
 * @param weight routing weight (IGP metric), strictly positive; 1 everywhere gives hop-count
 *     routing
 * @param directed whether the link carries traffic only from {@code nodeA} to {@code nodeB}
 */
public record Link(
    String linkId,
    String nodeA,
    String nodeB,
    double capacityMbps,
    double weight,
    boolean directed) {

  /** Weight used when a topology file leaves it empty: every link costs 1 (hop count). */
  public static final double DEFAULT_WEIGHT = 1.0;

  public Link {
    Objects.requireNonNull(linkId, "linkId");
    Objects.requireNonNull(nodeA, "nodeA");
    Objects.requireNonNull(nodeB, "nodeB");
    if (linkId.isEmpty() || nodeA.isEmpty() || nodeB.isEmpty()) {
      throw new IllegalArgumentException("link id and node ids must not be empty");
    }
    if (nodeA.equals(nodeB)) {
      throw new IllegalArgumentException("link " + linkId + " connects " + nodeA + " to itself");
    }
    if (!(weight > 0) || !Double.isFinite(weight)) {
      throw new IllegalArgumentException(
          "link " + linkId + ": weight must be > 0 and finite, was " + weight);
    }
    if (!Double.isNaN(capacityMbps) && (!(capacityMbps > 0) || !Double.isFinite(capacityMbps))) {
      throw new IllegalArgumentException(
          "link " + linkId + ": capacity must be > 0 and finite, was " + capacityMbps);
    }
  }

  /** An undirected link with unspecified capacity. */
  public static Link undirected(String linkId, String nodeA, String nodeB, double weight) {
    return new Link(linkId, nodeA, nodeB, Double.NaN, weight, false);
  }

  public boolean hasCapacity() {
    return !Double.isNaN(capacityMbps);
  }

  /** The same link with another capacity (per direction). */
  public Link withCapacityMbps(double newCapacityMbps) {
    return new Link(linkId, nodeA, nodeB, newCapacityMbps, weight, directed);
  }

  /** Whether {@code node} is one of the two ends. */
  public boolean touches(String node) {
    return nodeA.equals(node) || nodeB.equals(node);
  }

  /** The directions this link carries traffic in: A to B, then (unless directed) B to A. */
  public List<DirectedLink> directions() {
    DirectedLink forward = new DirectedLink(linkId, nodeA, nodeB);
    return directed ? List.of(forward) : List.of(forward, new DirectedLink(linkId, nodeB, nodeA));
  }
}
