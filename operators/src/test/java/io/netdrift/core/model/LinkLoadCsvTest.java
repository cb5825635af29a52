package io.netdrift.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netdrift.core.model.training.LinkLoadCsv;
import io.netdrift.core.model.training.LinkSeries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinkLoadCsvTest {
  @TempDir Path tmp;

  @Test
  void readsDirectionsSortedSkipsInvalidLoadsAndFilters() throws Exception {
    Path f = tmp.resolve("link_load.csv");
    Files.writeString(
        f,
        "timestamp,link_id,src,dst,load_mbps,expected_load_mbps\n"
            + "2026-01-05T00:05:00Z,AB,A,B,20,20\n"
            + "2026-01-05T00:00:00Z,AB,A,B,10,10\n"
            + "2026-01-05T00:00:00Z,AB,B,A,5,5\n"
            + "2026-01-05T00:05:00Z,AB,B,A,NaN,5\n"
            + "2026-01-05T00:10:00Z,AB,B,A,-3,5\n"
            + "2026-01-05T00:00:00Z,CD,C,D,7,7\n");
    LinkLoadCsv.Contents all = LinkLoadCsv.readLoads(f, Set.of());
    assertThat(all.rows()).isEqualTo(6);
    assertThat(all.skippedRows()).isEqualTo(2);
    assertThat(all.series())
        .extracting(LinkSeries::linkId)
        .containsExactly("AB:A>B", "AB:B>A", "CD:C>D");
    LinkSeries ab = all.series().get(0);
    assertThat(ab.loadMbps()).containsExactly(10f, 20f);
    assertThat(ab.gapSeconds()).containsExactly(0f, 300f);
    assertThat(LinkLoadCsv.readLoads(f, Set.of("AB")).series()).hasSize(2);
    assertThat(LinkLoadCsv.readLoads(f, Set.of("AB:B>A")).series()).hasSize(1);
  }

  @Test
  void clearErrorsAndCapacities() throws Exception {
    Path f = tmp.resolve("bad.csv");
    Files.writeString(f, "time,link,load\n");
    assertThatThrownBy(() -> LinkLoadCsv.readLoads(f, Set.of()))
        .hasMessageContaining("lacks column 'timestamp'");
    Path g = tmp.resolve("g.csv");
    Files.writeString(
        g, "timestamp,link_id,src,dst,load_mbps,expected_load_mbps\nyesterday,AB,A,B,1,1\n");
    assertThatThrownBy(() -> LinkLoadCsv.readLoads(g, Set.of()))
        .hasMessageContaining(":2: bad timestamp");
    Path s = tmp.resolve("link_status.csv");
    Files.writeString(
        s,
        "timestamp,link_id,src,dst,capacity_mbps,status\n"
            + "2026-01-05T00:00:00Z,AB,A,B,1000,UP\n"
            + "2026-01-05T00:05:00Z,AB,A,B,0,DOWN\n"
            + "2026-01-05T00:00:00Z,AB,B,A,,DOWN\n");
    assertThat(LinkLoadCsv.readCapacities(s)).isEqualTo(Map.of("AB:A>B", 1000f));
    assertThat(LinkLoadCsv.readCapacities(tmp.resolve("absent.csv"))).isEmpty();
  }
}
