package io.netdrift.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netdrift.core.model.ModelDirectory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TrainCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  private static JsonNode readMetrics(Path model) throws Exception {
    return JSON.readTree(model.resolve(ModelDirectory.METRICS).toFile());
  }

  private Path writeCsv(int steps) throws Exception {
    StringBuilder csv =
        new StringBuilder("timestamp,link_id,src,dst,load_mbps,expected_load_mbps\n");
    Instant t0 = Instant.parse("2026-03-01T00:00:00Z");
    for (int i = 0; i < steps; i++) {
      String ts = t0.plusSeconds(300L * i).toString();
      double ab = 500 + 300 * Math.sin(2 * Math.PI * i / 24.0);
      double ba = 300 + 100 * Math.sin(2 * Math.PI * i / 24.0 + 1);
      double cd = 800 + 200 * Math.cos(2 * Math.PI * i / 24.0);
      csv.append(String.format(Locale.ROOT, "%s,AB,A,B,%.3f,%.3f%n", ts, ab, ab));
      csv.append(String.format(Locale.ROOT, "%s,AB,B,A,%.3f,%.3f%n", ts, ba, ba));
      csv.append(String.format(Locale.ROOT, "%s,CD,C,D,%.3f,%.3f%n", ts, cd, cd));
    }
    Path dir = Files.createDirectories(tmp.resolve("sim"));
    Path file = dir.resolve("link_load.csv");
    Files.writeString(file, csv);
    return file;
  }

  private int run(StringWriter out, StringWriter err, String... args) {
    CommandLine cl = new CommandLine(new TrainCommand());
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    return cl.execute(args);
  }

  @Test
  void trainsCfcAndWritesModelDirectoryWithMetricsAgainstPersistence() throws Exception {
    Path csv = writeCsv(300);
    Path model = tmp.resolve("model");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        run(
            out,
            err,
            "--model",
            "cfc",
            "--input",
            csv.toString(),
            "--out",
            model.toString(),
            "--window",
            "8",
            "--hidden",
            "8",
            "--burn-in",
            "4",
            "--epochs",
            "6",
            "--steps-per-epoch",
            "20",
            "--batch-size",
            "32",
            "--learning-rate",
            "0.01",
            "--seed",
            "42",
            "--device",
            "cpu");
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("persistence rmse")
        .contains("training cfc on 3 link")
        .contains("test (");
    JsonNode metrics = readMetrics(model);
    assertThat(metrics.at("/model/rmse").isNumber()).isTrue();
    assertThat(metrics.at("/persistence/rmse").isNumber()).isTrue();
    ModelDirectory dir = ModelDirectory.open(model);
    assertThat(dir.metadata().linkScales()).containsOnlyKeys("AB:A>B", "AB:B>A", "CD:C>D");
    assertThat(dir.metadata().config().stepSeconds()).isEqualTo(300f);
    assertThat(dir.metadata().validation().rmse()).isLessThan(dir.metadata().persistence().rmse());
  }

  private String[] seededCfc(Path csv, Path model, String... more) {
    String[] base = {
      "--model",
      "cfc",
      "--input",
      csv.toString(),
      "--out",
      model.toString(),
      "--window",
      "6",
      "--hidden",
      "6",
      "--burn-in",
      "3",
      "--epochs",
      "3",
      "--steps-per-epoch",
      "8",
      "--batch-size",
      "32",
      "--device",
      "cpu"
    };
    String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }

  @Test
  void sameSeedGivesTheSameMetricsAndWeightsThreeTimes() throws Exception {
    Path csv = writeCsv(240);
    String first = null;
    byte[] weights = null;
    for (int run = 0; run < 3; run++) {
      Path model = tmp.resolve("seeded" + run);
      StringWriter err = new StringWriter();
      assertThat(run(new StringWriter(), err, seededCfc(csv, model, "--seed", "7")))
          .as(err.toString())
          .isZero();
      String metrics = Files.readString(model.resolve("metrics.json"));
      byte[] w = Files.readAllBytes(model.resolve(ModelDirectory.WEIGHTS));
      if (first == null) {
        first = metrics;
        weights = w;
      } else {
        assertThat(metrics).isEqualTo(first);
        assertThat(w).isEqualTo(weights);
      }
    }
    JsonNode json = JSON.readTree(first);
    assertThat(json.at("/split").asText()).isEqualTo("test");
    assertThat(json.at("/training/seed").asLong()).isEqualTo(7);
    assertThat(json.at("/validation/model/rmse").isNumber()).isTrue();
    assertThat(json.at("/validation/start/rmse").isNumber()).isTrue();
    assertThat(json.at("/selection/keptStartingWeights").isBoolean()).isTrue();
    assertThat(json.at("/data/test/from").asText()).startsWith("2026-03-01T");
  }

  @Test
  void withoutSeedTheDrawnSeedIsPrintedAndWritten() throws Exception {
    Path csv = writeCsv(240);
    Path model = tmp.resolve("unseeded");
    StringWriter out = new StringWriter();
    assertThat(run(out, new StringWriter(), seededCfc(csv, model, "--test-fraction", "0")))
        .isZero();
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("repeat with --seed (\\d+)").matcher(out.toString());
    assertThat(m.find()).as(out.toString()).isTrue();
    JsonNode metrics = readMetrics(model);
    assertThat(metrics.at("/training/seed").asText()).isEqualTo(m.group(1));
    assertThat(metrics.at("/split").asText()).isEqualTo("validation");
    // the written seed repeats the run
    Path again = tmp.resolve("again");
    assertThat(
            run(
                new StringWriter(),
                new StringWriter(),
                seededCfc(csv, again, "--test-fraction", "0", "--seed", m.group(1))))
        .isZero();
    assertThat(Files.readAllBytes(again.resolve(ModelDirectory.WEIGHTS)))
        .isEqualTo(Files.readAllBytes(model.resolve(ModelDirectory.WEIGHTS)));
  }

  @Test
  void linksOptionRestrictsAndRetrainingBumpsVersion() throws Exception {
    Path csv = writeCsv(200);
    Path model = tmp.resolve("mlp");
    String[] args = {
      "--model",
      "mlp",
      "--input",
      csv.toString(),
      "--out",
      model.toString(),
      "--links",
      "CD",
      "--window",
      "6",
      "--hidden",
      "8",
      "--epochs",
      "2",
      "--steps-per-epoch",
      "5",
      "--device",
      "cpu"
    };
    assertThat(run(new StringWriter(), new StringWriter(), args)).isZero();
    assertThat(ModelDirectory.open(model).metadata().linkScales()).containsOnlyKeys("CD:C>D");
    assertThat(run(new StringWriter(), new StringWriter(), args)).isZero();
    assertThat(ModelDirectory.open(model).metadata().modelVersion()).isEqualTo(2);
    // warm start: continue from the served weights, next version in place
    StringWriter out = new StringWriter();
    String[] warm = java.util.Arrays.copyOf(args, args.length + 2);
    warm[args.length] = "--init";
    warm[args.length + 1] = model.toString();
    assertThat(run(out, new StringWriter(), warm)).isZero();
    assertThat(out.toString()).contains("warm start from");
    assertThat(ModelDirectory.open(model).metadata().modelVersion()).isEqualTo(3);
  }

  @Test
  void clearErrorsForBadInput() throws Exception {
    StringWriter err = new StringWriter();
    int code =
        run(
            new StringWriter(),
            err,
            "--model",
            "cfc",
            "--input",
            tmp.resolve("nope.csv").toString(),
            "--out",
            tmp.resolve("m").toString());
    assertThat(code).isNotZero();
    assertThat(err.toString()).contains("does not exist");

    StringWriter err2 = new StringWriter();
    Path csv = writeCsv(20);
    assertThat(
            run(
                new StringWriter(),
                err2,
                "--model",
                "transformer",
                "--input",
                csv.toString(),
                "--out",
                tmp.resolve("m").toString()))
        .isEqualTo(2);
    assertThat(err2.toString()).contains("cfc, ltc, gru, mlp");

    StringWriter err3 = new StringWriter();
    assertThat(
            run(
                new StringWriter(),
                err3,
                "--model",
                "cfc",
                "--input",
                csv.toString(),
                "--out",
                tmp.resolve("m").toString(),
                "--device",
                "cpu"))
        .isEqualTo(2);
    assertThat(err3.toString()).contains("series too short");
  }
}
