package io.netdrift.core.network;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeSet;

/**
 * An immutable network graph: nodes, links and the directed links (link directions) that carry
 * traffic. Nodes are numbered in lexicographic order of their ids, directed links in the order the
 * links were declared (forward direction first), so every index and every iteration order is
 * deterministic. Routing ({@link Routing}) and demand matrices ({@link DemandMatrix}) work on these
 * indices.
 */
public final class Topology {

  private final String name;
  private final List<String> nodes;
  private final Map<String, Integer> nodeIndex;
  private final List<Link> links;
  private final Map<String, Integer> linkIndex;
  private final List<DirectedLink> directedLinks;
  private final Map<String, Integer> directedLinkIndex;
  // Per directed link: ends, owning link, weight, capacity (NaN when unspecified).
  private final int[] directedSource;
  private final int[] directedTarget;
  private final int[] directedOwner;
  private final double[] directedWeight;
  private final double[] directedCapacity;
  // Per node: indices of the directed links leaving / entering it.
  private final int[][] outgoing;
  private final int[][] incoming;

  /** A topology of these links; their ends define the nodes. */
  public Topology(String name, List<Link> links) {
    this.name = name;
    if (links.isEmpty()) {
      throw new IllegalArgumentException("topology " + name + " has no links");
    }
    this.links = List.copyOf(links);
    TreeSet<String> nodeSet = new TreeSet<>();
    Map<String, Integer> linkIds = new HashMap<>();
    for (int i = 0; i < this.links.size(); i++) {
      Link link = this.links.get(i);
      if (linkIds.put(link.linkId(), i) != null) {
        throw new IllegalArgumentException("duplicate link id " + link.linkId());
      }
      nodeSet.add(link.nodeA());
      nodeSet.add(link.nodeB());
    }
    this.linkIndex = Map.copyOf(linkIds);
    this.nodes = List.copyOf(nodeSet);
    Map<String, Integer> nodeIds = new HashMap<>();
    for (int i = 0; i < nodes.size(); i++) {
      nodeIds.put(nodes.get(i), i);
    }
    this.nodeIndex = Map.copyOf(nodeIds);

    List<DirectedLink> directions = new ArrayList<>();
    List<Integer> owners = new ArrayList<>();
    for (int i = 0; i < this.links.size(); i++) {
      for (DirectedLink direction : this.links.get(i).directions()) {
        directions.add(direction);
        owners.add(i);
      }
    }
    this.directedLinks = List.copyOf(directions);
    int count = directions.size();
    directedSource = new int[count];
    directedTarget = new int[count];
    directedOwner = new int[count];
    directedWeight = new double[count];
    directedCapacity = new double[count];
    Map<String, Integer> directedIds = new HashMap<>();
    int[] outDegree = new int[nodes.size()];
    int[] inDegree = new int[nodes.size()];
    for (int d = 0; d < count; d++) {
      DirectedLink direction = directions.get(d);
      Link owner = this.links.get(owners.get(d));
      directedSource[d] = nodeIndex.get(direction.srcNode());
      directedTarget[d] = nodeIndex.get(direction.dstNode());
      directedOwner[d] = owners.get(d);
      directedWeight[d] = owner.weight();
      directedCapacity[d] = owner.capacityMbps();
      directedIds.put(direction.key(), d);
      outDegree[directedSource[d]]++;
      inDegree[directedTarget[d]]++;
    }
    this.directedLinkIndex = Map.copyOf(directedIds);
    outgoing = new int[nodes.size()][];
    incoming = new int[nodes.size()][];
    for (int n = 0; n < nodes.size(); n++) {
      outgoing[n] = new int[outDegree[n]];
      incoming[n] = new int[inDegree[n]];
    }
    Arrays.fill(outDegree, 0);
    Arrays.fill(inDegree, 0);
    for (int d = 0; d < count; d++) {
      outgoing[directedSource[d]][outDegree[directedSource[d]]++] = d;
      incoming[directedTarget[d]][inDegree[directedTarget[d]]++] = d;
    }
  }

  public String name() {
    return name;
  }

  /** Node ids in index order (lexicographic). */
  public List<String> nodes() {
    return nodes;
  }

  public int nodeCount() {
    return nodes.size();
  }

