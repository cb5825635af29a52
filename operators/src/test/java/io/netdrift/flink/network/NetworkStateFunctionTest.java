package io.netdrift.flink.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdrift.core.network.Link;
import io.netdrift.core.network.Topology;
import io.netdrift.flink.forecast.NetworkDriftSignal;
import io.netdrift.schema.AffectedLink;
import io.netdrift.schema.NetworkEvent;
import io.netdrift.schema.NetworkEventType;
import io.netdrift.schema.TrafficSample;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The job's own re-routing: a failure marks the detour links with their routing prior. */
class NetworkStateFunctionTest {
  private static final long T0 = 1_767_225_600_000L;

  /** A-B-C in a line plus the direct A-C: traffic A->C takes A-C until it fails. */
  private static Topology triangle() {
    return new Topology(
        "triangle",
        List.of(
            new Link("A-B", "A", "B", 1000, 1, false),
            new Link("B-C", "B", "C", 1000, 1, false),
            new Link("A-C", "A", "C", 1000, 1, false)));
  }

  private static KeyedTwoInputStreamOperatorTestHarness<
          String, TrafficSample, NetworkEvent, NetworkDriftSignal>
      harness(NetworkStateFunction.SerializableTopologySupplier topology) throws Exception {
    var harness =
        new KeyedTwoInputStreamOperatorTestHarness<>(
            new KeyedCoProcessOperator<>(new NetworkStateFunction(topology, false)),
            (TrafficSample t) -> NetworkStateFunction.NETWORK_KEY,
            (NetworkEvent e) -> NetworkStateFunction.NETWORK_KEY,
            Types.STRING);
    harness.open();
    return harness;
  }

  private static NetworkEvent event(
      String id, NetworkEventType type, String element, List<AffectedLink> named) {
    return NetworkEvent.newBuilder()
        .setEventId(id)
        .setTimestampMs(T0 + 1)
        .setType(type)
        .setElement(element)
        .setAffectedLinks(named)
        .build();
  }

  private static Map<String, double[]> byLink(List<NetworkDriftSignal> signals) {
    return signals.stream()
        .collect(
            Collectors.toMap(
                s -> s.linkKey, s -> new double[] {s.loadBeforeMbps, s.loadAfterMbps}));
  }

  @Test
  void aFailureMarksTheDetourWithTheLoadItWillCarry() throws Exception {
    var h = harness(NetworkStateFunctionTest::triangle);
    h.processElement1(new TrafficSample(T0, "A", "C", 300.0), T0);
    h.processElement1(new TrafficSample(T0, "A", "B", 100.0), T0);
    h.processElement2(event("down", NetworkEventType.LINK_DOWN, "A-C", List.of()), T0 + 1);

    Map<String, double[]> signals = byLink(h.extractOutputValues());
    // A->C moves from A-C onto A-B then B-C: the failed direction drops, the detour rises
    assertThat(signals).containsOnlyKeys("A-C:A>C", "A-B:A>B", "B-C:B>C");
    assertThat(signals.get("A-C:A>C")).containsExactly(300.0, 0.0);
    assertThat(signals.get("A-B:A>B")).containsExactly(100.0, 400.0);
    assertThat(signals.get("B-C:B>C")).containsExactly(0.0, 300.0);
    h.close();
  }

  @Test
  void theFailureStateSurvivesASnapshotSoTheRepairRestoresTheOldRouting() throws Exception {
    var h = harness(NetworkStateFunctionTest::triangle);
    h.processElement1(new TrafficSample(T0, "A", "C", 300.0), T0);
    h.processElement2(event("down", NetworkEventType.LINK_DOWN, "A-C", List.of()), T0 + 1);
    OperatorSubtaskState snapshot = h.snapshot(1, 1);
    h.close();

    var restored = harness(NetworkStateFunctionTest::triangle);
    restored.close();
    restored =
        new KeyedTwoInputStreamOperatorTestHarness<>(
            new KeyedCoProcessOperator<>(
                new NetworkStateFunction(NetworkStateFunctionTest::triangle, false)),
            (TrafficSample t) -> NetworkStateFunction.NETWORK_KEY,
            (NetworkEvent e) -> NetworkStateFunction.NETWORK_KEY,
            Types.STRING);
    restored.initializeState(snapshot);
    restored.open();
    restored.processElement2(event("up", NetworkEventType.LINK_UP, "A-C", List.of()), T0 + 2);

    Map<String, double[]> signals = byLink(restored.extractOutputValues());
    assertThat(signals.get("A-C:A>C")).containsExactly(0.0, 300.0);
    assertThat(signals.get("B-C:B>C")).containsExactly(300.0, 0.0);
    restored.close();
  }

  @Test
  void withoutATopologyOnlyTheNamedLinksAreSignalled() throws Exception {
    var h = harness(() -> null);
    h.processElement2(
        event(
            "down",
            NetworkEventType.LINK_DOWN,
            "A-C",
            List.of(new AffectedLink("A-B", "A", "B", 100.0, 400.0))),
        T0 + 1);
    assertThat(h.extractOutputValues())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.linkKey).isEqualTo("A-B:A>B");
              assertThat(s.loadAfterMbps).isEqualTo(400.0);
              assertThat(s.eventType).isEqualTo("LINK_DOWN");
            });
    h.close();
  }
}
