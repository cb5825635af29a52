package io.netdrift.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdrift.core.model.ModelKind;
import io.netdrift.core.network.BuiltInTopologies;
import io.netdrift.local.DemoBaseModels;
import io.netdrift.local.DemoRunner;
import io.netdrift.local.EmbeddedKafka;
import io.netdrift.simulator.NetworkSimulator;
import io.netdrift.simulator.SimulationStep;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboard against a real scrape: {@code ./netdrift demo --prometheus-port} (the
 * demo's MiniCluster with Flink's Prometheus reporter, its embedded broker and simulator, a link
 * failure and its repair) runs the five lanes (persistence, static, liquid, incremental, hybrid) on
 * tiny trained base models; while it runs, {@code /metrics} is scraped over HTTP. Every query of
 * every panel in {@code docker/grafana/dashboards/*.json} must find its metrics in the last scrape
 * with the labels it matches, groups by and names in its legend, and the lifecycle counters must
 * have counted the failure's drift events.
 */
class PrometheusScrapeITCase {
  private static final Duration STEP = Duration.ofMinutes(15);
  private static final String EVENTS =
      "flink_taskmanager_job_task_operator_strategy_event_adaptationEvents";

  @Test
  void everyDashboardQueryFindsItsMetricsAndLabelsInTheDemosScrape(@TempDir Path dir)
      throws Exception {
    List<DashboardQueries.Target> targets =
        DashboardQueries.read(DashboardQueries.dashboardDirectory());
    assertThat(targets).isNotEmpty();

    NetworkSimulator history =
        NetworkSimulator.builder()
            .topology(BuiltInTopologies.abilene())
            .start(Instant.parse("2025-12-01T00:00:00Z"))
            .seed(3)
            .stepLength(STEP)
            .telemetryNoise(0.02)
            .maxSteps(192)
            .build();
    List<SimulationStep> steps = BaseModelSupport.history(history, 192);
    Path cfc =
        BaseModelSupport.trainTiny(
            steps, history.topology(), ModelKind.CFC, STEP.toMillis(), dir.resolve("cfc"));
    Path mlp =
        BaseModelSupport.trainTiny(
            steps, history.topology(), ModelKind.MLP, STEP.toMillis(), dir.resolve("mlp"));

    int webPort = freePort();
    int prometheusPort = freePort();
    List<String> jobArgs =
        new ArrayList<>(
            List.of(
                BaseModelSupport.allLanesFlags(
                    "abilene",
                    STEP.toMillis(),
                    cfc,
                    mlp,
                    dir.resolve("store"),
                    "--consumer-group-id",
                    "prometheus-it",
                    "--checkpoint-interval-ms",
                    "1000",
                    "--confirmation-horizon-steps",
                    "6")));
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    DemoRunner demo =
        new DemoRunner(
            new DemoRunner.Options(
                45,
                null,
                null,
                webPort,
                4,
                "abilene",
                "drastic",
                7,
                STEP.toMinutes(),
                false,
                jobArgs,
                null,
                DemoBaseModels.DEFAULT_HISTORY_STEPS,
                EmbeddedKafka.LOOPBACK,
                prometheusPort,
                null),
            new PrintStream(console, true, StandardCharsets.UTF_8));
    AtomicInteger exit = new AtomicInteger(-1);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread runner =
        new Thread(
            () -> {
              try {
                exit.set(demo.run());
              } catch (Throwable t) {
                failure.set(t);
              }
            },
            "demo");
    runner.start();

    // scrape while the demo runs; keep the newest scrape with every operator of the job running:
    // the forecast operator's metrics and as many operators as any scrape had (at the end of the
    // run the sources and the network-state function finish first and their metrics go away)
    String url = "http://127.0.0.1:" + prometheusPort + "/metrics";
    PrometheusScrape last = null;
    long mostOperators = 0;
    int scrapes = 0;
    while (runner.isAlive()) {
      try {
        PrometheusScrape scrape = PrometheusScrape.fetch(url);
        scrapes++;
        long operators =
            scrape.samples().stream()
                .map(sample -> sample.labels().get("operator_name"))
                .filter(java.util.Objects::nonNull)
                .distinct()
                .count();
        if (!scrape.of("flink_taskmanager_job_task_operator_predictionsOut").isEmpty()
            && operators >= mostOperators) {
          last = scrape;
          mostOperators = operators;
        }
      } catch (IOException notYetListening) {
        // the reporter starts with the MiniCluster
      }
      runner.join(500);
    }
    String printed = console.toString(StandardCharsets.UTF_8);
    System.out.println(printed);
    assertThat(failure.get()).as(printed).isNull();
    assertThat(exit.get()).as(printed).isZero();
    assertThat(printed).contains("prometheus metrics on " + url);
    assertThat(last)
        .as("no scrape of %d held the forecast operator's metrics", scrapes)
        .isNotNull();

    // kept for a reader who writes a new panel: the names and labels a scrape really has
    Files.writeString(
        Files.createDirectories(Path.of("target")).resolve("prometheus-scrape.txt"), last.text());
    List<String> missing = DashboardQueries.missingIn(targets, last);
    assertThat(missing).as("dashboard queries the scrape does not answer").isEmpty();

    // the lifecycle counters counted what the failure caused: drift found or cleared on the
    // re-routed links, per lane (Flink's reporter turns '-' in label values into '_')
    double driftEvents =
        last.of(EVENTS).stream()
            .filter(s -> s.labels().get("event").startsWith("DRIFT_"))
            .mapToDouble(PrometheusScrape.Sample::value)
            .sum();
    assertThat(driftEvents).isPositive();
    assertThat(last.of(EVENTS))
        .extracting(s -> s.labels().get("strategy"))
        .contains("persistence", "static", "liquid", "incremental", "hybrid");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