  public boolean hasNode(String node) {
    return nodeIndex.containsKey(node);
  }

  /** Index of a node; {@link NoSuchElementException} naming it when unknown. */
  public int nodeIndex(String node) {
    Integer index = nodeIndex.get(node);
    if (index == null) {
      throw new NoSuchElementException("unknown node '" + node + "' in topology " + name);
    }
    return index;
  }

  public String node(int index) {
    return nodes.get(index);
  }

  /** Links in declaration order. */
  public List<Link> links() {
    return links;
  }

  public boolean hasLink(String linkId) {
    return linkIndex.containsKey(linkId);
  }

  /** A link by id; {@link NoSuchElementException} naming it when unknown. */
  public Link link(String linkId) {
    Integer index = linkIndex.get(linkId);
    if (index == null) {
      throw new NoSuchElementException("unknown link '" + linkId + "' in topology " + name);
    }
    return links.get(index);
  }

  /** Link directions in index order: per declared link, A to B then B to A. */
  public List<DirectedLink> directedLinks() {
    return directedLinks;
  }

  public int directedLinkCount() {
    return directedLinks.size();
  }

  public DirectedLink directedLink(int index) {
    return directedLinks.get(index);
  }

  /** Index of a directed link key ({@code linkId:src>dst}), or -1 when unknown. */
  public int directedLinkIndex(String key) {
    return directedLinkIndex.getOrDefault(key, -1);
  }

  public int source(int directedLink) {
    return directedSource[directedLink];
  }

  public int target(int directedLink) {
    return directedTarget[directedLink];
  }

  /** The declared link a direction belongs to. */
  public Link owner(int directedLink) {
    return links.get(directedOwner[directedLink]);
  }

  public double weight(int directedLink) {
    return directedWeight[directedLink];
  }

  /** Capacity of a direction in Mbps, NaN when unspecified. */
  public double capacityMbps(int directedLink) {
    return directedCapacity[directedLink];
  }

  /** Whether every link has a capacity. */
  public boolean hasAllCapacities() {
    return links.stream().allMatch(Link::hasCapacity);
  }

  /** Directed links leaving a node (do not modify the array). */
  int[] outgoing(int node) {
    return outgoing[node];
  }

  /** Directed links entering a node (do not modify the array). */
  int[] incoming(int node) {
    return incoming[node];
  }

  /** Number of distinct nodes adjacent to a node, in any direction. */
  public int degree(String node) {
    int index = nodeIndex(node);
    TreeSet<Integer> neighbours = new TreeSet<>();
    for (int d : outgoing[index]) {
      neighbours.add(directedTarget[d]);
    }
    for (int d : incoming[index]) {
      neighbours.add(directedSource[d]);
    }
    return neighbours.size();
  }

  /**
   * The same topology with capacities replaced for the links in {@code capacitiesMbps} (link id to
   * capacity per direction); other links keep theirs.
   */
  public Topology withCapacities(Map<String, Double> capacitiesMbps) {
    for (String linkId : capacitiesMbps.keySet()) {
      link(linkId);
    }
    List<Link> updated = new ArrayList<>(links.size());
    for (Link link : links) {
      Double capacity = capacitiesMbps.get(link.linkId());
      updated.add(capacity == null ? link : link.withCapacityMbps(capacity));
    }
    return new Topology(name, updated);
  }

  /** The same topology with every weight 1: shortest paths by hop count. */
  public Topology withHopCountWeights() {
    List<Link> updated = new ArrayList<>(links.size());
    for (Link link : links) {
      updated.add(
          new Link(
              link.linkId(),
              link.nodeA(),
              link.nodeB(),
              link.capacityMbps(),
              Link.DEFAULT_WEIGHT,
              link.directed()));
    }
    return new Topology(name, updated);
  }

  /** Capacities by link id (NaN when unspecified), in declaration order. */
  public Map<String, Double> capacitiesMbps() {
    Map<String, Double> capacities = new LinkedHashMap<>();
    for (Link link : links) {
      capacities.put(link.linkId(), link.capacityMbps());
    }
    return Collections.unmodifiableMap(capacities);
  }

  @Override
  public String toString() {
    return "Topology[" + name + ", " + nodes.size() + " nodes, " + links.size() + " links]";
  }
}
