package io.netdrift.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netdrift.core.model.training.LinkLoadCsv;
import io.netdrift.core.model.training.LinkSeries;
import io.netdrift.core.network.DirectedLink;
import io.netdrift.core.network.InputFormatException;
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
        .isInstanceOf(InputFormatException.class)
        .hasMessageContaining("header must start with timestamp,link_id,src,dst,load_mbps");
    Path g = tmp.resolve("g.csv");
    Files.writeString(
        g, "timestamp,link_id,src,dst,load_mbps,expected_load_mbps\nyesterday,AB,A,B,1,1\n");
    assertThatThrownBy(() -> LinkLoadCsv.readLoads(g, Set.of()))
        .hasMessageContaining("g.csv, line 2, column 1: bad timestamp 'yesterday'");
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

  @Test
  void quotedFieldsKeepCommasAndQuotes() throws Exception {
    Path f = tmp.resolve("quoted.csv");
    Files.writeString(
        f,
        "timestamp,link_id,src,dst,load_mbps,expected_load_mbps\n"
            + "2026-01-05T00:00:00Z,\"Paris, Nord\",A,\"B \"\"core\"\"\",10,10\n"
            + "\"2026-01-05T00:05:00Z\", \"Paris, Nord\" ,A,\"B \"\"core\"\"\",\"12.5\",\n");
    LinkLoadCsv.Contents contents = LinkLoadCsv.readLoads(f, Set.of("Paris, Nord"));
    assertThat(contents.series())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.linkId()).isEqualTo(DirectedLink.key("Paris, Nord", "A", "B \"core\""));
              assertThat(s.loadMbps()).containsExactly(10f, 12.5f);
            });
    Path open = tmp.resolve("open.csv");
    Files.writeString(
        open, "timestamp,link_id,src,dst,load_mbps\n2026-01-05T00:00:00Z,\"AB,A,B,1\n");
    assertThatThrownBy(() -> LinkLoadCsv.readLoads(open, Set.of()))
        .isInstanceOf(InputFormatException.class)
        .hasMessageContaining(
            "open.csv, line 2, column 2: quote opened at character 22 is not closed");
  }
}
