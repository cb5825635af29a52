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

  /** Bounds that hold even without a topology: what a producer sends must fit the job. */
  @Nested
  class Bounds {
    private final InputValidator lenient = new InputValidator(NetworkCatalog.acceptingAll(), 1.5);

    @ParameterizedTest
    @ValueSource(longs = {InputValidator.MAX_TIMESTAMP_MS, Long.MAX_VALUE})
    void eventTimesFromYear2100OnAreImpossible(long ts) {
      for (Rejection r :
          List.of(
              VALIDATOR.check(telemetry().setTimestampMs(ts).build()),
              VALIDATOR.check(traffic().setTimestampMs(ts).build()),
              VALIDATOR.check(
                  event(NetworkEventType.LINK_DOWN, "A-B").setTimestampMs(ts).build()))) {
        assertRejected(r, ReasonCode.IMPOSSIBLE_VALUE, "timestampMs", String.valueOf(ts));
      }
      assertThat(
              VALIDATOR.check(
                  telemetry().setTimestampMs(InputValidator.MAX_TIMESTAMP_MS - 1).build()))
          .isNull();
    }

    @ParameterizedTest
    @ValueSource(doubles = {1e300, 1.000001e9, 9.99e-4, 1e-300, Double.MIN_VALUE})
    void capacityOutsideWhatALinkCanHaveIsImpossible(double capacity) {
      assertRejected(
          lenient.check(telemetry().setLoadMbps(0.0).setCapacityMbps(capacity).build()),
          ReasonCode.IMPOSSIBLE_VALUE,
          "capacityMbps",
          String.valueOf(capacity));
    }

    @ParameterizedTest
    @ValueSource(doubles = {InputValidator.MIN_CAPACITY_MBPS, InputValidator.MAX_CAPACITY_MBPS})
    void capacityAtTheBoundsIsAccepted(double capacity) {
      assertThat(lenient.check(telemetry().setLoadMbps(0.0).setCapacityMbps(capacity).build()))
          .isNull();
    }

    @Test
    void identifiersLongerThanTheLimitAreImpossibleEvenWithoutATopology() {
      String ok = "x".repeat(InputValidator.MAX_IDENTIFIER_CHARS);
      String huge = "y".repeat(500_000);

      assertThat(lenient.check(telemetry().setLinkId(ok).build())).isNull();
      assertRejected(
          lenient.check(telemetry().setLinkId(huge).build()),
          ReasonCode.IMPOSSIBLE_VALUE,
          "linkId",
          "500000 characters");
      assertRejected(
          lenient.check(telemetry().setDstNode(huge).build()), ReasonCode.IMPOSSIBLE_VALUE);
      assertRejected(
          lenient.check(traffic().setSrcNode(huge).build()), ReasonCode.IMPOSSIBLE_VALUE);
      assertRejected(
          lenient.check(event(NetworkEventType.REROUTE, huge).build()),
          ReasonCode.IMPOSSIBLE_VALUE,
          "element");
      assertRejected(
          lenient.check(
              event(NetworkEventType.REROUTE, "r")
                  .setAffectedLinks(List.of(affected("X-Y", huge, "Y")))
                  .build()),
          ReasonCode.IMPOSSIBLE_VALUE,
          "affected srcNode");
      // the reason quotes the start of the value, not all of it
      assertThat(VALIDATOR.check(telemetry().setLinkId(huge).build()).reason())
          .hasSizeLessThan(200);
    }

    @Test
    void routedLoadsAndDroppedDemandOfAnEventMustBeRealAmounts() {
      AffectedLink nan = affected("A-B", "A", "B");
      nan.setLoadAfterMbps(Double.NaN);
      AffectedLink negative = affected("A-B", "A", "B");
      negative.setLoadBeforeMbps(-3.0);
      AffectedLink unknown = affected("A-B", "A", "B");
      unknown.setLoadBeforeMbps(null);
      unknown.setLoadAfterMbps(null);

      assertRejected(
          VALIDATOR.check(
              event(NetworkEventType.LINK_DOWN, "A-B").setAffectedLinks(List.of(nan)).build()),
          ReasonCode.NOT_FINITE,
          "affected link load");
      assertRejected(
          VALIDATOR.check(
              event(NetworkEventType.LINK_DOWN, "A-B").setAffectedLinks(List.of(negative)).build()),
          ReasonCode.NEGATIVE_VALUE);
      assertRejected(
          VALIDATOR.check(
              event(NetworkEventType.LINK_DOWN, "A-B")
                  .setDroppedDemandMbps(Double.POSITIVE_INFINITY)
                  .build()),
          ReasonCode.NOT_FINITE,
          "droppedDemandMbps");
      assertThat(
              VALIDATOR.check(
                  event(NetworkEventType.LINK_DOWN, "A-B")
                      .setAffectedLinks(List.of(unknown))
                      .build()))
          .as("unknown (null) routed loads are allowed")
          .isNull();
    }

    @Test
    void aRejectionKeepsAtMostMaxReasonChars() {
      Rejection longReason = Rejection.of(ReasonCode.UNDECODABLE, "z".repeat(100_000));

      assertThat(longReason.reason()).hasSize(Rejection.MAX_REASON_CHARS).endsWith("...");
      assertThat(Rejection.of(ReasonCode.UNDECODABLE, "short").reason()).isEqualTo("short");
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
