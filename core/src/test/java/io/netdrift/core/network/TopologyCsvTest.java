package io.netdrift.core.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import org.junit.jupiter.api.Test;

class TopologyCsvTest {

  private static Topology parse(String text) {
    return TopologyCsv.read("t", "t.csv", new StringReader(text));
  }

  @Test
  void emptyCapacityAndWeightTakeTheDocumentedDefaults() {
    Topology topology = parse("link_id,src,dst,capacity_mbps,weight\nAB,A,B,,\nBC,B,C,400,2.5\n");
    assertThat(topology.link("AB").hasCapacity()).isFalse();
    assertThat(topology.link("AB").weight()).isEqualTo(Link.DEFAULT_WEIGHT);
    assertThat(topology.link("BC").capacityMbps()).isEqualTo(400);
    assertThat(topology.link("BC").weight()).isEqualTo(2.5);
    assertThat(topology.nodes()).containsExactly("A", "B", "C");
    assertThat(topology.directedLinkCount()).isEqualTo(4);
  }

  @Test
  void roundTripsThroughCsv() {
    Topology topology = parse("link_id,src,dst,capacity_mbps,weight\nAB,A,B,100,3\nBC,B,C,,\n");
    Topology again = parse(TopologyCsv.toCsv(topology));
    assertThat(again.links()).isEqualTo(topology.links());
  }

  @Test
  void errorsNameLineAndColumn() {
    assertThatThrownBy(() -> parse("link_id,src,dst,capacity_mbps,weight\nAB,A,B,x,1\n"))
        .isInstanceOf(InputFormatException.class)
        .hasMessage("t.csv, line 2, column 4: 'capacity_mbps' is not a number: 'x'");
    assertThatThrownBy(() -> parse("link_id,src,dst,capacity_mbps,weight\nAB,A,B,10,-1\n"))
        .hasMessageContaining("line 2, column 5: weight must be > 0");
    assertThatThrownBy(() -> parse("link_id,src,dst\nAB,A,B\nAB,B,C\n"))
        .hasMessageContaining("line 3, column 1: duplicate link id 'AB' (first on line 2)");
    assertThatThrownBy(() -> parse("link_id,src,dst\nAB,A,A\n"))
        .hasMessageContaining("line 2, column 3");
    assertThatThrownBy(() -> parse("link_id,source,dst\nAB,A,B\n"))
        .hasMessageContaining("line 1, column 2: header must start with link_id,src,dst");
    assertThatThrownBy(() -> parse("link_id,src,dst\nAB,A\n"))
        .hasMessageContaining("line 2, column 3: expected 3 fields");
    assertThatThrownBy(() -> parse("link_id,src,dst,directed\nAB,A,B,maybe\n"))
        .hasMessageContaining("line 2, column 4: directed must be true or false");
  }
}
