package io.netdrift.benchmarks.adaptation;

import io.netdrift.benchmarks.harness.BenchmarkLauncher;
import io.netdrift.benchmarks.harness.SharedOptions;
import io.netdrift.core.model.ModelKind;
import io.netdrift.flink.forecast.ForecastOperatorConfig;
import io.netdrift.job.config.JobConfig;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * Throughput of the forecast operator while an adaptive lane retrains in the background, against
 * its throughput without a retrain in flight, measured in the same run (issue 8: at least 90%).
 *
 * <p>The real {@code ForecastOperator}, built from the job's own configuration ({@link JobConfig},
 * lanes {@code persistence,static=CFC,liquid=CFC,incremental=MLP,hybrid}), runs single-threaded in
 * Flink's keyed two-input operator test harness and is fed pre-generated Euro28 telemetry as fast
 * as it goes, a watermark per step. The stream repeats episodes of {@code --quiet-steps} steps
 * without a failure and then {@code --failed-steps} with the drastic link down; the failure's
 * network signals (one per link direction whose routed load changes, with regime {@code link:X})
 * make the liquid and incremental lanes retrain in their background threads. Steps are grouped into
 * windows; a window is tagged "retrain" when a retrain was in flight at any of its step boundaries.
 * Repeated for each {@code --duty-cycles} value ({@code trainingDutyCycle}), a fresh operator each,
 * {@code --rounds} times.
 *
 * <pre>
 * java [the JVM flags of ./netdrift] -cp benchmarks/target/classes:$(cat benchmarks/target/benchmarks.classpath) \
 *   io.netdrift.benchmarks.adaptation.RetrainThroughputBenchmark [--duty-cycles 1.0,0.5] [--rounds 2] \
 *   [--warmup-runs 1] [--episodes 3] [--quiet-steps 2400] [--failed-steps 300] [--warmup-steps 600] [--window-steps 24] \
 *   [--cfc DIR --mlp DIR | --models-dir DIR] [--out benchmarks/results] [--name retrain-throughput] \
 *   [any job flag]
 * </pre>
 *
 * Any other {@code --flag value} is a job configuration flag ({@code --model-engine tf-java},
 * {@code --liquid-update-steps 8}, ...). TensorFlow's thread pools follow the system properties
 * {@code netdrift.tensorflow.intraOpThreads} / {@code interOpThreads}.
 */
@Command(
    name = "RetrainThroughputBenchmark",
    mixinStandardHelpOptions = true,
    description = {
      "Forecast-operator throughput while an adaptive lane retrains vs not, in the same run.",
      "Any other --flag value is a job configuration flag (--model-engine tf-java, ...)."
    })
public final class RetrainThroughputBenchmark implements Callable<Integer> {

  @Option(
      names = "--duty-cycles",
      split = ",",
      defaultValue = "1.0,0.5",
      description = "trainingDutyCycle values, a fresh operator each (default: ${DEFAULT-VALUE}).")
  List<Double> dutyCycles;

  @Option(
      names = "--rounds",
      defaultValue = "2",
      description = "Timed runs per duty cycle (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(
      names = "--warmup-runs",
      defaultValue = "1",
      description = "Untimed whole runs first (default: ${DEFAULT-VALUE}).")
  int warmupRuns;

  @Option(
      names = "--episodes",
      defaultValue = "3",
      description = "Episodes of quiet and failed steps (default: ${DEFAULT-VALUE}).")
  int episodes;

  @Option(
      names = "--quiet-steps",
      defaultValue = "2400",
      description = "Steps without a failure per episode (default: ${DEFAULT-VALUE}).")
  int quietSteps;

  @Option(
      names = "--failed-steps",
      defaultValue = "300",
      description = "Steps with the drastic link down per episode (default: ${DEFAULT-VALUE}).")
  int failedSteps;

  @Option(
      names = "--warmup-steps",
      defaultValue = "600",
      description = "Untimed steps at the start of the stream (default: ${DEFAULT-VALUE}).")
  int warmupSteps;

  @Option(
      names = "--window-steps",
      defaultValue = "24",
      description = "Steps per measured window (default: ${DEFAULT-VALUE}).")
  int windowSteps;

  @Option(
      names = "--train-days",
      defaultValue = "3",
      description = "Failure-free days the base models train on (default: ${DEFAULT-VALUE}).")
  int trainDays;

