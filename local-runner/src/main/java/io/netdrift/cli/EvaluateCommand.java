package io.netdrift.cli;

import io.netdrift.evaluate.Evaluation;
import io.netdrift.evaluate.EvaluationScenario;
import io.netdrift.report.Report;
import io.netdrift.report.ReportWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/** {@code netdrift evaluate}: see {@link Evaluation}. */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = {
      "Compare strategies on a whole failure scenario with the real pipeline (embedded Kafka +"
          + " Flink MiniCluster + the production job), as fast as it goes, and write a report"
          + " (report.json, report.md, PNG plots).",
      "Measured traffic: --topology T.csv --traffic M.csv --failures F.csv (the simulator's"
          + " formats; the step length is read from the matrices' timestamps).",
      "Synthetic traffic: --synthetic euro28 --scenario drastic|moderate --seed N.",
      "Without --model, base models are trained on the series before the first failure.",
      "Any other --key value is passed to the job configuration (see `netdrift config`), e.g."
          + " --incremental-batch-steps 12."
    })
public final class EvaluateCommand implements Callable<Integer> {

  static final class Source {
    @Option(
        names = "--traffic",
        paramLabel = "M.csv",
        description = "Measured OD matrices to replay (timestamp,src,dst,mbps).")
    Path traffic;

    @Option(
        names = "--synthetic",
        paramLabel = "TOPOLOGY",
        description = "Synthetic gravity/sine traffic on this built-in topology or CSV.")
    String synthetic;
  }

  @ArgGroup(multiplicity = "1")
  Source source;

  @Option(
      names = "--topology",
      paramLabel = "T.csv",
      description = "Topology CSV or built-in name (with --traffic; default: abilene).")
  String topology;

  @Option(
      names = "--failures",
      paramLabel = "F.csv",
      description = "Failure log (timestamp,type,element); replaces --scenario.")
  Path failures;

  @Option(
      names = "--scenario",
      description =
          "Named failure when there is no failure log: drastic or moderate (default"
              + " ${DEFAULT-VALUE}); it fails at --fail-at-step and is repaired at"
              + " --repair-at-step.",
      defaultValue = "drastic")
  String scenario;

  @Option(
      names = "--fail-at-step",
      description = "Step of the scenario's failure (default: 60 %% of the steps).",
      defaultValue = "-1")
  long failAtStep;

  @Option(
      names = "--repair-at-step",
      description = "Step of its repair (default: 80 %% of the steps).",
      defaultValue = "-1")
  long repairAtStep;

  @Option(
      names = "--seed",
      description =
          "Seed of the synthetic traffic and the telemetry noise (default ${DEFAULT-VALUE}).",
      defaultValue = "1")
  long seed;

  @Option(
      names = "--steps",
      description =
          "Steps to run (default: the whole replay; "
              + EvaluationScenario.DEFAULT_SYNTHETIC_STEPS
              + " synthetic steps).")
  Integer steps;

  @Option(
      names = "--step-minutes",
      description = "Step length of synthetic traffic, minutes (default ${DEFAULT-VALUE}).",
      defaultValue = "15")
  long stepMinutes;

  @Option(
      names = "--strategies",
      split = ",",
      description = "Lanes to compare (persistence is always added; default: ${DEFAULT-VALUE}).",
      defaultValue = "static,liquid,incremental,hybrid")
  List<String> strategies;

  @Option(
      names = "--model",
      paramLabel = "DIR",
      description =
          "Base models to use: a directory with cfc/ and mlp/ model directories (e.g. an earlier"
              + " report's models/); default: train them on the history before the first"
              + " failure.")
  Path model;

  @Option(
      names = "--report",
      paramLabel = "DIR",
      required = true,
      description = "Where report.json, report.md and the plots go.")
  Path report;

  @Option(
      names = "--device",
      description = "Where models train and run: auto, cpu, gpu:N (default ${DEFAULT-VALUE}).",
      defaultValue = "auto")
  String device;

  @Unmatched List<String> jobArgs = new ArrayList<>();

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    EvaluationScenario scenarioSpec =
        new EvaluationScenario(
            source.traffic != null ? (topology != null ? topology : "abilene") : source.synthetic,
            source.traffic,
            failures,
            failures != null ? "none" : scenario,
            failAtStep,
            repairAtStep,
            steps,
            Duration.ofMinutes(stepMinutes),
            seed);
    Evaluation.Result result;
    try {
      scenarioSpec.validate();
      result =
          new Evaluation(
                  new Evaluation.Options(scenarioSpec, strategies, model, report, device, jobArgs),
                  System.out)
              .run();
    } catch (IllegalArgumentException | NoSuchElementException | UncheckedIOException e) {
      spec.commandLine().getErr().println("netdrift evaluate: " + e.getMessage());
      spec.commandLine().getErr().flush();
      return 2;
    }
    Report written = ReportWriter.write(result.run(), report);
    System.out.print(written.consoleTable());
    System.out.println("report: " + report.resolve("report.md") + " (and report.json, plots)");
    System.out.println("base models: " + result.modelDir() + " (reuse them with --model)");
    return 0;
  }
}
