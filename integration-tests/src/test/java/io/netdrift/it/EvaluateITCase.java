package io.netdrift.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netdrift.evaluate.Evaluation;
import io.netdrift.evaluate.EvaluationScenario;
import io.netdrift.report.Report;
import io.netdrift.report.ReportWriter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./netdrift evaluate} end to end, small: base models trained on the history before the
 * failure, the real job on the embedded broker and a MiniCluster with blocking retrains, every
 * lane's predictions collected around the failure and the repair, and the report written.
 */
class EvaluateITCase {

  @Test
  void evaluationOfAllStrategiesWritesTheReport(@TempDir Path dir) throws Exception {
    Path reportDir = dir.resolve("report");
    EvaluationScenario scenario =
        new EvaluationScenario(
            "abilene", null, null, "drastic", 200, 236, 260, Duration.ofMinutes(15), 5);
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    Evaluation.Result result =
        new Evaluation(
                new Evaluation.Options(
                    scenario,
                    List.of("static", "liquid", "incremental", "hybrid"),
                    null,
                    reportDir,
                    "cpu",
                    List.of("--checkpoint-interval-ms", "1000")),
                new PrintStream(console, true, StandardCharsets.UTF_8))
            .run();
    String printed = console.toString(StandardCharsets.UTF_8);
    System.out.println(printed);

    Report report = ReportWriter.write(result.run(), reportDir);
    assertThat(report.lanes().keySet())
        .containsExactly("persistence", "static", "liquid", "incremental", "hybrid");
    int directions = result.run().info().linkDirections();
    for (var lane : report.lanes().values()) {
      assertThat(lane.beforeFailure().predictions()).as(lane.lane()).isPositive();
      // every link direction at every step of the outage (36 steps) and after the repair (24)
      assertThat(lane.afterFailure().predictions()).as(lane.lane()).isGreaterThan(30L * directions);
      assertThat(lane.afterRepair().predictions()).as(lane.lane()).isGreaterThan(20L * directions);
    }
    assertThat(report.lanes().get("liquid").adaptation().retrains()).isPositive();
    assertThat(printed).contains("training base models").contains("first failure");
    assertThat(reportDir.resolve("models/cfc/model.properties")).exists();
    JsonNode json = new ObjectMapper().readTree(reportDir.resolve("report.json").toFile());
    for (String lane : List.of("persistence", "static", "liquid", "incremental", "hybrid")) {
      for (String phase : List.of("beforeFailure", "afterFailure", "afterRepair")) {
        assertThat(json.at("/strategies/" + lane + "/" + phase + "/rmseMbps").isNumber())
            .as(lane + " " + phase)
            .isTrue();
      }
    }
    assertThat(json.at("/run/baseModels/historySteps").asInt()).isEqualTo(200);
    assertThat(Files.readString(reportDir.resolve("report.md"))).contains("rolling-rmse.png");
    assertThat(reportDir.resolve("rolling-rmse.png")).exists();
  }
}
