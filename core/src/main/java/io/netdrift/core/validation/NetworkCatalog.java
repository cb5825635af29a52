package io.netdrift.core.validation;

import io.netdrift.core.network.DirectedLink;
import java.io.Serializable;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * What the job knows exists in the network: the link directions and nodes of its topology. Input
 * naming anything else is rejected as {@code UNKNOWN_LINK} / {@code UNKNOWN_NODE}. An empty catalog
 * ({@link #acceptingAll()}) disables those checks, for a job run without a topology.
 */
public final class NetworkCatalog implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Set<String> directedLinkKeys;
  private final Set<String> linkIds;
  private final Set<String> nodes;
  private final boolean acceptAll;

  private NetworkCatalog(
      Set<String> directedLinkKeys, Set<String> linkIds, Set<String> nodes, boolean acceptAll) {
    this.directedLinkKeys = directedLinkKeys;
    this.linkIds = linkIds;
    this.nodes = nodes;
    this.acceptAll = acceptAll;
  }

  /** A catalog of the given link directions; nodes are their end points. */
  public static NetworkCatalog of(Collection<DirectedLink> directedLinks) {
    if (directedLinks.isEmpty()) {
      throw new IllegalArgumentException("a network catalog needs at least one link direction");
    }
    Set<String> keys = new HashSet<>();
    Set<String> ids = new HashSet<>();
    Set<String> nodes = new HashSet<>();
    for (DirectedLink link : directedLinks) {
      keys.add(link.key());
      ids.add(link.linkId());
      nodes.add(link.srcNode());
      nodes.add(link.dstNode());
    }
    return new NetworkCatalog(Set.copyOf(keys), Set.copyOf(ids), Set.copyOf(nodes), false);
  }

  /** A catalog that knows everything: link and node checks are off. */
  public static NetworkCatalog acceptingAll() {
    return new NetworkCatalog(Set.of(), Set.of(), Set.of(), true);
  }

  public boolean knowsDirectedLink(String linkId, String srcNode, String dstNode) {
    return acceptAll || directedLinkKeys.contains(DirectedLink.key(linkId, srcNode, dstNode));
  }

  public boolean knowsLink(String linkId) {
    return acceptAll || linkIds.contains(linkId);
  }

  public boolean knowsNode(String node) {
    return acceptAll || nodes.contains(node);
  }

  public int directedLinkCount() {
    return directedLinkKeys.size();
  }
}
