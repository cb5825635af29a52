package io.netdrift.cli;

import io.netdrift.job.config.ConfigException;
import io.netdrift.local.DemoBaseModels;
import io.netdrift.local.DemoRunner;
import io.netdrift.local.EmbeddedKafka;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/** {@code netdrift demo}: see {@link DemoRunner}. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run the netdrift job on the embedded default: in-process Kafka (KRaft) + Flink MiniCluster"
          + " with its dashboard + the network simulator; stop after --steps and print a summary.",
      "Without --strategies, first trains (once; cached) a CfC and an MLP on simulated"
          + " failure-free history and runs persistence, seasonal-naive, static, liquid,"
          + " incremental (and hybrid when available).",
      "Any other --key value is passed to the job configuration (see `netdrift config`)."
    })
public final class DemoCommand implements Callable<Integer> {
  /** Enough for training and validation windows (window + burn-in + horizon) on every link. */
  static final int MIN_HISTORY_STEPS = 192;

  @Option(
      names = "--steps",
      description = "Simulated steps to feed (default ${DEFAULT-VALUE}).",
      defaultValue = "300")
  int steps;

  @Option(
      names = "--summary-json",
      paramLabel = "FILE",
      description = "Also write the summary as JSON here.")
  Path summaryJson;

  @Option(
      names = "--report",
      paramLabel = "DIR",
      description =
          "Also write the report of `netdrift evaluate` for this run into DIR: report.json,"
              + " report.md and PNG plots (actual vs predicted load of the most affected links,"
              + " rolling RMSE per lane with the failure and repair marked, recovery steps).")
  Path reportDir;

  @Option(
      names = "--bootstrap-servers",
      description = "Use this Kafka instead of starting an embedded broker.")
  String bootstrapServers;

  @Option(
      names = "--web-port",
      description = "Port of the Flink dashboard (default ${DEFAULT-VALUE}).",
      defaultValue = "8081")
  int webPort;

  @Option(
      names = "--bind-address",
      description =
          "Interface the dashboard and the embedded Kafka listen on (default ${DEFAULT-VALUE}:"
              + " this machine only; 0.0.0.0 opens both to the network). The dashboard never"
              + " accepts jar uploads.",
      defaultValue = EmbeddedKafka.LOOPBACK)
  String bindAddress;

  @Option(
      names = "--prometheus-port",
      description =
          "Expose the job's metrics for Prometheus at http://HOST:PORT/metrics (Flink's"
              + " Prometheus reporter; Flink's usual port is 9249). It listens on every"
              + " interface, whatever --bind-address says (the reporter has no bind address),"
              + " so it is off by default (${DEFAULT-VALUE}).",
      defaultValue = "0")
  int prometheusPort;

  @Option(
      names = "--steps-per-second",
      description =
          "Simulator pace in steps per second; 0 = as fast as possible (default"
              + " ${DEFAULT-VALUE}: each step is 15 simulated minutes, and at this pace the"
              + " adaptive lanes' background retrains, 0.2-3 s each here, land within a few"
              + " steps, as they would in real time).",
      defaultValue = "5")
  double stepsPerSecond;

  @Option(
      names = "--step-minutes",
      description = "Simulated minutes per step (default ${DEFAULT-VALUE}).",
      defaultValue = "15")
  long stepMinutes;

  @Option(
      names = "--topology",
      description = "Built-in topology (euro28, abilene) or CSV file (default ${DEFAULT-VALUE}).",
      defaultValue = "euro28")
  String topology;

  @Option(
      names = "--scenario",
      description =
          "Failure at 1/3 of the run, repaired at 2/3: none, drastic, moderate (default ${DEFAULT-VALUE}).",
      defaultValue = "drastic")
  String scenario;

  @Option(
      names = "--seed",
      description = "Simulator seed (default ${DEFAULT-VALUE}).",
      defaultValue = "42")
  long seed;

  @Option(
      names = "--no-bad-records",
      description = "Do not inject the three malformed records halfway.")
  boolean noBadRecords;

  @Option(
      names = "--model-cache",
      paramLabel = "DIR",
      description =
          "Where the base models trained for the default lanes are cached (default"
              + " ~/.cache/netdrift/demo-models).")
  Path modelCache;

  @Option(
      names = "--history-steps",
      description =
          "Simulated failure-free steps the base models are trained on (default ${DEFAULT-VALUE}:"
              + " a week of 15-minute steps).",
      defaultValue = "" + DemoBaseModels.DEFAULT_HISTORY_STEPS)
  int historySteps;

  @Unmatched List<String> jobArgs = new ArrayList<>();

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    if (steps < 4) {
      err.println("--steps must be >= 4, was " + steps);
      return 2;
    }
    if (historySteps < MIN_HISTORY_STEPS) {
      err.println("--history-steps must be >= " + MIN_HISTORY_STEPS + ", was " + historySteps);
      return 2;
    }
    try {
      return new DemoRunner(
              new DemoRunner.Options(
                  steps,
                  summaryJson,
                  bootstrapServers,
                  webPort,
                  stepsPerSecond,
                  topology,
                  scenario,
                  seed,
                  stepMinutes,
                  !noBadRecords,
                  jobArgs,
                  modelCache,
                  historySteps,
                  bindAddress,
                  prometheusPort,
                  reportDir),
              System.out)
          .run();
    } catch (ConfigException e) {
      err.println("configuration error: " + e.getMessage());
      return 2;
    }
  }
}