  @Option(
      names = "--train-epochs",
      defaultValue = "2",
      description = "Epochs of the base models (default: ${DEFAULT-VALUE}).")
  int trainEpochs;

  @Option(
      names = "--train-steps-per-epoch",
      defaultValue = "60",
      description = "Steps per epoch of the base models (default: ${DEFAULT-VALUE}).")
  int trainStepsPerEpoch;

  @Option(
      names = "--hidden",
      defaultValue = "32",
      description = "Hidden units of the base models (default: ${DEFAULT-VALUE}).")
  int hidden;

  @Option(names = "--cfc", description = "A trained CfC model directory instead of training one.")
  String cfc;

  @Option(names = "--mlp", description = "A trained MLP model directory instead of training one.")
  String mlp;

  @Option(
      names = "--models-dir",
      description = "Keep the trained base models here (cfc/, mlp/) for --cfc/--mlp later.")
  Path modelsDir;

  @Mixin SharedOptions.SimulatorSeed seed;

  @Mixin SharedOptions.ResultsDirectory results;

  @Option(
      names = "--name",
      defaultValue = "retrain-throughput",
      description = "File name of the results (default: ${DEFAULT-VALUE}).")
  String name;

  /** Any other {@code --flag value}: job configuration, after the benchmark's own job flags. */
  @Unmatched List<String> jobFlags = new ArrayList<>();

  @Spec CommandSpec spec;

  public static void main(String[] args) {
    BenchmarkLauncher.launch(new RetrainThroughputBenchmark(), args);
  }

