package io.netdrift.benchmarks.scale;

import io.netdrift.core.model.runtime.DeviceSelection;
import io.netdrift.job.config.JobConfig;
import io.netdrift.job.local.BaseModelCache;
import io.netdrift.job.local.DemoBaseModels;
import io.netdrift.job.local.DemoLanes;
import io.netdrift.simulator.BuiltInTopologies;
import io.netdrift.simulator.FailureScenario;
import io.netdrift.simulator.NetworkSimulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Bytes of Flink state per link direction and lane configuration (issue 11, "State"; target: at
 * most 2 KB per link direction with the {@code static} CfC lane). Runs the whole job ({@link
 * ScaleRun}) on one topology, once per lane configuration, and reads the savepoint taken (without
 * drain) after the run: its directory size, and per operator the keyed state in its metadata. The
 * configurations: {@code persistence} alone (what every link costs before any lane), the baselines
 * ({@code persistence,seasonal-naive}), {@code persistence,static=CfC} and the demo's default lanes
 * (all adaptive lanes: {@link DemoLanes#defaultStrategies}). The CfC and MLP are the demo's own
 * base models at its default size ({@link DemoBaseModels#prepare}, reused from the demo cache when
 * present), so the recurrent state has the size the demo serves. Writes {@code NAME.md} and {@code
 * NAME.csv}.
 */
public final class StateSizeBenchmark {

  private final long started = System.nanoTime();

  public static void main(String[] args) throws Exception {
    String topology = "synthetic:nodes=100,degree=3,seed=7";
    int steps = 201;
    long checkpointIntervalMs = 1000;
    Path out = Path.of("benchmarks/results");
    String name = "state-size";
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--topology" -> topology = args[i + 1];
        case "--steps" -> steps = Integer.parseInt(args[i + 1]);
        case "--checkpoint-interval-ms" -> checkpointIntervalMs = Long.parseLong(args[i + 1]);
        case "--out" -> out = Path.of(args[i + 1]);
        case "--name" -> name = args[i + 1];
        default ->
            throw new IllegalArgumentException(
                "unknown option "
                    + args[i]
                    + " (known: --topology, --steps, --checkpoint-interval-ms, --out, --name)");
      }
    }
    new StateSizeBenchmark()
        .run(topology, steps, checkpointIntervalMs, out, name, String.join(" ", args));
    System.exit(0); // non-daemon Kafka/Flink threads may linger after close
  }

  private void log(String message) {
    System.out.printf(Locale.ROOT, "[%6.1f s] %s%n", (System.nanoTime() - started) / 1e9, message);
    System.out.flush();
  }

  private void run(
      String topology, int steps, long checkpointIntervalMs, Path out, String name, String argLine)
      throws Exception {
    DemoBaseModels.Models models = demoModels();
    Path store = Files.createTempDirectory("netdrift-state-size-store");
    String cfc = models.cfc().toAbsolutePath().toString();
    Map<String, List<String>> configurations = new LinkedHashMap<>();
    configurations.put("persistence", List.of("--strategies", "persistence"));
    configurations.put("baselines", List.of("--strategies", "persistence,seasonal-naive"));
    configurations.put(
        "persistence + static CfC", List.of("--strategies", "persistence,static=" + cfc));
    List<String> demoLanes =
        DemoLanes.defaultStrategies(models.cfc(), models.mlp(), JobConfig.fromArgs());
    configurations.put(
        "all lanes (demo default)",
        List.of(
            "--strategies", String.join(",", demoLanes), "--model-store-dir", store.toString()));
    Path savepoints = Files.createTempDirectory("netdrift-state-size-savepoints");
    Map<String, ScaleRun.Result> results = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> configuration : configurations.entrySet()) {
      log("configuration " + configuration.getKey() + ": " + configuration.getValue());
      results.put(
          configuration.getKey(),
          new ScaleRun(
                  topology,
                  steps,
                  configuration.getValue(),
                  checkpointIntervalMs,
                  7,
                  FailureScenario.DRASTIC,
                  savepoints,
                  this::log)
              .run());
      System.gc();
    }
    Files.createDirectories(out);
    writeCsv(results, out.resolve(name + ".csv"));
    Files.writeString(
        out.resolve(name + ".md"), markdown(results, argLine, models, demoLanes, steps));
    log("wrote " + out.resolve(name + ".md"));
  }

  /** The demo's base models (CfC and MLP at the demo's default size), cached like the demo's. */
  private DemoBaseModels.Models demoModels() throws Exception {
    Duration step = Duration.ofMinutes(15);
    NetworkSimulator demo =
        NetworkSimulator.builder()
            .topology(BuiltInTopologies.euro28())
            .seed(42)
            .stepLength(step)
            .telemetryNoise(0.02)
            .build();
    return DemoBaseModels.prepare(
        new DemoBaseModels.Settings(
            demo.topology(),
            step,
            NetworkSimulator.Builder.DEFAULT_START,
            DemoBaseModels.DEFAULT_HISTORY_STEPS,
            42),
        new BaseModelCache(BaseModelCache.defaultRoot()),
        DeviceSelection.parse(JobConfig.fromArgs().get(JobConfig.MODEL_DEVICE)),
        System.out);
  }

  private static void writeCsv(Map<String, ScaleRun.Result> results, Path csv) throws IOException {
    StringBuilder s =
        new StringBuilder(
            "configuration,lanes,link_directions,steps,savepoint_bytes,keyed_bytes,"
                + "forecast_keyed_bytes,network_state_keyed_bytes,savepoint_bytes_per_direction,"
                + "forecast_keyed_bytes_per_direction,checkpoints,checkpoint_median_ms,"
                + "checkpoint_max_ms,checkpoint_state_bytes\n");
    results.forEach(
        (label, r) ->
            s.append(
                String.format(
                    Locale.ROOT,
                    "\"%s\",%d,%d,%d,%d,%d,%d,%d,%.1f,%.1f,%d,%.0f,%.0f,%d%n",
                    label,
                    r.lanes(),
                    r.directions(),
                    r.steps(),
                    r.savepoint().directoryBytes(),
                    r.savepoint().keyedBytes(),
                    keyed(r, "forecast"),
                    keyed(r, "network-state"),
                    r.savepointBytesPerDirection(),
                    (double) keyed(r, "forecast") / r.directions(),
                    r.checkpoints(),
                    r.checkpointMedianMs(),
                    r.checkpointMaxMs(),
                    r.checkpointStateBytes())));
    Files.writeString(csv, s.toString());
  }

  /** Keyed bytes of the operators whose name starts with {@code prefix}. */
  static long keyed(ScaleRun.Result r, String prefix) {
    return r.savepoint().operators().entrySet().stream()
        .filter(e -> e.getKey().startsWith(prefix))
        .mapToLong(e -> e.getValue().keyedBytes())
        .sum();
  }

  private static String markdown(
      Map<String, ScaleRun.Result> results,
      String argLine,
      DemoBaseModels.Models models,
      List<String> demoLanes,
      int steps) {
    StringBuilder s =
        new StringBuilder("# Flink state per link direction and lane configuration\n\n");
    ScaleRun.Result any = results.values().iterator().next();
    s.append(
        String.format(
            Locale.ROOT,
            "Generated by `io.netdrift.benchmarks.scale.StateSizeBenchmark %s` at %s (command:"
                + " `benchmarks/README.md`, section State size). The whole job on `%s` (%d link"
                + " directions), %d steps of 15 minutes (drastic failure at a third, repair at"
                + " two thirds), HashMap state backend, then stop-with-savepoint without drain."
                + " Base models: the demo's (`%s`, %s).\n\n",
            argLine,
            Instant.now(),
            any.topology(),
            any.directions(),
            steps,
            models.cacheEntry(),
            models.reused() ? "reused from the demo cache" : "trained for this run"));
    s.append(
        "| configuration | lanes | savepoint bytes | per link direction | forecast operator"
            + " keyed bytes per direction | network-state keyed bytes | checkpoints | median"
            + " checkpoint ms | max ms |\n");
    s.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    List<String> labels = new ArrayList<>(results.keySet());
    for (String label : labels) {
      ScaleRun.Result r = results.get(label);
      s.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %d | **%.0f** | %.0f | %d | %d | %.0f | %.0f |%n",
              label,
              r.lanes(),
              r.savepoint().directoryBytes(),
              r.savepointBytesPerDirection(),
              (double) keyed(r, "forecast") / r.directions(),
              keyed(r, "network-state"),
              r.checkpoints(),
              r.checkpointMedianMs(),
              r.checkpointMaxMs()));
    }
    s.append("\nThe all-lanes configuration: `")
        .append(String.join(",", demoLanes).replaceAll("=[^,]*/", "="))
        .append("`.\n\nSavepoint state per operator (keyed + operator state bytes):\n\n");
    results.forEach(
        (label, r) -> {
          List<String> parts = new ArrayList<>();
          r.savepoint()
              .operators()
              .forEach(
                  (op, size) ->
                      parts.add(
                          String.format(
                              Locale.ROOT,
                              "%s %d + %d",
                              op,
                              size.keyedBytes(),
                              size.operatorBytes())));
          s.append("- ").append(label).append(": ").append(String.join("; ", parts)).append('\n');
        });
    return s.toString();
  }
}
