package io.netdrift.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {
  /** Set (-Dnetdrift.report.exampleDir=/tmp/report-example) to keep an example report to view. */
  private static final String EXAMPLE_DIR = System.getProperty("netdrift.report.exampleDir");

  @TempDir Path temp;

  private Path dir() {
    return EXAMPLE_DIR == null || EXAMPLE_DIR.isBlank() ? temp : Path.of(EXAMPLE_DIR);
  }

  @Test
  void writesJsonMarkdownAndPlots() throws IOException {
    EvaluationRun run =
        SyntheticRun.standard()
            .event(
                new AdaptationEventRow(
                    SyntheticRun.time(85), "liquid", null, "RETRAIN_FINISHED", 2L, 120L))
            .event(
                new AdaptationEventRow(
                    SyntheticRun.time(85), "liquid", null, "MODEL_SWAPPED", 2L, null))
            .build();
    Path dir = dir();
    Report report = ReportWriter.write(run, dir);

    List<String> expected =
        List.of(
            "report.json",
            "report.md",
            "rolling-rmse.png",
            "recovery-steps.png",
            "link-l3_a-to-c-failure1.png",
            "link-l3_a-to-c-repair1.png",
            "link-l1_a-to-b-failure1.png",
            "link-l1_a-to-b-repair1.png");
    assertThat(report.files())
        .extracting(p -> p.getFileName().toString())
        .containsExactlyInAnyOrderElementsOf(expected);
    for (String name : expected) {
      assertThat(dir.resolve(name)).isRegularFile();
    }
    assertPngs(dir, 6);

    JsonNode json = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
    assertThat(json.get("run").get("topology").asText()).isEqualTo("triangle");
    JsonNode failure = json.get("run").get("failures").get(0);
    assertThat(failure.get("failureTime").asText()).isEqualTo("2024-03-01T01:20:00Z");
    assertThat(failure.get("repairTime").asText()).isEqualTo("2024-03-01T02:20:00Z");
    assertThat(failure.get("mostAffectedLinks").get(0).get("link").asText()).isEqualTo("l3:a>c");
    assertThat(failure.get("mostAffectedLinks").get(0).get("changeMbps").asDouble()).isEqualTo(60);
    JsonNode liquid = json.get("strategies").get("liquid");
    assertThat(json.get("strategies").fieldNames())
        .toIterable()
        .containsExactly("persistence", "static", "liquid", "incremental", "hybrid");
    assertThat(fieldNames(liquid))
        .contains(
            "beforeFailure",
            "afterFailure",
            "afterRepair",
            "overall",
            "retrains",
            "meanRetrainMillis",
            "modelSwaps",
            "rejectedRetrains",
            "rollbacks",
            "modelVersions",
            "vsPersistenceAfterFailure",
            "vsStaticAfterFailure");
    assertThat(fieldNames(liquid.get("beforeFailure")))
        .containsExactlyInAnyOrder("rmseMbps", "mapePercent", "rmseVsExpectedMbps", "predictions");
    assertThat(fieldNames(liquid.get("afterFailure")))
        .contains("worstRollingRmseMbps", "recoverySteps");
    assertThat(liquid.get("afterFailure").get("recoverySteps").asLong()).isEqualTo(17);
    assertThat(liquid.get("afterFailure").get("rmseMbps").asDouble())
        .isEqualTo(Math.round(Math.sqrt(20) * 10_000) / 10_000.0);
    assertThat(liquid.get("retrains").asLong()).isEqualTo(1);
    assertThat(liquid.get("modelVersions").asLong()).isEqualTo(2);
    JsonNode persistence = json.get("strategies").get("persistence");
    assertThat(persistence.get("afterFailure").get("recoverySteps").isNull()).isTrue();
    assertThat(persistence.get("modelVersions").isNull()).isTrue();
    assertThat(persistence.get("meanRetrainMillis").isNull()).isTrue();
    JsonNode verdicts = json.get("verdicts");
    assertThat(fieldNames(verdicts))
        .containsExactly(
            "adaptiveBeatStatic", "hybridNearBestAdaptive", "bestAdaptiveBeatsPersistence");
    assertThat(verdicts.get("adaptiveBeatStatic").get("passed").asBoolean()).isTrue();
    assertThat(verdicts.get("hybridNearBestAdaptive").get("passed").asBoolean()).isFalse();
    assertThat(json.get("allVerdictsMet").asBoolean()).isFalse();

    String markdown = Files.readString(dir.resolve("report.md"));
    assertThat(markdown)
        .contains("# netdrift evaluation: triangle")
        .contains("| liquid | 2.00 | 4.47 | 2.00 | 4.58 | 10.00 | 17 | 1 | 120 | 1 |")
        .contains("| persistence | 2.00 | 10.00 | 2.00 | 10.05 | 10.00 | not recovered |")
        .contains("`l3:a>c` | 80.00 | 140.00 | +60.00")
        .contains("hybrid is at 1.08x liquid's RMSE")
        .contains(
            "![Rolling RMSE per lane over the run (failure to repair shaded)](rolling-rmse.png)")
        .contains("(link-l1_a-to-b-repair1.png)");
  }

  @Test
  void lanesWithoutPredictionsGiveNullsNotNaN() throws IOException {
    EvaluationRun run =
        new SyntheticRun()
            .lane("persistence", SyntheticRun.during(2, 10))
            .lane("seasonal-naive", s -> s < SyntheticRun.FAILURE_STEP ? 3 : Double.NaN)
            .silentLane("static")
            .lane("liquid-x", s -> Double.NaN)
            .build();
    Report report = ReportWriter.write(run, temp);

    String text = Files.readString(temp.resolve("report.json"));
    assertThat(text).doesNotContain("NaN").doesNotContain("Infinity");
    JsonNode json = new ObjectMapper().readTree(text);
    JsonNode seasonal = json.get("strategies").get("seasonal-naive");
    assertThat(seasonal.get("afterFailure").get("rmseMbps").isNull()).isTrue();
    assertThat(seasonal.get("afterFailure").get("predictions").asLong()).isZero();
    assertThat(seasonal.get("vsPersistenceAfterFailure").isNull()).isTrue();
    assertThat(json.get("strategies").get("static").get("overall").get("rmseMbps").isNull())
        .isTrue();
    assertThat(
            json.get("verdicts").get("adaptiveBeatStatic").get("ratios").get("liquid-x").isNull())
        .isTrue();
    assertThat(report.lanes())
        .containsOnlyKeys("persistence", "seasonal-naive", "static", "liquid-x");
    assertPngs(temp, 2 + 2 * 2);
    assertThat(Files.readString(temp.resolve("report.md"))).contains("| static | - | - | - |");
  }

  @Test
  void aFailureNeverRepairedAndAShortOutageGetOnePlotPerLink() throws IOException {
    EvaluationRun standard = SyntheticRun.standard().build();
    EvaluationRun run =
        new EvaluationRun(
            standard.info(),
            standard.lanes(),
            standard.stepMs(),
            standard.stepTimesMs(),
            standard.actualMbps(),
            standard.expectedMbps(),
            standard.predictedMbps(),
            List.of(
                new Failure("l2", SyntheticRun.time(80), Long.MAX_VALUE),
                new Failure("n7", SyntheticRun.time(150), SyntheticRun.time(160))),
            List.of());
    Report report = ReportWriter.write(run, temp);

    assertThat(report.files())
        .extracting(p -> p.getFileName().toString())
        .filteredOn(name -> name.startsWith("link-"))
        .allMatch(name -> name.endsWith("-failure1.png") || name.endsWith("-failure2.png"));
    JsonNode json = new ObjectMapper().readTree(temp.resolve("report.json").toFile());
    assertThat(json.get("run").get("failures").get(0).get("repairTime").isNull()).isTrue();
    assertThat(Files.readString(temp.resolve("report.md"))).contains("repaired: never");
    assertPngs(temp, report.files().size() - 2);
  }

  private static List<String> fieldNames(JsonNode node) {
    return Stream.of(node).flatMap(n -> iterable(n.fieldNames())).toList();
  }

  private static Stream<String> iterable(java.util.Iterator<String> names) {
    Stream.Builder<String> builder = Stream.builder();
    names.forEachRemaining(builder);
    return builder.build();
  }

  private static void assertPngs(Path dir, int atLeast) throws IOException {
    List<Path> pngs;
    try (Stream<Path> files = Files.list(dir)) {
      pngs = files.filter(f -> f.toString().endsWith(".png")).toList();
    }
    assertThat(pngs).hasSizeGreaterThanOrEqualTo(atLeast);
    for (Path png : pngs) {
      BufferedImage image = ImageIO.read(png.toFile());
      assertThat(image).as(png.toString()).isNotNull();
      assertThat(image.getWidth()).isEqualTo(ReportCharts.WIDTH);
      assertThat(image.getHeight()).isEqualTo(ReportCharts.HEIGHT);
    }
  }
}
