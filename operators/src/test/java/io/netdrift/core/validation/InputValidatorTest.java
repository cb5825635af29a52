package io.netdrift.core.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netdrift.core.network.DirectedLink;
import io.netdrift.core.validation.Rejection.ReasonCode;
import io.netdrift.schema.AffectedLink;
import io.netdrift.schema.LinkStatus;
import io.netdrift.schema.LinkTelemetry;
import io.netdrift.schema.NetworkEvent;
import io.netdrift.schema.NetworkEventType;
import io.netdrift.schema.TrafficSample;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InputValidatorTest {

  /** Link A-B in both directions, B-C only from B to C. Nodes A, B, C. */
  static final NetworkCatalog CATALOG =
      NetworkCatalog.of(
          List.of(
              new DirectedLink("A-B", "A", "B"),
              new DirectedLink("A-B", "B", "A"),
              new DirectedLink("B-C", "B", "C")));

  static final InputValidator VALIDATOR = new InputValidator(CATALOG, 1.5);

  static LinkTelemetry.Builder telemetry() {
    return LinkTelemetry.newBuilder()
        .setLinkId("A-B")
        .setSrcNode("A")
        .setDstNode("B")
        .setTimestampMs(1_700_000_000_000L)
        .setLoadMbps(400.0)
        .setCapacityMbps(1000.0)
        .setStatus(LinkStatus.UP);
  }

  static TrafficSample.Builder traffic() {
    return TrafficSample.newBuilder()
        .setTimestampMs(1_700_000_000_000L)
        .setSrcNode("A")
        .setDstNode("C")
        .setDemandMbps(12.0);
  }

  static NetworkEvent.Builder event(NetworkEventType type, String element) {
    return NetworkEvent.newBuilder()
        .setEventId("e1")
        .setTimestampMs(1_700_000_000_000L)
        .setType(type)
        .setElement(element)
        .setAffectedLinks(List.of())
        .setDroppedDemandMbps(0.0);
  }

  static AffectedLink affected(String linkId, String src, String dst) {
    return AffectedLink.newBuilder()
        .setLinkId(linkId)
        .setSrcNode(src)
        .setDstNode(dst)
        .setLoadBeforeMbps(1.0)
        .setLoadAfterMbps(2.0)
        .build();
  }

  private static void assertRejected(Rejection r, ReasonCode code, String... mentions) {
    assertThat(r).as("rejection").isNotNull();
    assertThat(r.code()).isEqualTo(code);
    if (mentions.length > 0) {
      assertThat(r.reason()).contains(mentions);
    }
  }

  @Nested
  class Telemetry {
    @Test
    void aValidMeasurementIsAccepted() {
      assertThat(VALIDATOR.check(telemetry().build())).isNull();
      assertThat(
              VALIDATOR.check(telemetry().setLinkId("A-B").setSrcNode("B").setDstNode("A").build()))
          .isNull();
      assertThat(VALIDATOR.check(telemetry().setLoadMbps(0.0).setStatus(LinkStatus.DOWN).build()))
          .isNull();
    }

    @Test
    void loadExactlyAtMaxUtilisationIsAccepted() {
      assertThat(VALIDATOR.check(telemetry().setLoadMbps(1500.0).build())).isNull();
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, Long.MIN_VALUE})
    void nonPositiveTimestampIsImpossible(long ts) {
      assertRejected(
          VALIDATOR.check(telemetry().setTimestampMs(ts).build()),
          ReasonCode.IMPOSSIBLE_VALUE,
          "timestampMs",
          String.valueOf(ts));
    }

    @ParameterizedTest
    @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void nonFiniteLoadIsRejected(double load) {
      assertRejected(
          VALIDATOR.check(telemetry().setLoadMbps(load).build()),
          ReasonCode.NOT_FINITE,
          "loadMbps",
          String.valueOf(load));
    }

    @ParameterizedTest
    @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void nonFiniteCapacityIsRejected(double capacity) {
      assertRejected(
          VALIDATOR.check(telemetry().setCapacityMbps(capacity).build()),
          ReasonCode.NOT_FINITE,
          "capacityMbps",
          String.valueOf(capacity));
    }

    @Test
    void negativeLoadIsRejected() {
      assertRejected(
          VALIDATOR.check(telemetry().setLoadMbps(-0.5).build()),
          ReasonCode.NEGATIVE_VALUE,
          "loadMbps",
          "-0.5");
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, -0.0, -10.0})
    void zeroOrNegativeCapacityIsImpossible(double capacity) {
      assertRejected(
          VALIDATOR.check(telemetry().setLoadMbps(0.0).setCapacityMbps(capacity).build()),
          ReasonCode.IMPOSSIBLE_VALUE,
          "capacityMbps");
    }

    @Test
    void loadAboveMaxUtilisationTimesCapacityIsImpossible() {
      assertRejected(
          VALIDATOR.check(telemetry().setLoadMbps(1500.001).build()),
          ReasonCode.IMPOSSIBLE_VALUE,
          "loadMbps",
          "1500.001",
          "1.5",
          "1000.0");
      // a more tolerant validator accepts the same record
      assertThat(new InputValidator(CATALOG, 2.0).check(telemetry().setLoadMbps(1500.001).build()))
          .isNull();
    }

    @Test
    void unknownDirectionOfAKnownLinkIsRejected() {
      // B-C is only known from B to C
      assertRejected(
          VALIDATOR.check(telemetry().setLinkId("B-C").setSrcNode("C").setDstNode("B").build()),
          ReasonCode.UNKNOWN_LINK,
          "B-C",
          "C>B");
    }

    @Test
    void unknownLinkIsRejected() {
      assertRejected(
          VALIDATOR.check(telemetry().setLinkId("A-C").setSrcNode("A").setDstNode("C").build()),
          ReasonCode.UNKNOWN_LINK,
          "A-C");
      // known end points, but they belong to another link id
      assertRejected(
          VALIDATOR.check(telemetry().setLinkId("B-C").setSrcNode("A").setDstNode("B").build()),
          ReasonCode.UNKNOWN_LINK,
          "B-C");
    }

    @Test
    void valueChecksComeBeforeTheTopologyCheck() {
      assertRejected(
          VALIDATOR.check(
              telemetry().setLinkId("X-Y").setSrcNode("X").setDstNode("Y").setLoadMbps(-1).build()),
          ReasonCode.NEGATIVE_VALUE,
          "loadMbps");
    }
  }

  @Nested
  class Traffic {
    @Test
    void aValidSampleIsAccepted() {
      assertThat(VALIDATOR.check(traffic().build())).isNull();
      assertThat(VALIDATOR.check(traffic().setDemandMbps(0.0).build())).isNull();
    }

    @Test
    void nonPositiveTimestampIsImpossible() {
      assertRejected(
          VALIDATOR.check(traffic().setTimestampMs(0).build()),
          ReasonCode.IMPOSSIBLE_VALUE,
          "timestampMs");
    }

    @ParameterizedTest
    @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void nonFiniteDemandIsRejected(double demand) {
      assertRejected(
          VALIDATOR.check(traffic().setDemandMbps(demand).build()),
          ReasonCode.NOT_FINITE,
          "demandMbps");
    }

    @Test
    void negativeDemandIsRejected() {
      assertRejected(
          VALIDATOR.check(traffic().setDemandMbps(-3).build()),
          ReasonCode.NEGATIVE_VALUE,
          "demandMbps",
          "-3.0");
    }

    @Test
    void unknownSourceOrDestinationNodeIsRejected() {
      assertRejected(
          VALIDATOR.check(traffic().setSrcNode("Z").build()), ReasonCode.UNKNOWN_NODE, "Z");
      assertRejected(
          VALIDATOR.check(traffic().setDstNode("Q").build()), ReasonCode.UNKNOWN_NODE, "Q");
    }
  }

  @Nested
  class Events {
    @Test
    void validEventsAreAccepted() {
      assertThat(VALIDATOR.check(event(NetworkEventType.LINK_DOWN, "A-B").build())).isNull();
      assertThat(VALIDATOR.check(event(NetworkEventType.LINK_UP, "B-C").build())).isNull();
      assertThat(VALIDATOR.check(event(NetworkEventType.NODE_DOWN, "C").build())).isNull();
      assertThat(VALIDATOR.check(event(NetworkEventType.NODE_UP, "A").build())).isNull();
      assertThat(
              VALIDATOR.check(
                  event(NetworkEventType.REROUTE, "maintenance window, free text")
                      .setAffectedLinks(
                          List.of(affected("A-B", "B", "A"), affected("B-C", "B", "C")))
                      .build()))
          .isNull();
    }

    @Test
    void nonPositiveTimestampIsImpossible() {
      assertRejected(
          VALIDATOR.check(event(NetworkEventType.LINK_DOWN, "A-B").setTimestampMs(-5).build()),
          ReasonCode.IMPOSSIBLE_VALUE,
          "timestampMs");
    }

    @Test
    void linkEventsOnAnUnknownLinkAreRejected() {
      assertRejected(
          VALIDATOR.check(event(NetworkEventType.LINK_DOWN, "A-C").build()),
          ReasonCode.UNKNOWN_LINK,
          "A-C");
      assertRejected(
          VALIDATOR.check(event(NetworkEventType.LINK_UP, "A").build()),
          ReasonCode.UNKNOWN_LINK,
          "A");
    }

    @Test
    void nodeEventsOnAnUnknownNodeAreRejected() {
      assertRejected(
          VALIDATOR.check(event(NetworkEventType.NODE_DOWN, "Z").build()),
          ReasonCode.UNKNOWN_NODE,
          "Z");
      // a link id is not a node
      assertRejected(
          VALIDATOR.check(event(NetworkEventType.NODE_UP, "A-B").build()),
          ReasonCode.UNKNOWN_NODE,
          "A-B");
    }

    @Test
    void anUnknownAffectedLinkDirectionIsRejected() {
      assertRejected(
          VALIDATOR.check(
              event(NetworkEventType.LINK_DOWN, "A-B")
                  .setAffectedLinks(List.of(affected("A-B", "A", "B"), affected("B-C", "C", "B")))
                  .build()),
          ReasonCode.UNKNOWN_LINK,
          "affected link",
          "B-C",
          "C>B");
      assertRejected(
          VALIDATOR.check(
              event(NetworkEventType.REROUTE, "anything")
                  .setAffectedLinks(List.of(affected("X-Y", "X", "Y")))
                  .build()),
          ReasonCode.UNKNOWN_LINK,
          "X-Y");
    }
  }

  @Test
  void anAcceptingAllCatalogAcceptsUnknownElementsButStillChecksValues() {
    InputValidator lenient = new InputValidator(NetworkCatalog.acceptingAll(), 1.5);

    assertThat(lenient.check(telemetry().setLinkId("X-Y").setSrcNode("X").setDstNode("Y").build()))
        .isNull();
    assertThat(lenient.check(traffic().setSrcNode("X").setDstNode("Y").build())).isNull();
    assertThat(lenient.check(event(NetworkEventType.LINK_DOWN, "X-Y").build())).isNull();
    assertThat(lenient.check(event(NetworkEventType.NODE_DOWN, "X").build())).isNull();
    assertThat(
            lenient.check(
                event(NetworkEventType.REROUTE, "r")
                    .setAffectedLinks(List.of(affected("X-Y", "Y", "X")))
                    .build()))
        .isNull();

    assertRejected(
        lenient.check(telemetry().setLinkId("X-Y").setLoadMbps(Double.NaN).build()),
        ReasonCode.NOT_FINITE);
    assertRejected(
        lenient.check(telemetry().setLoadMbps(2000).build()), ReasonCode.IMPOSSIBLE_VALUE);
  }

  @ParameterizedTest
  @ValueSource(
      doubles = {0.999, 0.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
  void constructorRejectsAnImplausibleMaxUtilisation(double maxUtilisation) {
    assertThatThrownBy(() -> new InputValidator(CATALOG, maxUtilisation))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxUtilisation");
  }

  @Test
  void maxUtilisationOfExactlyOneIsAllowed() {
    InputValidator strict = new InputValidator(CATALOG, 1.0);
    assertThat(strict.check(telemetry().setLoadMbps(1000).build())).isNull();
    assertRejected(
        strict.check(telemetry().setLoadMbps(1000.5).build()), ReasonCode.IMPOSSIBLE_VALUE);
  }
}
