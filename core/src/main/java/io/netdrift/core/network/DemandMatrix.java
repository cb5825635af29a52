package io.netdrift.core.network;

import java.util.Arrays;

/**
 * Offered traffic between every origin-destination (OD) pair of a topology, in megabits per second,
 * indexed by the topology's node indices. Mutable (the simulator refills one matrix per step);
 * every value is finite and &gt;= 0; the diagonal stays 0.
 */
public final class DemandMatrix {

  private final Topology topology;
  private final int nodeCount;
  private final double[] demandsMbps;

  public DemandMatrix(Topology topology) {
    this.topology = topology;
    this.nodeCount = topology.nodeCount();
    this.demandsMbps = new double[nodeCount * nodeCount];
  }

  public Topology topology() {
    return topology;
  }

  public int nodeCount() {
    return nodeCount;
  }

  public double get(int source, int destination) {
    return demandsMbps[source * nodeCount + destination];
  }

  public double get(String source, String destination) {
    return get(topology.nodeIndex(source), topology.nodeIndex(destination));
  }

  /** Sets one demand; rejects negative, NaN or infinite values and demands of a node to itself. */
  public DemandMatrix set(int source, int destination, double mbps) {
    if (!(mbps >= 0) || !Double.isFinite(mbps)) {
      throw new IllegalArgumentException(
          "demand "
              + topology.node(source)
              + ">"
              + topology.node(destination)
              + " must be finite and >= 0, was "
              + mbps);
    }
    if (source == destination && mbps != 0) {
      throw new IllegalArgumentException(
          "demand of node " + topology.node(source) + " to itself must be 0");
    }
    demandsMbps[source * nodeCount + destination] = mbps;
    return this;
  }

  public DemandMatrix set(String source, String destination, double mbps) {
    return set(topology.nodeIndex(source), topology.nodeIndex(destination), mbps);
  }

  /** Sets every demand to 0. */
  public DemandMatrix clear() {
    Arrays.fill(demandsMbps, 0.0);
    return this;
  }

  /** Copies all demands of another matrix of the same topology. */
  public DemandMatrix copyFrom(DemandMatrix other) {
    if (other.nodeCount != nodeCount) {
      throw new IllegalArgumentException("demand matrices of different topologies");
    }
    System.arraycopy(other.demandsMbps, 0, demandsMbps, 0, demandsMbps.length);
    return this;
  }

  public DemandMatrix copy() {
    return new DemandMatrix(topology).copyFrom(this);
  }

  /** Sum of all demands. */
  public double totalMbps() {
    double total = 0;
    for (double demand : demandsMbps) {
      total += demand;
    }
    return total;
  }

  /** Demand at a flat pair index {@code source * nodeCount + destination}. */
  double atPair(int pair) {
    return demandsMbps[pair];
  }
}
