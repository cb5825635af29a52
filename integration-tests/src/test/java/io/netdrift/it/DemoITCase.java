package io.netdrift.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netdrift.local.DemoBaseModels;
import io.netdrift.local.DemoRunner;
import io.netdrift.local.EmbeddedKafka;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./netdrift demo} end to end, small: embedded broker, MiniCluster with its dashboard on a
 * free port, the simulator with a drastic failure, the drain and the JSON summary.
 */
class DemoITCase {

  @Test
  void demoPredictsEveryLinkDirectionAndWritesTheSummary(@TempDir Path dir) throws Exception {
    Path summaryFile = dir.resolve("out.json");
    Path reportDir = dir.resolve("report");
    int webPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      webPort = socket.getLocalPort();
    }
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    int exit =
        new DemoRunner(
                new DemoRunner.Options(
                    24,
                    summaryFile,
                    null,
                    webPort,
                    0,
                    "abilene",
                    "drastic",
                    7,
                    15,
                    true,
                    // the two baselines named explicitly: no base-model training here
                    List.of(
                        "--consumer-group-id",
                        "demo-it",
                        "--checkpoint-interval-ms",
                        "1000",
                        "--strategies",
                        "persistence,seasonal-naive"),
                    null,
                    DemoBaseModels.DEFAULT_HISTORY_STEPS,
                    EmbeddedKafka.LOOPBACK,
                    0,
                    reportDir),
                new PrintStream(console, true, StandardCharsets.UTF_8))
            .run();

    String printed = console.toString(StandardCharsets.UTF_8);
    System.out.println(printed);
    assertThat(exit).as(printed).isZero();
    assertThat(printed)
        .contains("step 24/24")
        .contains("summary (JSON) written to " + summaryFile)
        // the failure at step 8 and its re-routing, told as it happened
        .containsPattern("step 8: LINK_DOWN \\S+; \\d+ link directions re-routed")
        .contains("report written to " + reportDir.resolve("report.md"));
    // the per-lane table ends the console
    List<String> lines = printed.strip().lines().toList();
    assertThat(lines.get(lines.size() - 1)).startsWith("seasonal-naive");
    assertThat(reportDir.resolve("report.json")).isRegularFile();
    assertThat(reportDir.resolve("rolling-rmse.png")).isRegularFile();
    JsonNode summary = new ObjectMapper().readTree(summaryFile.toFile());
    int directions = summary.get("linkDirections").asInt();
    assertThat(directions).isPositive();
    assertThat(summary.get("linkDirectionsWithPredictions").asInt()).isEqualTo(directions);
    JsonNode counts = summary.get("recordsPerTopic");
    long badTelemetry =
        summary.get("deadLettersByReason").path("NOT_FINITE").asLong()
            + summary.get("deadLettersByReason").path("UNKNOWN_LINK").asLong()
            + summary.get("deadLettersByReason").path("UNDECODABLE").asLong();
    assertThat(badTelemetry).isEqualTo(summary.get("badRecordsInjected").asLong()).isEqualTo(3);
    // every telemetry record is either forecast by both lanes or dead-lettered
    assertThat(counts.get("predictions").asLong())
        .isEqualTo(2 * (counts.get("telemetry").asLong() - counts.get("dead-letters").asLong()));
    assertThat(summary.get("errorPerStrategy").has("persistence")).isTrue();
    assertThat(summary.has("baseModels")).as("no training when --strategies is given").isFalse();
    assertThat(printed).doesNotContain("training base models");
    // failure at step 8, repair at 16: every phase is scored, per lane
    for (String lane : List.of("persistence", "seasonal-naive")) {
      JsonNode error = summary.get("errorPerStrategy").get(lane);
      long phased = 0;
      for (String phase : List.of("beforeFailure", "afterFailure", "afterRepair")) {
        assertThat(error.get(phase).get("predictions").asLong())
            .as(lane + " " + phase)
            .isPositive();
        assertThat(error.get(phase).get("rmseMbps").isNumber()).isTrue();
        assertThat(error.get(phase).has("mapePercent")).isTrue();
        phased += error.get(phase).get("predictions").asLong();
      }
      assertThat(phased).isEqualTo(error.get("scoredPredictions").asLong());
      JsonNode afterFailure = error.get("afterFailure");
      assertThat(afterFailure.get("worstRollingRmseMbps").asDouble())
          .isGreaterThanOrEqualTo(afterFailure.get("rollingRmseBeforeFailureMbps").asDouble());
      assertThat(afterFailure.has("recoverySteps")).isTrue();
      assertThat(afterFailure.get("recovered").asBoolean())
          .isEqualTo(!afterFailure.get("recoverySteps").isNull());
    }
    assertThat(printed).contains("lane").contains("recovery steps");
    assertThat(summary.get("dashboardAnswered").asBoolean()).isTrue();
  }
}
