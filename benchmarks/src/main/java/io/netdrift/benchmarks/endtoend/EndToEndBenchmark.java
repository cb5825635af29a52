package io.netdrift.benchmarks.endtoend;

import io.netdrift.benchmarks.harness.BenchmarkConsole;
import io.netdrift.benchmarks.harness.BenchmarkLauncher;
import io.netdrift.benchmarks.harness.ClusterJobs;
import io.netdrift.benchmarks.harness.RunTopics;
import io.netdrift.benchmarks.harness.SharedOptions;
import io.netdrift.core.model.runtime.DeviceSelection;
import io.netdrift.core.network.BuiltInTopologies;
import io.netdrift.local.BaseModelCache;
import io.netdrift.local.DemoBaseModels;
import io.netdrift.local.EmbeddedKafka;
import io.netdrift.simulator.NetworkSimulator;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.minicluster.MiniCluster;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * End-to-end throughput, netdrift vs a plain Kafka to Kafka passthrough, as ratios measured in one
 * JVM run: one embedded KRaft broker ({@link EmbeddedKafka}), one Flink MiniCluster, the same
 * checkpoint interval (exactly-once), parallelism and EXACTLY_ONCE Kafka sinks for both jobs.
 *
 * <p>The input topics are pre-loaded once with {@code --steps} steps of the Euro28 simulator (82
 * telemetry records, 756 OD traffic samples per step, a drastic link failure at a third and its
 * repair at two thirds), so every run reads the same backlog. Each run gets fresh output topics, a
 * fresh consumer group and fresh transactional ids. Runs alternate: passthrough, netdrift,
 * passthrough, netdrift, ...
 *
 * <p>Timing of one run starts when every task of the job is RUNNING (deployment is excluded and
 * reported separately). The main figure ends when every output the job can release without a drain
 * is visible to a {@code read_committed} consumer: for the passthrough one copy of every telemetry
 * record, for netdrift the predictions of every step but the last (whose samples wait for a
 * watermark only the drain moves). A second figure ("all input read") runs netdrift on until its
 * consumer group has committed the end offsets of all three input topics, then drains it with
 * stop-with-savepoint and ends when the job has finished (every prediction committed). Records/s =
 * telemetry records / seconds for both jobs (netdrift also reads the traffic and network-event
 * topics). After each run, untimed, the outputs are decoded with {@link AvroCodec} and checked for
 * exactly-once: every telemetry record copied once; one prediction per (link direction, step,
 * strategy).
 *
 * <p>Throughput only: with a pre-loaded backlog, a record's Kafka timestamp is its simulated event
 * time, so no end-to-end latency is measured.
 *
 * <p>The parts: {@link PreloadedInput} (broker and input), {@link EndToEndRun} (one timed run, with
 * {@link StallWatch} and {@link ExactlyOnceCheck}), {@link EndToEndReport} (ratios and files).
 */
@Command(
    name = "EndToEndBenchmark",
    mixinStandardHelpOptions = true,
    description = "End-to-end throughput: netdrift vs a fair baseline and a Kafka passthrough.")
public final class EndToEndBenchmark implements Callable<Integer> {

  @Option(
      names = "--steps",
      defaultValue = "1500",
      description = "Euro28 steps pre-loaded, at least 10 (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(
      names = "--repetitions",
      defaultValue = "2",
      description = "Runs of each job (default: ${DEFAULT-VALUE}).")
  int repetitions;

  @Mixin SharedOptions.ResultsDirectory out;

  @Option(
      names = "--parallelism",
      defaultValue = "1",
      description = "Job parallelism (default: ${DEFAULT-VALUE}).")
  int parallelism;

  @Mixin SharedOptions.CheckpointInterval checkpointInterval;

  @Mixin SharedOptions.SimulatorSeed seed;

  @Option(
      names = "--shared",
      defaultValue = "false",
      arity = "1",
      description =
          "true: one broker and one MiniCluster for all runs (default: ${DEFAULT-VALUE}).")
  boolean shared;

  @Option(
      names = "--warmup-steps",
      defaultValue = "300",
      description =
          "Steps of an untimed run of each job first; 0: none (default: ${DEFAULT-VALUE}).")
  int warmupSteps;

  @Option(
      names = "--jobs",
      split = ",",
      defaultValue = "passthrough,fair-baseline,netdrift",
      converter = JobConverter.class,
      description =
          "Jobs alternated, in order: passthrough, fair-baseline, netdrift, netdrift-p2"
              + " (default: ${DEFAULT-VALUE}).")
  List<EndToEndJob> jobs;

  @Option(
      names = "--lanes",
      defaultValue = "baselines",
      converter = LanesConverter.class,
      description = "netdrift's lanes: baselines, static or adaptive (default: ${DEFAULT-VALUE}).")
  NetdriftLanes lanes;

  @Spec CommandSpec spec;

  private final String id = UUID.randomUUID().toString().substring(0, 8);
  private final BenchmarkConsole console = new BenchmarkConsole();
  private long measuredTelemetryRecords;
  private long measuredInputRecords;

  /** {@link EndToEndJob#parse}, for picocli. */
  static final class JobConverter implements ITypeConverter<EndToEndJob> {
    @Override
    public EndToEndJob convert(String value) {
      return EndToEndJob.parse(value);
    }
  }

