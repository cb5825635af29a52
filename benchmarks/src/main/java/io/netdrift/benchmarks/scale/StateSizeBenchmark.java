package io.netdrift.benchmarks.scale;

import io.netdrift.benchmarks.harness.BenchmarkConsole;
import io.netdrift.benchmarks.harness.BenchmarkLauncher;
import io.netdrift.benchmarks.harness.SharedOptions;
import io.netdrift.benchmarks.harness.SimulatorPreload;
import io.netdrift.core.model.runtime.DeviceSelection;
import io.netdrift.core.network.BuiltInTopologies;
import io.netdrift.job.config.JobConfig;
import io.netdrift.local.BaseModelCache;
import io.netdrift.local.DemoBaseModels;
import io.netdrift.local.DemoLanes;
import io.netdrift.simulator.FailureScenario;
import io.netdrift.simulator.NetworkSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Bytes of Flink state per link direction, per lane configuration and state backend (issue 11,
 * "State": at most 2 KB per link direction with the {@code static} CfC lane; issue 13: the heap and
 * RocksDB backends side by side). Runs the whole job ({@link ScaleRun}) once per lane configuration
 * and backend on one topology, then, with the job's default lanes, once per backend on each size of
 * the scale benchmark's topologies. After each run it measures the first checkpoint completed after
 * the input is read ({@link CheckpointFootprint}: for RocksDB with incremental checkpoints {@code
 * shared/} + {@code chk-N/}, for the heap backend its full snapshot) and the savepoint taken
 * without drain ({@link SavepointSizes}: canonical format, so the same bytes from either backend
 * for the same state). The lane configurations: {@code persistence} alone, the baselines ({@code
 * persistence,seasonal-naive}), {@code persistence,static=CfC} and the demo's default lanes ({@link
 * DemoLanes#defaultStrategies}); the CfC and MLP are the demo's own base models at its default size
 * ({@link DemoBaseModels#prepare}, reused from the demo cache when present). Writes {@code NAME.md}
 * and {@code NAME.csv} ({@link StateSizeReport}).
 */
@Command(
    name = "StateSizeBenchmark",
    mixinStandardHelpOptions = true,
    description = "Flink state per link direction: lane configurations and state backends.")
public final class StateSizeBenchmark implements Callable<Integer> {

  @Option(
      names = "--topology",
      defaultValue = "synthetic:nodes=100,degree=3,seed=7",
      description = "Topology of the lane configurations (default: ${DEFAULT-VALUE}).")
  String topology;

  @Option(
      names = "--steps",
      defaultValue = "201",
      description = "Steps of the lane configuration runs (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(
      names = "--state-backends",
      split = ",",
      defaultValue = "hashmap,rocksdb",
      description = "State backends, each run in turn (default: ${DEFAULT-VALUE}).")
  List<String> stateBackends;

  @Option(
      names = "--growth-topologies",
      split = ";",
      defaultValue = ScaleBenchmark.DEFAULT_TOPOLOGIES,
      description =
          "Topologies of the growth runs (default lanes), ';'-separated; 'none' skips them"
              + " (default: the scale benchmark's three sizes).")
  List<String> growthTopologies;

  @Option(
      names = "--link-steps",
      defaultValue = "240000",
      description = "Link-steps per growth run (default: ${DEFAULT-VALUE}).")
  long linkSteps;

  @Option(
      names = "--min-steps",
      defaultValue = "20",
      description = "Fewest steps of a growth run (default: ${DEFAULT-VALUE}).")
  int minSteps;

  @Mixin SharedOptions.CheckpointInterval checkpointInterval;

  @Mixin SharedOptions.ResultsDirectory out;

  @Option(
      names = "--name",
      defaultValue = "state-size",
      description = "File name of the results (default: ${DEFAULT-VALUE}).")
  String name;

  @Spec CommandSpec spec;

  private final BenchmarkConsole console = new BenchmarkConsole();

  /** One run: which part of the benchmark, its label, its backend and what it measured. */
  record Measurement(String part, String label, String stateBackend, ScaleRun.Result result) {}

  public static void main(String[] args) {
    BenchmarkLauncher.launch(new StateSizeBenchmark(), args);
  }

  @Override
  public Integer call() throws Exception {
    for (String backend : stateBackends) {
      JobConfig.fromArgs("--state-backend", backend); // a clear error for an unknown backend
    }
    LinkStepBudget budget = new LinkStepBudget(linkSteps, minSteps);
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
    List<Measurement> measurements = new ArrayList<>();
    for (Map.Entry<String, List<String>> configuration : configurations.entrySet()) {
      for (String backend : stateBackends) {
        console.log(
            "configuration %s, %s: %s", configuration.getKey(), backend, configuration.getValue());
        measurements.add(
            run(
                StateSizeReport.LANES,
                configuration.getKey(),
                backend,
                topology,
                steps,
                configuration.getValue(),
                savepoints));
      }
    }
    for (String growth : growthTopologies) {
      if (growth.isBlank() || growth.equals("none")) {
        continue;
      }
      int growthSteps =
          budget.stepsFor(BuiltInTopologies.builtInOrFile(growth).directedLinkCount());
      for (String backend : stateBackends) {
        console.log("growth %s, %s: %d steps, default lanes", growth, backend, growthSteps);
        measurements.add(
            run(
                StateSizeReport.GROWTH,
                growth,
                backend,
                growth,
                growthSteps,
                List.of(),
                savepoints));
      }
    }
    StateSizeReport report =
        new StateSizeReport(
            measurements,
            stateBackends,
            BenchmarkLauncher.argLine(spec),
            models,
            String.join(",", demoLanes).replaceAll("=[^,]*/", "="));
    Files.createDirectories(out.path());
    Files.writeString(out.path().resolve(name + ".csv"), report.csv());
    Files.writeString(out.path().resolve(name + ".md"), report.markdown());
    console.log("wrote %s and %s.csv", out.path().resolve(name + ".md"), name);
    return 0;
  }

  private Measurement run(
      String part,
      String label,
      String backend,
      String runTopology,
      int runSteps,
      List<String> jobArgs,
      Path savepoints)
      throws Exception {
    List<String> args = new ArrayList<>(jobArgs);
    args.addAll(List.of("--state-backend", backend));
    ScaleRun run =
        new ScaleRun(
            runTopology,
            runSteps,
            args,
            checkpointInterval.millis(),
            7,
            FailureScenario.DRASTIC,
            savepoints,
            console);
    ScaleRun.Result result;
    try {
      result = run.run();
    } catch (SimulatorPreload.PreloadFailedException e) {
      // the embedded broker sometimes answers a fresh partition's first batch with
      // NOT_LEADER_OR_FOLLOWER and then rejects its retry as out of order: a new broker, once
      console.log("pre-load failed (%s); once more on a fresh broker", e.getMessage());
      result = run.run();
    }
    System.gc();
    return new Measurement(part, label, backend, result);
  }

  /** The demo's base models (CfC and MLP at the demo's default size), cached like the demo's. */
  private static DemoBaseModels.Models demoModels() throws Exception {
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
}
