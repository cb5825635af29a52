package io.netdrift.core.validation;

import io.netdrift.core.validation.Rejection.ReasonCode;
import io.netdrift.schema.AffectedLink;
import io.netdrift.schema.LinkTelemetry;
import io.netdrift.schema.NetworkEvent;
import io.netdrift.schema.TrafficSample;
import java.io.Serializable;

/**
 * Stateless checks of decoded input records: finite, non-negative, physically possible values on
 * elements the network has. Returns {@code null} for a usable record, else the {@link Rejection}.
 * Event-time checks (too late, too early, duplicate) need the watermark and per-link state and live
 * in the stream operator.
 */
public final class InputValidator implements Serializable {
  private static final long serialVersionUID = 1L;

  private final NetworkCatalog catalog;
  private final double maxUtilisation;

  /**
   * @param catalog the links and nodes that exist
   * @param maxUtilisation the largest plausible load / capacity ratio; above it a measurement is
   *     impossible (counter wrap, unit error). Must be ≥ 1.
   */
  public InputValidator(NetworkCatalog catalog, double maxUtilisation) {
    if (!(maxUtilisation >= 1.0) || Double.isInfinite(maxUtilisation)) {
      throw new IllegalArgumentException(
          "maxUtilisation must be finite and >= 1, was " + maxUtilisation);
    }
    this.catalog = catalog;
    this.maxUtilisation = maxUtilisation;
  }

  public Rejection check(LinkTelemetry t) {
    if (t.getTimestampMs() <= 0) {
      return Rejection.of(
          ReasonCode.IMPOSSIBLE_VALUE, "timestampMs must be > 0, was " + t.getTimestampMs());
    }
    if (!Double.isFinite(t.getLoadMbps())) {
      return Rejection.of(ReasonCode.NOT_FINITE, "loadMbps is " + t.getLoadMbps());
    }
    if (!Double.isFinite(t.getCapacityMbps())) {
      return Rejection.of(ReasonCode.NOT_FINITE, "capacityMbps is " + t.getCapacityMbps());
    }
    if (t.getLoadMbps() < 0) {
      return Rejection.of(ReasonCode.NEGATIVE_VALUE, "loadMbps is negative: " + t.getLoadMbps());
    }
    if (t.getCapacityMbps() <= 0) {
      return Rejection.of(
          ReasonCode.IMPOSSIBLE_VALUE, "capacityMbps must be > 0, was " + t.getCapacityMbps());
    }
    if (t.getLoadMbps() > maxUtilisation * t.getCapacityMbps()) {
      return Rejection.of(
          ReasonCode.IMPOSSIBLE_VALUE,
          "loadMbps "
              + t.getLoadMbps()
              + " exceeds "
              + maxUtilisation
              + " x capacityMbps "
              + t.getCapacityMbps());
    }
    if (!catalog.knowsDirectedLink(t.getLinkId(), t.getSrcNode(), t.getDstNode())) {
      return Rejection.of(
          ReasonCode.UNKNOWN_LINK,
          "link direction "
              + t.getLinkId()
              + " "
              + t.getSrcNode()
              + ">"
              + t.getDstNode()
              + " is not in the topology");
    }
    return null;
  }

  public Rejection check(TrafficSample s) {
    if (s.getTimestampMs() <= 0) {
      return Rejection.of(
          ReasonCode.IMPOSSIBLE_VALUE, "timestampMs must be > 0, was " + s.getTimestampMs());
    }
    if (!Double.isFinite(s.getDemandMbps())) {
      return Rejection.of(ReasonCode.NOT_FINITE, "demandMbps is " + s.getDemandMbps());
    }
    if (s.getDemandMbps() < 0) {
      return Rejection.of(
          ReasonCode.NEGATIVE_VALUE, "demandMbps is negative: " + s.getDemandMbps());
    }
    for (String node : new String[] {s.getSrcNode(), s.getDstNode()}) {
      if (!catalog.knowsNode(node)) {
        return Rejection.of(ReasonCode.UNKNOWN_NODE, "node " + node + " is not in the topology");
      }
    }
    return null;
  }

  public Rejection check(NetworkEvent e) {
    if (e.getTimestampMs() <= 0) {
      return Rejection.of(
          ReasonCode.IMPOSSIBLE_VALUE, "timestampMs must be > 0, was " + e.getTimestampMs());
    }
    switch (e.getType()) {
      case LINK_DOWN, LINK_UP -> {
        if (!catalog.knowsLink(e.getElement())) {
          return Rejection.of(
              ReasonCode.UNKNOWN_LINK,
              "element " + e.getElement() + " is not a link of the topology");
        }
      }
      case NODE_DOWN, NODE_UP -> {
        if (!catalog.knowsNode(e.getElement())) {
          return Rejection.of(
              ReasonCode.UNKNOWN_NODE,
              "element " + e.getElement() + " is not a node of the topology");
        }
      }
      case REROUTE -> {}
    }
    for (AffectedLink link : e.getAffectedLinks()) {
      if (!catalog.knowsDirectedLink(link.getLinkId(), link.getSrcNode(), link.getDstNode())) {
        return Rejection.of(
            ReasonCode.UNKNOWN_LINK,
            "affected link "
                + link.getLinkId()
                + " "
                + link.getSrcNode()
                + ">"
                + link.getDstNode()
                + " is not in the topology");
      }
    }
    return null;
  }
}