  /** The job flags, checked before anything runs: an unknown one fails in one line. */
  void checkJobFlags() {
    try {
      JobConfig.fromArgs(jobFlags.toArray(String[]::new));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "job flags: " + e.getMessage());
    }
  }

  @Override
  public Integer call() throws Exception {
    checkJobFlags();
    TelemetryReplay.Layout layout =
        new TelemetryReplay.Layout(warmupSteps, episodes, quietSteps, failedSteps);
    long stepMs = 900_000;
    int trainSteps = trainDays * 96;
    Path out = results.path();

    log(
        "retrain throughput: %d cores, load average %.2f, duty cycles %s, %d round(s)",
        Runtime.getRuntime().availableProcessors(), loadAverage(), dutyCycles, rounds);
    long t0 = System.nanoTime();
    TelemetryReplay replay = TelemetryReplay.generate(trainSteps, layout, stepMs, seed.value());
    log(
        "generated %d training + %d stream steps of Euro28 (%d directions) in %.1f s; failing link"
            + " %s, %d signals per failure",
        replay.training.size(),
        replay.stream.size(),
        replay.directions(),
        (System.nanoTime() - t0) / 1e9,
        replay.failingLink,
        replay.signalsPerFailure());

    Path work = Files.createTempDirectory("netdrift-retrain-bench");
    List<String> models = new ArrayList<>();
    String cfc = this.cfc;
    String mlp = this.mlp;
    int epochs = trainEpochs;
    int stepsPerEpoch = trainStepsPerEpoch;
    // trained base models go to --models-dir (kept, for --cfc/--mlp in later runs) or are deleted
    Path modelsDir = this.modelsDir != null ? this.modelsDir : work;
    if (cfc == null) {
      cfc = modelsDir.resolve("cfc").toAbsolutePath().toString();
      models.add(
          BaseModels.train(
              ModelKind.CFC, replay.training, stepMs, hidden, epochs, stepsPerEpoch, Path.of(cfc)));
      log("trained %s", models.get(models.size() - 1));
    } else {
      models.add("cfc given: " + cfc);
    }
    if (mlp == null) {
      mlp = modelsDir.resolve("mlp").toAbsolutePath().toString();
      models.add(
          BaseModels.train(
              ModelKind.MLP, replay.training, stepMs, hidden, epochs, stepsPerEpoch, Path.of(mlp)));
      log("trained %s", models.get(models.size() - 1));
    } else {
      models.add("mlp given: " + mlp);
    }
    String strategies =
        "persistence,static=" + cfc + ",liquid=" + cfc + ",incremental=" + mlp + ",hybrid";

    ThreadCpu.taskThread();
    List<RetrainRun> runs = new ArrayList<>();
    // untimed whole runs first (the first duty cycle), so the JIT has compiled every path
    for (int round = 1 - warmupRuns; round <= rounds; round++) {
      for (double duty : round < 1 ? dutyCycles.subList(0, 1) : dutyCycles) {
        String label =
            round < 1
                ? String.format(Locale.ROOT, "warm-up run (duty %.2f)", duty)
                : String.format(Locale.ROOT, "duty %.2f round %d", duty, round);
        Path store = work.resolve("store-" + runs.size());
        List<String> flags = new ArrayList<>();
        flags.addAll(
            List.of(
                "--strategies",
                strategies,
                "--step-ms",
                Long.toString(stepMs),
                "--model-device",
                "cpu",
                "--model-store-dir",
                store.toString()));
        flags.addAll(jobFlags);
        flags.addAll(List.of("--training-duty-cycle", Double.toString(duty)));
        JobConfig job = JobConfig.fromArgs(flags.toArray(String[]::new));
        RetrainRun run = new RetrainRun(label);
        log("%s: opening the operator", label);
        run.run(replay, operatorConfig(job), windowSteps, RetrainThroughputBenchmark::log);
        if (round >= 1) {
          runs.add(run);
        }
        deleteTree(store);
      }
    }
    deleteTree(work);

    Files.createDirectories(out);
    Files.writeString(out.resolve(name + ".csv"), csv(runs));
    String report =
        report(
            BenchmarkLauncher.argLine(spec),
            dutyCycles,
            runs,
            replay,
            models,
            windowSteps,
            jobFlags,
            warmupRuns,
            loadAverage());
    Files.writeString(out.resolve(name + ".md"), report);
    System.out.println();
    System.out.print(report);
    log("wrote %s and %s", out.resolve(name + ".md"), out.resolve(name + ".csv"));
    return 0;
  }

  /** The forecast operator's configuration, exactly as {@code NetdriftPipeline} builds it. */
  static ForecastOperatorConfig operatorConfig(JobConfig config) {
    return io.netdrift.job.NetdriftPipeline.forecastOperatorConfig(config);
  }

  // ------------------------------------------------------------------ statistics

  /** p-quantile (0..1) of the values, linear between the nearest ranks; NaN when empty. */
  static double quantile(List<Double> values, double p) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double pos = p * (v.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(v.length - 1, lo + 1);
    return v[lo] + (pos - lo) * (v[hi] - v[lo]);
  }

  private static List<Double> rates(List<RetrainRun.Window> windows) {
    return windows.stream().map(RetrainRun.Window::recordsPerSecond).toList();
  }

  private static List<RetrainRun.Window> select(
      List<RetrainRun> runs, Predicate<RetrainRun.Window> which) {
    return runs.stream().flatMap(r -> r.windows.stream()).filter(which).toList();
  }

  // ------------------------------------------------------------------ report

  private static String report(
      String argLine,
      List<Double> dutyCycles,
      List<RetrainRun> runs,
      TelemetryReplay replay,
      List<String> models,
      int windowSteps,
      List<String> jobFlags,
      int warmupRuns,
      double loadAtEnd) {
    StringBuilder r = new StringBuilder();
    r.append("# Throughput while a retrain runs vs not (same run)\n\n");
    r.append(
        String.format(
            Locale.ROOT,
            "Generated by `io.netdrift.benchmarks.adaptation.RetrainThroughputBenchmark` on %s;"
                + " %d cores, load average %.2f at the end; java %s.%n%n",
            Instant.now(),
            Runtime.getRuntime().availableProcessors(),
            loadAtEnd,
            System.getProperty("java.version")));
    r.append("Arguments: `").append(argLine).append("`  \n");
    List<String> jvm =
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter(a -> a.startsWith("-Dnetdrift") || a.startsWith("-XX") || a.startsWith("-Xm"))
            .toList();
    r.append("JVM flags that matter here: `")
        .append(jvm.isEmpty() ? "(none)" : String.join(" ", jvm))
        .append("`\n\n");
    r.append("## Setup\n\n");
    r.append(
        String.format(
            Locale.ROOT,
            "- The real `ForecastOperator` (config from `JobConfig`%s), lanes"
                + " `persistence,static=CFC,liquid=CFC,incremental=MLP,hybrid`, in Flink's"
                + " `KeyedTwoInputStreamOperatorTestHarness` on one thread, fed as fast as it goes;"
                + " a watermark at every step's time.%n",
            jobFlags.isEmpty()
                ? ", defaults otherwise"
                : " with `" + String.join(" ", jobFlags) + "`"));
    r.append(
        String.format(
            Locale.ROOT,
            "- Euro28, 15-minute steps, %d directions: %d failure-free training steps, then"
                + " %d stream steps generated into memory before timing: a %d-step warm-up"
                + " (untimed, its link down in its middle third; and before all measured runs, %d"
                + " untimed run(s) of the whole stream), then %d episodes of %d quiet"
                + " steps followed by %d steps with link %s down (%d network signals at each"
                + " failure, regime `link:%s`; repaired when the next episode starts).%n",
            replay.directions(),
            replay.training.size(),
            replay.stream.size(),
            replay.layout.warmupSteps(),
            warmupRuns,
            replay.layout.episodes(),
            replay.layout.quietSteps(),
            replay.layout.failedSteps(),
            replay.failingLink,
            replay.signalsPerFailure(),
            replay.failingLink));
    for (String m : models) {
      r.append("- Base model: ").append(m.replaceAll(" -> .*", "")).append('\n');
    }
    r.append(
        String.format(
            Locale.ROOT,
            "- Windows of %d steps (%d telemetry records). A window counts as **with a retrain**"
                + " when any adaptive lane had a retrain in flight (`AdaptiveLane"
                + ".retrainsInFlight()`, the operator's `retrainsInFlight` gauge) at any of its"
                + " step boundaries, or one started in it; **without** when none did. \"In"
                + " flight\" is the operator's view: from the batch boundary that submits the"
                + " retrain to the one that takes the finished candidate in, which includes the"
                + " trainer's rest after its work when the duty cycle is below 1.%n%n",
            windowSteps,
            windowSteps * replay.directions()));

    r.append("## Records/s with a retrain in flight vs without, same run\n\n");
    ratioTable(
        r,
        dutyCycles,
        runs,
        RetrainRun.Window::anyRetrain,
        w -> !w.anyRetrain(),
        "with / without",
        RetrainRun.Window::wholeRetrain);
    r.append(
        "\nRatio = median records/s of the windows with a retrain / median of the windows"
            + " without, in the same run (one operator, one JVM). Last column: the windows with"
            + " a retrain in flight at every step boundary.\n\n");
    r.append("## Records/s while a trainer thread works vs while none does, same run\n\n");
    r.append(
        String.format(
            Locale.ROOT,
            "The same windows split by what the trainers did: **at work** when the adaptive"
                + " lanes' trainer threads used at least %.2f of a core in the window, **idle**"
                + " when they used less than %.2f (windows in between are left out). A retrain"
                + " resting after its work (duty cycle < 1) counts as in flight above but as idle"
                + " here.%n%n",
            RetrainRun.BUSY_CORES,
            RetrainRun.IDLE_CORES));
    ratioTable(
        r,
        dutyCycles,
        runs,
        RetrainRun.Window::trainerBusy,
        RetrainRun.Window::trainerIdle,
        "at work / idle",
        null);
    r.append('\n');

    r.append("## Where the time goes\n\n");
    r.append(
        "Per window, medians: the task thread's CPU time over wall time (1.0 = it never waited"
            + " for a core), the CPU of all other threads of the JVM in cores (trainer threads,"
            + " TensorFlow's pools, GC, JIT), and the task thread's CPU per record (its work,"
            + " whatever the competition).\n\n");
    r.append(
        "| duty cycle | windows | task thread CPU / wall | other threads, cores | of which"
            + " trainer threads | task CPU us/record |\n|---|---|---|---|---|---|\n");
    for (double duty : dutyCycles) {
      String prefix = String.format(Locale.ROOT, "duty %.2f", duty);
      for (boolean with : new boolean[] {true, false}) {
        List<RetrainRun.Window> ws =
            select(runs, w -> w.label().startsWith(prefix) && w.anyRetrain() == with);
        r.append(
            String.format(
                Locale.ROOT,
                "| %.2f | %s (%d) | %.2f | %.2f | %.2f | %.1f |%n",
                duty,
                with ? "with retrain" : "without",
                ws.size(),
                quantile(ws.stream().map(RetrainRun.Window::taskCpuShare).toList(), 0.5),
                quantile(ws.stream().map(RetrainRun.Window::otherCpuCores).toList(), 0.5),
                quantile(ws.stream().map(RetrainRun.Window::trainerCpuCores).toList(), 0.5),
                quantile(
                    ws.stream().map(RetrainRun.Window::taskCpuMicrosPerRecord).toList(), 0.5)));
      }
    }
    r.append(
        "\nRecords/s by how much CPU the other threads used in the window (all windows of a duty"
            + " cycle):\n\n| duty cycle | other threads, cores | windows | median records/s |"
            + " vs < 0.25 |\n|---|---|---|---|---|\n");
    double[][] buckets = {{0, 0.25}, {0.25, 0.75}, {0.75, 1.25}, {1.25, 99}};
    for (double duty : dutyCycles) {
      String prefix = String.format(Locale.ROOT, "duty %.2f", duty);
      double base = Double.NaN;
      for (double[] b : buckets) {
        List<RetrainRun.Window> ws =
            select(
                runs,
                w ->
                    w.label().startsWith(prefix)
                        && w.otherCpuCores() >= b[0]
                        && w.otherCpuCores() < b[1]);
        double median = quantile(rates(ws), 0.5);
        if (b[0] == 0) {
          base = median;
        }
        r.append(
            String.format(
                Locale.ROOT,
                "| %.2f | %s | %d | %.0f | %.2f |%n",
                duty,
                b[1] > 10 ? String.format(Locale.ROOT, ">= %.2f", b[0]) : b[0] + " - " + b[1],
                ws.size(),
                median,
                median / base));
      }
    }
    r.append(
        "\nCPU by thread group (from /proc/self/task; cores = CPU seconds / wall seconds of the"
            + " phase), timed quiet halves vs failed halves of the episodes. TensorFlow's pools"
            + " are shared by serving (task thread's calls) and training.\n\n");
    r.append("| run | phase | wall s |");
    List<String> groups =
        List.of(
            ThreadCpu.TASK,
            ThreadCpu.TRAINER,
            ThreadCpu.TENSORFLOW,
            ThreadCpu.GC,
            ThreadCpu.JIT,
            ThreadCpu.OTHER);
    groups.forEach(g -> r.append(' ').append(g).append(" |"));
    r.append("\n|---|---|---|");
    groups.forEach(g -> r.append("---|"));
    r.append('\n');
    for (RetrainRun run : runs) {
      phaseRow(r, run.label, "quiet", run.quietSeconds, run.quietCpu, groups);
      phaseRow(r, run.label, "link down", run.failedSeconds, run.failedCpu, groups);
    }

    r.append("\n## Retrains (from the adaptation events)\n\n");
    r.append(
        "| run | lane | started | finished | swapped in | rejected | mean training ms |\n"
            + "|---|---|---|---|---|---|---|\n");
    for (RetrainRun run : runs) {
      run.retrains.forEach(
          (lane, s) ->
              r.append(
                  String.format(
                      Locale.ROOT,
                      "| %s | %s | %d | %d | %d | %d | %.0f |%n",
                      run.label,
                      lane,
                      s.started,
                      s.finished,
                      s.swapped,
                      s.rejected,
                      s.finished == 0 ? Double.NaN : s.trainingMillis / (double) s.finished)));
    }
    r.append(
        "\nCounts include the warm-up. \"finished\" counts retrains whose end was announced with"
            + " events; one whose scope lost all its links (after the repair) ends silently."
            + " Training ms is the trainer's work per retrain (fit, champion/challenger, writing"
            + " and loading an accepted version), without its rest.\n\n");
    r.append(
        "## Totals\n\n| run | timed records | timed s | records/s | predictions | dead letters |\n");
    r.append("|---|---|---|---|---|---|\n");
    for (RetrainRun run : runs) {
      r.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %.1f | %.0f | %d | %d |%n",
              run.label,
              run.timedRecords,
              run.timedSeconds,
              run.timedRecords / run.timedSeconds,
              run.predictions,
              run.deadLetters));
    }
    r.append(
        "\nPredictions: every telemetry record of the whole run (warm-up included) gets one per"
            + " lane. The harness copies every output record and the benchmark drops it after"
            + " each step: a cost per record the same with and without a retrain.\n");
    return r.toString();
  }

  private static void ratioTable(
      StringBuilder r,
      List<Double> dutyCycles,
      List<RetrainRun> runs,
      Predicate<RetrainRun.Window> with,
      Predicate<RetrainRun.Window> without,
      String what,
      Predicate<RetrainRun.Window> whole) {
    r.append(
        "| duty cycle | run | windows "
            + what
            + " | first: median (p10-p90) | second: median (p10-p90) | **ratio** (medians) |"
            + (whole == null ? "" : " retrain all window: windows, median, ratio |")
            + "\n|---|---|---|---|---|---|"
            + (whole == null ? "" : "---|")
            + "\n");
    for (double duty : dutyCycles) {
      List<RetrainRun> ofDuty =
          runs.stream()
              .filter(x -> x.label.startsWith(String.format(Locale.ROOT, "duty %.2f", duty)))
              .toList();
      for (RetrainRun run : ofDuty) {
        row(
            r,
            duty,
            run.label.replaceAll(".*(round \\d+)", "$1"),
            List.of(run),
            with,
            without,
            whole);
      }
      if (ofDuty.size() > 1) {
        row(r, duty, "**all rounds**", ofDuty, with, without, whole);
      }
    }
  }

  private static void row(
      StringBuilder r,
      double duty,
      String run,
      List<RetrainRun> runs,
      Predicate<RetrainRun.Window> which,
      Predicate<RetrainRun.Window> others,
      Predicate<RetrainRun.Window> whole) {
    List<RetrainRun.Window> with = select(runs, which);
    List<RetrainRun.Window> without = select(runs, others);
    double mWith = quantile(rates(with), 0.5);
    double mWithout = quantile(rates(without), 0.5);
    r.append(
        String.format(
            Locale.ROOT,
            "| %.2f | %s | %d / %d | %.0f (%.0f-%.0f) | %.0f (%.0f-%.0f) | **%.2f** |",
            duty,
            run,
            with.size(),
            without.size(),
            mWith,
            quantile(rates(with), 0.1),
            quantile(rates(with), 0.9),
            mWithout,
            quantile(rates(without), 0.1),
            quantile(rates(without), 0.9),
            mWith / mWithout));
    if (whole != null) {
      List<RetrainRun.Window> all = select(runs, whole);
      double mWhole = quantile(rates(all), 0.5);
      r.append(
          String.format(Locale.ROOT, " %d, %.0f, %.2f |", all.size(), mWhole, mWhole / mWithout));
    }
    r.append('\n');
  }

  private static void phaseRow(
      StringBuilder r,
      String run,
      String phase,
      double seconds,
      Map<String, Double> cpu,
      List<String> groups) {
    r.append(String.format(Locale.ROOT, "| %s | %s | %.1f |", run, phase, seconds));
    for (String g : groups) {
      r.append(String.format(Locale.ROOT, " %.2f |", cpu.getOrDefault(g, 0.0) / seconds));
    }
    r.append('\n');
  }

  private static String csv(List<RetrainRun> runs) {
    StringBuilder c =
        new StringBuilder(
            "run,window,episode,link_down,steps,records,seconds,records_per_s,retrain_any,"
                + "retrain_whole,in_flight_at_start,min_in_flight,max_in_flight,retrains_started,"
                + "task_cpu_share,other_cpu_cores,trainer_cpu_cores,task_cpu_us_per_record\n");
    for (RetrainRun run : runs) {
      for (RetrainRun.Window w : run.windows) {
        c.append(
            String.format(
                Locale.ROOT,
                "%s,%d,%d,%b,%d,%d,%.4f,%.1f,%b,%b,%d,%d,%d,%d,%.3f,%.3f,%.3f,%.2f%n",
                w.label(),
                w.index(),
                w.episode(),
                w.failed(),
                w.steps(),
                w.records(),
                w.nanos() / 1e9,
                w.recordsPerSecond(),
                w.anyRetrain(),
                w.wholeRetrain(),
                w.inFlightAtStart(),
                w.minInFlight(),
                w.maxInFlight(),
                w.retrainsStarted(),
                w.taskCpuShare(),
                w.otherCpuCores(),
                w.trainerCpuCores(),
                w.taskCpuMicrosPerRecord()));
      }
    }
    return c.toString();
  }

  // ------------------------------------------------------------------ helpers

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static void log(String format, Object... args) {
    log(String.format(Locale.ROOT, format, args));
  }

  private static void log(String line) {
    System.err.printf(Locale.ROOT, "[%tT] %s%n", System.currentTimeMillis(), line);
    System.err.flush();
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