  /** {@link NetdriftLanes#parse}, for picocli. */
  static final class LanesConverter implements ITypeConverter<NetdriftLanes> {
    @Override
    public NetdriftLanes convert(String value) {
      return NetdriftLanes.parse(value);
    }
  }

  public static void main(String[] args) {
    BenchmarkLauncher.launch(new EndToEndBenchmark(), args);
  }

  @Override
  public Integer call() throws Exception {
    if (steps < 10 || repetitions < 1 || parallelism < 1 || checkpointInterval.millis() < 1) {
      throw new ParameterException(
          spec.commandLine(),
          "need --steps >= 10, --repetitions >= 1, --parallelism >= 1,"
              + " --checkpoint-interval-ms >= 1");
    }
    String loadBefore = BenchmarkConsole.loadAverage();
    console.log(
        "end-to-end benchmark: %d steps of Euro28, %d repetition(s), parallelism %d, checkpoint"
            + " every %d ms",
        steps, repetitions, parallelism, checkpointInterval.millis());
    String strategies = lanes == NetdriftLanes.BASELINES ? null : lanes.strategies(baseModels());
    if (strategies != null) {
      console.log("lanes %s: %s", lanes.label, strategies.replaceAll("=[^,]*/", "="));
    }
    EndToEndRun.Settings settings =
        new EndToEndRun.Settings(
            parallelism,
            checkpointInterval.millis(),
            strategies,
            Files.createTempDirectory("netdrift-e2e-savepoints"),
            id);
    RunTopics topics = new RunTopics("e2e-", id, id);
    List<RunResult> runs = new ArrayList<>();
    if (shared) {
      try (PreloadedInput input = preload(topics, steps)) {
        MiniCluster cluster = startCluster();
        try {
          EndToEndRun runner = new EndToEndRun(settings, input, cluster, console);
          int run = 0;
          for (int rep = 1; rep <= repetitions; rep++) {
            for (EndToEndJob job : jobs) {
              runs.add(runner.run(++run, job));
            }
          }
        } finally {
          cluster.close();
        }
      }
    } else {
      // default: a fresh broker (same configuration, same pre-loaded input) and a fresh
      // MiniCluster for every run; sharing them stalled later runs here (see the README)
      if (warmupSteps > 0) {
        // untimed: one short run of each job first, so the first measured pair is not the one
        // paying class loading and JIT compilation
        for (EndToEndJob job : jobs) {
          RunResult warmup = runAlone(settings, topics, warmupSteps, 0, job);
          console.log("warm-up %s done (not reported): %s", job.label, warmup.check());
        }
      }
      int run = 0;
      for (int rep = 1; rep <= repetitions; rep++) {
        for (EndToEndJob job : jobs) {
          runs.add(runAlone(settings, topics, steps, ++run, job));
        }
      }
    }
    new EndToEndReport(
            new EndToEndReport.Setup(
                BenchmarkLauncher.argLine(spec),
                steps,
                measuredTelemetryRecords,
                measuredInputRecords,
                parallelism,
                checkpointInterval.millis(),
                shared,
                warmupSteps,
                lanes,
                strategies,
                jobs.contains(EndToEndJob.NETDRIFT_P2),
                out.path(),
                loadBefore,
                BenchmarkConsole.loadAverage()),
            console)
        .write(runs);
    return 0;
  }

  /** One run on its own broker and MiniCluster. */
  private RunResult runAlone(
      EndToEndRun.Settings settings, RunTopics topics, int runSteps, int run, EndToEndJob job)
      throws Exception {
    try (PreloadedInput input = preload(topics, runSteps)) {
      MiniCluster cluster = startCluster();
      try {
        return new EndToEndRun(settings, input, cluster, console).run(run, job);
      } finally {
        cluster.close();
      }
    }
  }

  /** A pre-loaded broker; the measured runs' input (all steps) is counted for the report. */
  private PreloadedInput preload(RunTopics topics, int runSteps) throws Exception {
    PreloadedInput input =
        PreloadedInput.start(topics, runSteps, seed.value(), parallelism, console);
    if (runSteps == steps) {
      measuredTelemetryRecords = input.telemetryRecords();
      measuredInputRecords = input.inputRecords();
    }
    return input;
  }

  private MiniCluster startCluster() throws Exception {
    return ClusterJobs.start(Math.max(2, parallelism) * 2, new Configuration());
  }

  /** The demo's base models for this seed (trained once, then reused from the demo's cache). */
  private DemoBaseModels.Models baseModels() throws Exception {
    Duration step = Duration.ofMillis(PreloadedInput.STEP_MS);
    NetworkSimulator live =
        NetworkSimulator.builder()
            .topology(BuiltInTopologies.euro28())
            .seed(seed.value())
            .stepLength(step)
            .build();
    return DemoBaseModels.prepare(
        new DemoBaseModels.Settings(
            live.topology(),
            step,
            NetworkSimulator.Builder.DEFAULT_START,
            DemoBaseModels.DEFAULT_HISTORY_STEPS,
            seed.value()),
        new BaseModelCache(BaseModelCache.defaultRoot()),
        DeviceSelection.parse("cpu"),
        System.out);
  }
}
