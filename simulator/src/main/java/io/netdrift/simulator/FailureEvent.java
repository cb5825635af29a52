package io.netdrift.simulator;

import io.netdrift.schema.NetworkEventType;
import java.util.Objects;

/**
 * One scheduled change of the network: a link or node going down or coming back up.
 *
 * @param timestampMs when it happens, epoch milliseconds UTC; the simulator applies it at the first
 *     step whose timestamp is at or after it
 * @param type {@code LINK_DOWN}, {@code LINK_UP}, {@code NODE_DOWN} or {@code NODE_UP}
 * @param element the link id (for {@code LINK_*}) or node id (for {@code NODE_*})
 */
public record FailureEvent(long timestampMs, NetworkEventType type, String element) {

  public FailureEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(element, "element");
    if (type == NetworkEventType.REROUTE) {
      throw new IllegalArgumentException("REROUTE is emitted by the network, not scheduled");
    }
  }

  public boolean isLinkEvent() {
    return type == NetworkEventType.LINK_DOWN || type == NetworkEventType.LINK_UP;
  }
}
