package io.netdrift.core.network;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which links and nodes are down. Immutable; a failed node takes every link touching it down and
 * drops the demands it originates or terminates. Equal sets are equal values, so routings can be
 * cached per failure state (a repair that restores an earlier state reuses its routing).
 */
public final class FailedElements {

  private static final FailedElements NONE = new FailedElements(Set.of(), Set.of());

  private final Set<String> links;
  private final Set<String> nodes;

  private FailedElements(Set<String> links, Set<String> nodes) {
    this.links = Collections.unmodifiableSet(new TreeSet<>(links));
    this.nodes = Collections.unmodifiableSet(new TreeSet<>(nodes));
  }

  /** Nothing failed. */
  public static FailedElements none() {
    return NONE;
  }

  public static FailedElements of(Set<String> links, Set<String> nodes) {
    return new FailedElements(links, nodes);
  }

  public Set<String> links() {
    return links;
  }

  public Set<String> nodes() {
    return nodes;
  }

  /**
   * A canonical name of this routing regime: the failed links then the failed nodes, sorted,
   * comma-separated ({@code link:A-B,node:C}); empty when nothing has failed.
   */
  public String regimeKey() {
    java.util.List<String> parts = new java.util.ArrayList<>();
    links().stream().sorted().forEach(l -> parts.add("link:" + l));
    nodes().stream().sorted().forEach(n -> parts.add("node:" + n));
    return String.join(",", parts);
  }

  public boolean isEmpty() {
    return links.isEmpty() && nodes.isEmpty();
  }

  public boolean isLinkDown(String linkId) {
    return links.contains(linkId);
  }

  public boolean isNodeDown(String node) {
    return nodes.contains(node);
  }

  /** Whether a link carries no traffic: failed itself, or one of its ends failed. */
  public boolean isUnusable(Link link) {
    return links.contains(link.linkId())
        || nodes.contains(link.nodeA())
        || nodes.contains(link.nodeB());
  }

  public FailedElements withLinkDown(String linkId) {
    TreeSet<String> updated = new TreeSet<>(links);
    updated.add(linkId);
    return new FailedElements(updated, nodes);
  }

  public FailedElements withLinkUp(String linkId) {
    TreeSet<String> updated = new TreeSet<>(links);
    updated.remove(linkId);
    return new FailedElements(updated, nodes);
  }

  public FailedElements withNodeDown(String node) {
    TreeSet<String> updated = new TreeSet<>(nodes);
    updated.add(node);
    return new FailedElements(links, updated);
  }

  public FailedElements withNodeUp(String node) {
    TreeSet<String> updated = new TreeSet<>(nodes);
    updated.remove(node);
    return new FailedElements(links, updated);
  }

  /**
   * The state after a network event given by its type name ({@code LINK_DOWN}, {@code LINK_UP},
   * {@code NODE_DOWN}, {@code NODE_UP}: the names of the Avro {@code NetworkEventType}) and element
   * id. Any other type (e.g. {@code REROUTE}) leaves the state unchanged.
   */
  public FailedElements apply(String eventType, String element) {
    return switch (eventType) {
      case "LINK_DOWN" -> withLinkDown(element);
      case "LINK_UP" -> withLinkUp(element);
      case "NODE_DOWN" -> withNodeDown(element);
      case "NODE_UP" -> withNodeUp(element);
      default -> this;
    };
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof FailedElements that
        && links.equals(that.links)
        && nodes.equals(that.nodes);
  }

  @Override
  public int hashCode() {
    return 31 * links.hashCode() + nodes.hashCode();
  }

  @Override
  public String toString() {
    return "FailedElements[links=" + links + ", nodes=" + nodes + "]";
  }
}
