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
 *
 * <p>Besides the topology, fixed bounds keep what a producer can send within what the job can
 * carry: identifiers of at most {@link #MAX_IDENTIFIER_CHARS} characters (a link id of a megabyte
 * would otherwise be copied into keyed state and into every prediction, whose Kafka record would
 * then exceed the sink's request size and fail the job on every retry), a capacity between {@link
 * #MIN_CAPACITY_MBPS} and {@link #MAX_CAPACITY_MBPS} (the models normalise load by capacity in
 * single precision, where 1e-300 is zero and 1e300 infinite), and event times before {@link
 * #MAX_TIMESTAMP_MS} (a clock in year 292,278,994 is broken, even for a source reader that has
 * accepted nothing yet and so cannot call it too early).
 */
public final class InputValidator implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Longest link id, node name, event id or element name accepted. */
  public static final int MAX_IDENTIFIER_CHARS = 256;

  /** Smallest link capacity accepted: 1 kbit/s. */
  public static final double MIN_CAPACITY_MBPS = 1e-3;

  /** Largest link capacity accepted: 1 Pbit/s, a thousand of today's fastest interfaces. */
  public static final double MAX_CAPACITY_MBPS = 1e9;

  /** Event times from 2100-01-01T00:00Z on are impossible. */
  public static final long MAX_TIMESTAMP_MS = 4_102_444_800_000L;

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
    Rejection time = checkTimestamp(t.getTimestampMs());
    if (time != null) {
      return time;
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
    if (t.getCapacityMbps() < MIN_CAPACITY_MBPS || t.getCapacityMbps() > MAX_CAPACITY_MBPS) {
      return Rejection.of(
          ReasonCode.IMPOSSIBLE_VALUE,
          "capacityMbps must be within ["
              + MIN_CAPACITY_MBPS
              + ", "
              + MAX_CAPACITY_MBPS
              + "], was "
              + t.getCapacityMbps());
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
    Rejection names =
        checkIdentifiers(
            "linkId", t.getLinkId(), "srcNode", t.getSrcNode(), "dstNode", t.getDstNode());
    if (names != null) {
      return names;
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
    Rejection time = checkTimestamp(s.getTimestampMs());
    if (time != null) {
      return time;
    }
    if (!Double.isFinite(s.getDemandMbps())) {
      return Rejection.of(ReasonCode.NOT_FINITE, "demandMbps is " + s.getDemandMbps());
    }
    if (s.getDemandMbps() < 0) {
      return Rejection.of(
          ReasonCode.NEGATIVE_VALUE, "demandMbps is negative: " + s.getDemandMbps());
    }
    Rejection names = checkIdentifiers("srcNode", s.getSrcNode(), "dstNode", s.getDstNode());
    if (names != null) {
      return names;
    }
    for (String node : new String[] {s.getSrcNode(), s.getDstNode()}) {
      if (!catalog.knowsNode(node)) {
        return Rejection.of(ReasonCode.UNKNOWN_NODE, "node " + node + " is not in the topology");
      }
    }
    return null;
  }

  public Rejection check(NetworkEvent e) {
    Rejection time = checkTimestamp(e.getTimestampMs());
    if (time != null) {
      return time;
    }
    Rejection values = checkEventValues(e);
    if (values != null) {
      return values;
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

  private static Rejection checkTimestamp(long timestampMs) {
    if (timestampMs <= 0) {
      return Rejection.of(
          ReasonCode.IMPOSSIBLE_VALUE, "timestampMs must be > 0, was " + timestampMs);
    }
    if (timestampMs >= MAX_TIMESTAMP_MS) {
      return Rejection.of(
          ReasonCode.IMPOSSIBLE_VALUE,
          "timestampMs must be before " + MAX_TIMESTAMP_MS + " (year 2100), was " + timestampMs);
    }
    return null;
  }

  /** Checks name/value pairs: each value at most {@link #MAX_IDENTIFIER_CHARS} long. */
  private static Rejection checkIdentifiers(String... namesAndValues) {
    for (int i = 0; i < namesAndValues.length; i += 2) {
      String value = namesAndValues[i + 1];
      if (value.length() > MAX_IDENTIFIER_CHARS) {
        return Rejection.of(
            ReasonCode.IMPOSSIBLE_VALUE,
            namesAndValues[i]
                + " is "
                + value.length()
                + " characters long, more than "
                + MAX_IDENTIFIER_CHARS
                + ": "
                + value.substring(0, 32)
                + "...");
      }
    }
    return null;
  }

  /** The event's identifiers, routed loads and dropped demand; the topology is checked after. */
  private static Rejection checkEventValues(NetworkEvent e) {
    Rejection names = checkIdentifiers("eventId", e.getEventId(), "element", e.getElement());
    if (names != null) {
      return names;
    }
    Rejection dropped = checkAmount("droppedDemandMbps", e.getDroppedDemandMbps());
    if (dropped != null) {
      return dropped;
    }
    for (AffectedLink link : e.getAffectedLinks()) {
      names =
          checkIdentifiers(
              "affected linkId",
              link.getLinkId(),
              "affected srcNode",
              link.getSrcNode(),
              "affected dstNode",
              link.getDstNode());
      if (names != null) {
        return names;
      }
      // the routed loads are optional (null: unknown), but a given one must be a real load
      for (Double load : new Double[] {link.getLoadBeforeMbps(), link.getLoadAfterMbps()}) {
        Rejection amount = load == null ? null : checkAmount("affected link load", load);
        if (amount != null) {
          return amount;
        }
      }
    }
    return null;
  }

  private static Rejection checkAmount(String field, double value) {
    if (!Double.isFinite(value)) {
      return Rejection.of(ReasonCode.NOT_FINITE, field + " is " + value);
    }
    if (value < 0) {
      return Rejection.of(ReasonCode.NEGATIVE_VALUE, field + " is negative: " + value);
    }
    return null;
  }
}
