package io.netdrift.core.network;

import java.util.Objects;

/**
 * One direction of a topology link: the unit whose load netdrift forecasts. Telemetry, predictions
 * and keyed state all use {@link #key()} so the simulator, the job and consumers agree on identity.
 *
 * @param linkId topology link id (undirected), e.g. {@code Amsterdam-Brussels}
 * @param srcNode node the direction leaves
 * @param dstNode node the direction enters
 */
public record DirectedLink(String linkId, String srcNode, String dstNode) {

  public DirectedLink {
    Objects.requireNonNull(linkId, "linkId");
    Objects.requireNonNull(srcNode, "srcNode");
    Objects.requireNonNull(dstNode, "dstNode");
  }

  /** The key of this direction: {@code linkId:src>dst}. */
  public String key() {
    return key(linkId, srcNode, dstNode);
  }

  /** The key of a direction given by its parts, without allocating a record. */
  public static String key(String linkId, String srcNode, String dstNode) {
    return linkId + ':' + srcNode + '>' + dstNode;
  }

  /** Parses a key made by {@link #key()}; a clear error for anything else. */
  public static DirectedLink parse(String key) {
    int colon = key.lastIndexOf(':');
    int arrow = key.lastIndexOf('>');
    if (colon <= 0 || arrow < colon + 2 || arrow == key.length() - 1) {
      throw new IllegalArgumentException(
          "not a directed link key (expected linkId:src>dst): '" + key + "'");
    }
    return new DirectedLink(
        key.substring(0, colon), key.substring(colon + 1, arrow), key.substring(arrow + 1));
  }

  @Override
  public String toString() {
    return key();
  }
}
