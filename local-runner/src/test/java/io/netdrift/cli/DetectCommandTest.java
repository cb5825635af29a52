package io.netdrift.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DetectCommandTest {

  @TempDir Path dir;

  private record Run(int exitCode, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = new CommandLine(new DetectCommand());
    cmd.setOut(new PrintWriter(out));
    cmd.setErr(new PrintWriter(err));
    int code = cmd.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  private Path series(String header, double[] values) throws Exception {
    List<String> lines = new ArrayList<>();
    if (header != null) {
      lines.add(header);
    }
    for (double v : values) {
      lines.add(String.format(Locale.ROOT, "%.6f", v));
    }
    return Files.write(dir.resolve("series.csv"), lines);
  }

  private static double[] shifted(long seed) {
    Random random = new Random(seed);
    double[] v = new double[2000];
    for (int i = 0; i < v.length; i++) {
      v[i] = random.nextGaussian() + (i >= 1000 ? 3 : 0);
    }
    return v;
  }

  @Test
  void printsTheIndexOfEachDetectionAndNothingElse() throws Exception {
    Path input = series("error_mbps", shifted(1));
    Run r = run("--detector", "adwin", "--input", input.toString());
    assertThat(r.exitCode()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines).isNotEmpty().allMatch(l -> l.matches("\\d+"));
    assertThat(Integer.parseInt(lines.get(0))).isBetween(1000, 1049);
    assertThat(r.err()).contains("2000 samples");
  }

  @Test
  void indicesCountSamplesNotLines() throws Exception {
    double[] v = shifted(2);
    Path withHeader = series("value", v);
    Path without =
        Files.write(dir.resolve("plain.csv"), Files.readAllLines(withHeader).subList(1, 2001));
    assertThat(run("--detector", "kswin", "--input", withHeader.toString()).out())
        .isEqualTo(run("--detector", "kswin", "--input", without.toString()).out());
  }

  @Test
  void passesParameters() throws Exception {
    Path input = series(null, shifted(3));
    Run strict =
        run("--detector", "page-hinkley", "--param", "lambda=1e6", "--input", input.toString());
    assertThat(strict.exitCode()).isZero();
    assertThat(strict.out()).isEmpty();
    Run normal =
        run("--detector", "page-hinkley", "--param", "lambda=50", "--input", input.toString());
    assertThat(normal.out()).isNotEmpty();
  }

  @Test
  void badNumberExitsTwoNamingTheLine() throws Exception {
    Path input = Files.write(dir.resolve("bad.csv"), List.of("load", "1.0", "2.0", "x1", "3"));
    Run r = run("--detector", "adwin", "--input", input.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains("line 4").contains("'x1'");
    Path nan = Files.write(dir.resolve("nan.csv"), List.of("1.0", "NaN"));
    Run n = run("--detector", "adwin", "--input", nan.toString());
    assertThat(n.exitCode()).isEqualTo(2);
    assertThat(n.err()).contains("line 2").contains("finite");
  }

  @Test
  void badDetectorOrParameterExitsTwo() throws Exception {
    Path input = series(null, new double[] {1, 2, 3});
    Run unknown = run("--detector", "ddm", "--input", input.toString());
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("unknown drift detector 'ddm'");
    Run badParam = run("--detector", "adwin", "--param", "delta=7", "--input", input.toString());
    assertThat(badParam.exitCode()).isEqualTo(2);
    assertThat(badParam.err()).contains("delta must be in (0, 1)");
    Run unknownParam =
        run("--detector", "kswin", "--param", "lambda=7", "--input", input.toString());
    assertThat(unknownParam.exitCode()).isEqualTo(2);
    assertThat(unknownParam.err()).contains("unknown parameter 'lambda'");
    assertThat(unknownParam.out()).isEmpty();
  }

  @Test
  void missingFileExitsTwo() {
    Run r = run("--detector", "adwin", "--input", dir.resolve("nope.csv").toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("no such input file");
  }
}
