package io.netdrift.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netdrift.core.network.InputFormatException;
import io.netdrift.core.network.Topology;
import io.netdrift.core.network.TopologyCsv;
import io.netdrift.schema.NetworkEventType;
import java.io.StringReader;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplayTrafficModelTest {

  /** A line X - Y - Z plus a long link X - Z (weight 5): X>Z goes via Y until X-Y fails. */
  static Topology triangle() {
    return TopologyCsv.read(
        "triangle",
        "triangle.csv",
        new StringReader(
            "link_id,src,dst,capacity_mbps,weight\nXY,X,Y,100,1\nYZ,Y,Z,100,1\nXZ,X,Z,100,5\n"));
  }

  private static ReplayTrafficModel replay(String text) {
    return ReplayTrafficModel.read("m.csv", new StringReader(text), triangle());
  }

  @Test
  void replayOfAHandMadeMatrixGivesHandComputedLinkLoads() {
    ReplayTrafficModel traffic =
        replay(
            """
            timestamp,src,dst,mbps
            2026-01-05T00:00:00Z,X,Z,10
            2026-01-05T00:00:00Z,Y,X,3
            2026-01-05T00:05:00Z,X,Z,20
            2026-01-05T00:10:00Z,X,Z,30
            2026-01-05T00:10:00Z,Z,Y,1
            """);
    FailureSchedule failures =
        FailureSchedule.read(
            "f.csv",
            new StringReader("timestamp,type,element\n2026-01-05T00:10:00Z,LINK_DOWN,XY\n"),
            triangle());
    NetworkSimulator simulator =
        NetworkSimulator.builder().traffic(traffic).failures(failures).build();

    Map<String, Double> first = simulator.next().expectedLoadMbps();
    assertThat(first)
        .containsEntry("XY:X>Y", 10.0)
        .containsEntry("YZ:Y>Z", 10.0)
        .containsEntry("XY:Y>X", 3.0)
        .containsEntry("XZ:X>Z", 0.0);

    SimulationStep second = simulator.next();
    // Y>X is missing at 00:05: zero demand.
    assertThat(second.expectedLoadMbps())
        .containsEntry("XY:X>Y", 20.0)
        .containsEntry("XY:Y>X", 0.0);
    assertThat(second.traffic()).hasSize(1);

    SimulationStep third = simulator.next();
    assertThat(third.events()).hasSize(1);
    assertThat(third.events().get(0).getType()).isEqualTo(NetworkEventType.LINK_DOWN);
    assertThat(third.expectedLoadMbps())
        .containsEntry("XY:X>Y", 0.0)
        .containsEntry("XZ:X>Z", 30.0)
        .containsEntry("YZ:Y>Z", 0.0)
        .containsEntry("YZ:Z>Y", 1.0);
    // Replayed demand is the measurement: load = expected load.
    third
        .telemetry()
        .forEach(
            t ->
                assertThat(t.getLoadMbps())
                    .isEqualTo(
                        third
                            .expectedLoadMbps()
                            .get(t.getLinkId() + ":" + t.getSrcNode() + ">" + t.getDstNode())));
    assertThat(simulator.hasNext()).isFalse();
  }

  @Test
  void errorsNameFileLineAndColumn() {
    String header = "timestamp,src,dst,mbps\n";
    assertThatThrownBy(() -> replay(header + "2026-01-05T00:00:00Z,X,Q,1\n"))
        .isInstanceOf(InputFormatException.class)
        .hasMessage("m.csv, line 2, column 3: unknown node 'Q' in topology triangle");
    assertThatThrownBy(() -> replay(header + "2026-01-05T00:00:00Z,X,Y,-1\n"))
        .hasMessage("m.csv, line 2, column 4: negative demand -1 for X>Y");
    assertThatThrownBy(() -> replay(header + "2026-01-05T00:00:00Z,X,Y,abc\n"))
        .hasMessageContaining("line 2, column 4: 'mbps' is not a number: 'abc'");
    assertThatThrownBy(
            () -> replay(header + "2026-01-05T00:05:00Z,X,Y,1\n2026-01-05T00:00:00Z,X,Y,1\n"))
        .hasMessageContaining("line 3, column 1: timestamp out of order");
    assertThatThrownBy(() -> replay(header + "yesterday,X,Y,1\n"))
        .hasMessageContaining("line 2, column 1: not an ISO-8601 UTC timestamp");
    assertThatThrownBy(
            () -> replay(header + "2026-01-05T00:00:00Z,X,Y,1\n2026-01-05T00:00:00Z,X,Y,2\n"))
        .hasMessageContaining("line 3, column 2: pair X>Y appears twice")
        .hasMessageContaining("first on line 2");
    assertThatThrownBy(() -> replay(header + "2026-01-05T00:00:00Z,X,Y\n"))
        .hasMessageContaining("line 2, column 4: expected 4 fields");
    assertThatThrownBy(() -> replay(header)).hasMessageContaining("m.csv: no traffic rows");
  }

  @Test
  void failureScheduleErrorsNameFileLineAndColumn() {
    String header = "timestamp,type,element\n";
    assertThatThrownBy(
            () ->
                FailureSchedule.read(
                    "f.csv",
                    new StringReader(header + "2026-01-05T00:00:00Z,LINK_DOWN,AB\n"),
                    triangle()))
        .hasMessage("f.csv, line 2, column 3: unknown link 'AB' in topology triangle");
    assertThatThrownBy(
            () ->
                FailureSchedule.read(
                    "f.csv",
                    new StringReader(header + "2026-01-05T00:00:00Z,LINK_UP,XY\n"),
                    triangle()))
        .hasMessage("f.csv, line 2, column 3: link 'XY' is not down");
    assertThatThrownBy(
            () ->
                FailureSchedule.read(
                    "f.csv",
                    new StringReader(header + "2026-01-05T00:00:00Z,BREAK,XY\n"),
                    triangle()))
        .hasMessageContaining("line 2, column 2: unknown event type 'BREAK'");
    assertThatThrownBy(
            () ->
                FailureSchedule.read(
                    "f.csv",
                    new StringReader(
                        header
                            + "2026-01-05T01:00:00Z,NODE_DOWN,X\n2026-01-05T00:00:00Z,NODE_UP,X\n"),
                    triangle()))
        .hasMessageContaining("line 3, column 1: timestamp out of order");
  }

  @Test
  void nodeFailureDropsItsDemandAndReportsIt() {
    ReplayTrafficModel traffic =
        replay("timestamp,src,dst,mbps\n2026-01-05T00:00:00Z,X,Z,10\n2026-01-05T00:00:00Z,Y,Z,4\n");
    FailureSchedule failures =
        FailureSchedule.read(
            "f.csv",
            new StringReader("timestamp,type,element\n2026-01-05T00:00:00Z,NODE_DOWN,Y\n"),
            triangle());
    NetworkSimulator simulator =
        NetworkSimulator.builder().traffic(traffic).failures(failures).build();
    SimulationStep step = simulator.next();
    assertThat(step.events().get(0).getDroppedDemandMbps()).isEqualTo(4.0);
    assertThat(simulator.droppedDemandMbps()).isEqualTo(4.0);
    assertThat(simulator.droppedDemands())
        .containsExactly(new io.netdrift.schema.TrafficSample(step.timestampMs(), "Y", "Z", 4.0));
    assertThat(step.expectedLoadMbps()).containsEntry("XZ:X>Z", 10.0);
  }

  @Test
  void theStepLengthIsReadFromEvenlySpacedMatricesAndAGapIsNamedByLine() {
    String evenly =
        """
        timestamp,src,dst,mbps
        2026-01-05T00:00:00Z,X,Z,10
        2026-01-05T00:15:00Z,X,Z,20
        2026-01-05T00:30:00Z,X,Z,30
        """;
    assertThat(replay(evenly).regularStepMs()).isEqualTo(900_000L);
    String gap =
        """
        timestamp,src,dst,mbps
        2026-01-05T00:00:00Z,X,Z,10
        2026-01-05T00:05:00Z,X,Z,20
        2026-01-05T00:05:00Z,Y,Z,20
        2026-01-05T00:15:00Z,X,Z,30
        """;
    assertThatThrownBy(() -> replay(gap).regularStepMs())
        .isInstanceOf(InputFormatException.class)
        .hasMessageStartingWith("m.csv, line 5, column 1: gap in the series")
        .hasMessageContaining("2026-01-05T00:15:00Z follows 2026-01-05T00:05:00Z after 600 s")
        .hasMessageContaining("300 s apart");
  }
}
