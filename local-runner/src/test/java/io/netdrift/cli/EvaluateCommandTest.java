package io.netdrift.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Bad input to {@code netdrift evaluate}: one line naming the file, line and field; exit 2. */
class EvaluateCommandTest {
  @TempDir Path dir;
  private final StringWriter err = new StringWriter();
  private Path topology;
  private Path traffic;

  @BeforeEach
  void files() throws Exception {
    topology = dir.resolve("tri.csv");
    Files.writeString(
        topology,
        "link_id,src,dst,capacity_mbps,weight\nXY,X,Y,100,1\nYZ,Y,Z,100,1\nXZ,X,Z,100,5\n");
    StringBuilder rows = new StringBuilder("timestamp,src,dst,mbps\n");
    for (int step = 0; step < 300; step++) {
      rows.append(
          java.time.Instant.parse("2026-01-05T00:00:00Z").plusSeconds(300L * step) + ",X,Z,10\n");
    }
    traffic = dir.resolve("m.csv");
    Files.writeString(traffic, rows.toString());
  }

  private int run(String... args) {
    CommandLine command = new CommandLine(new EvaluateCommand());
    command.setErr(new PrintWriter(err));
    return command.execute(args);
  }

  private String[] args(Path failures) {
    return new String[] {
      "--topology", topology.toString(),
      "--traffic", traffic.toString(),
      "--failures", failures.toString(),
      "--report", dir.resolve("report").toString()
    };
  }

  @Test
  void aFailureOfALinkNotInTheTopologyIsNamedByFileAndLine() throws Exception {
    Path failures = dir.resolve("f.csv");
    Files.writeString(failures, "timestamp,type,element\n2026-01-05T20:00:00Z,LINK_DOWN,XQ\n");
    assertThat(run(args(failures))).isEqualTo(2);
    assertThat(err.toString())
        .startsWith("netdrift evaluate: ")
        .contains("f.csv, line 2")
        .contains("XQ")
        .doesNotContain("Exception")
        .hasLineCount(1);
  }

  @Test
  void aGapInTheMatricesIsNamedByFileAndLine() throws Exception {
    Files.writeString(
        traffic, Files.readString(traffic).replace("2026-01-05T01:00:00Z,X,Z,10\n", ""));
    Path failures = dir.resolve("f.csv");
    Files.writeString(failures, "timestamp,type,element\n2026-01-05T20:00:00Z,LINK_DOWN,XY\n");
    assertThat(run(args(failures))).isEqualTo(2);
    assertThat(err.toString())
        .startsWith("netdrift evaluate: ")
        .contains("m.csv, line 14, column 1: gap in the series")
        .hasLineCount(1);
  }

  @Test
  void aFailureLogWithNothingInTheRunIsRefused() throws Exception {
    Path failures = dir.resolve("f.csv");
    Files.writeString(failures, "timestamp,type,element\n2026-02-05T20:00:00Z,LINK_DOWN,XY\n");
    assertThat(run(args(failures))).isEqualTo(2);
    assertThat(err.toString()).contains("no failure falls within the 300 steps").hasLineCount(1);
  }

  @Test
  void tooLittleHistoryBeforeTheFailureAsksForModels() throws Exception {
    Path failures = dir.resolve("f.csv");
    Files.writeString(failures, "timestamp,type,element\n2026-01-05T05:00:00Z,LINK_DOWN,XY\n");
    assertThat(run(args(failures))).isEqualTo(2);
    assertThat(err.toString())
        .contains("first failure is at step 60")
        .contains("give --model DIR")
        .hasLineCount(1);
  }

  @Test
  void aMissingFileIsNamed() {
    assertThat(run(args(dir.resolve("nope.csv")))).isEqualTo(2);
    assertThat(err.toString()).contains("cannot read").contains("nope.csv").hasLineCount(1);
  }
}
