package io.netdrift.benchmarks.scale;

import io.netdrift.benchmarks.harness.BenchmarkConsole;
import io.netdrift.benchmarks.harness.BenchmarkLauncher;
import io.netdrift.benchmarks.harness.SharedOptions;
import io.netdrift.core.network.BuiltInTopologies;
import io.netdrift.simulator.FailureScenario;
import java.awt.BasicStroke;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * Cost per link-step as the network grows (issue 11, "Scale"): the whole job ({@code
 * NetdriftJob.attach}, the default lanes unless job flags say otherwise) on synthetic topologies of
 * about 1x, 10x and 100x the link directions ({@link io.netdrift.core.network.SyntheticTopology}),
 * each with about the same number of link-steps ({@code --link-steps}: fewer steps for larger
 * networks), one {@link ScaleRun} per size with a fresh broker and MiniCluster. Reports wall and
 * CPU seconds per 1,000 link-steps and their ratios to the smallest size (the machine is shared:
 * the ratios are the result), checkpoint durations and sizes, and the savepoint's state per link
 * direction. Writes {@code NAME.md}, {@code NAME.csv} and {@code NAME.png} to {@code --out}.
 */
@Command(
    name = "ScaleBenchmark",
    mixinStandardHelpOptions = true,
    description = "Cost per link-step as the network grows; other --flag value pairs: job flags.")
public final class ScaleBenchmark implements Callable<Integer> {

  static final String DEFAULT_TOPOLOGIES =
      "synthetic:nodes=100,degree=3,seed=7;"
          + "synthetic:nodes=300,degree=10,seed=7;"
          + "synthetic:nodes=1000,degree=30,seed=7";

  @Option(
      names = "--topologies",
      split = ";",
      defaultValue = DEFAULT_TOPOLOGIES,
      description = "Topologies, ';'-separated (default: 1x, 10x and 100x synthetic).")
  List<String> topologies;

  @Option(
      names = "--link-steps",
      defaultValue = "720000",
      description = "Link-steps per size (default: ${DEFAULT-VALUE}).")
  long linkSteps;

  @Option(
      names = "--min-steps",
      defaultValue = "20",
      description = "Fewest steps of a size (default: ${DEFAULT-VALUE}).")
  int minSteps;

  @Option(
      names = "--warmup-steps",
      defaultValue = "300",
      description =
          "Steps of an untimed run of the first size; 0: none (default: ${DEFAULT-VALUE}).")
  int warmupSteps;

  @Mixin SharedOptions.CheckpointInterval checkpointInterval;

  @Mixin SharedOptions.SimulatorSeed seed;

  @Option(
      names = "--scenario",
      defaultValue = "drastic",
      converter = ScenarioConverter.class,
      description = "Failure scenario (default: ${DEFAULT-VALUE}).")
  FailureScenario scenario;

  @Mixin SharedOptions.ResultsDirectory out;

  @Option(
      names = "--name",
      defaultValue = "scale",
      description = "File name of the results (default: ${DEFAULT-VALUE}).")
  String name;

  /** Any other {@code --flag value} is job configuration, e.g. {@code --strategies ...}. */
  @Unmatched List<String> jobArgs = new ArrayList<>();

  @Spec CommandSpec spec;

  private final BenchmarkConsole console = new BenchmarkConsole();

  /** {@link FailureScenario#parse}, for picocli. */
  static final class ScenarioConverter implements ITypeConverter<FailureScenario> {
    @Override
    public FailureScenario convert(String value) {
      return FailureScenario.parse(value);
    }
  }

  public static void main(String[] args) {
    BenchmarkLauncher.launch(new ScaleBenchmark(), args);
  }

  @Override
  public Integer call() throws Exception {
    LinkStepBudget budget = new LinkStepBudget(linkSteps, minSteps);
    String loadBefore = BenchmarkConsole.loadAverage();
    Path savepoints = Files.createTempDirectory("netdrift-scale-savepoints");
    if (warmupSteps > 0) {
      console.log("warm-up (not reported): %s", topologies.get(0));
      runOne(topologies.get(0), warmupSteps, savepoints);
    }
    List<ScaleRun.Result> results = new ArrayList<>();
    for (String topology : topologies) {
      int directions = BuiltInTopologies.builtInOrFile(topology).directedLinkCount();
      int steps = budget.stepsFor(directions);
      console.log("run %s: %d steps", topology, steps);
      results.add(runOne(topology, steps, savepoints));
      System.gc();
    }
    Files.createDirectories(out.path());
    writeCsv(results, out.path().resolve(name + ".csv"));
    writePlot(results, out.path().resolve(name + ".png"));
    Files.writeString(
        out.path().resolve(name + ".md"),
        markdown(
            results, BenchmarkLauncher.argLine(spec), loadBefore, BenchmarkConsole.loadAverage()));
    console.log("wrote %s", out.path().resolve(name + ".md"));
    return 0;
  }

  private ScaleRun.Result runOne(String topology, int steps, Path savepoints) throws Exception {
    return new ScaleRun(
            topology,
            steps,
            jobArgs,
            checkpointInterval.millis(),
            seed.value(),
            scenario,
            savepoints,
            console)
        .run();
  }

  static void writeCsv(List<ScaleRun.Result> results, Path csv) throws IOException {
    StringBuilder s =
        new StringBuilder(
            "topology,nodes,links,link_directions,od_samples_per_step,steps,lanes,link_steps,"
                + "deploy_s,wall_s,process_cpu_s,task_cpu_s,wall_s_per_1k_link_steps,"
                + "process_cpu_s_per_1k_link_steps,task_cpu_s_per_1k_link_steps,predictions,"
                + "dead_letters,checkpoints,checkpoint_median_ms,checkpoint_max_ms,"
                + "checkpoint_state_bytes,savepoint_s,savepoint_bytes,keyed_state_bytes,"
                + "keyed_bytes_per_direction,savepoint_bytes_per_direction\n");
    for (ScaleRun.Result r : results) {
      s.append(
          String.format(
              Locale.ROOT,
              "\"%s\",%d,%d,%d,%d,%d,%d,%d,%.2f,%.2f,%.2f,%.2f,%.4f,%.4f,%.4f,%d,%d,%d,%.0f,%.0f,"
                  + "%d,%.2f,%d,%d,%.1f,%.1f%n",
              r.topology(),
              r.nodes(),
              r.links(),
              r.directions(),
              r.trafficPerStep(),
              r.steps(),
              r.lanes(),
              r.linkSteps(),
              r.deploySeconds(),
              r.wallSeconds(),
              r.processCpuSeconds(),
              r.taskCpuSeconds(),
              r.wallPerThousandLinkSteps(),
              r.processCpuPerThousandLinkSteps(),
              r.taskCpuPerThousandLinkSteps(),
              r.predictions(),
              r.deadLetters(),
              r.checkpoints(),
              r.checkpointMedianMs(),
              r.checkpointMaxMs(),
              r.checkpointStateBytes(),
              r.savepointSeconds(),
              r.savepoint().directoryBytes(),
              r.savepoint().keyedBytes(),
              r.keyedBytesPerDirection(),
              r.savepointBytesPerDirection()));
    }
    Files.writeString(csv, s.toString());
  }

  private static void writePlot(List<ScaleRun.Result> results, Path png) throws IOException {
    System.setProperty("java.awt.headless", "true");
    XYSeries wall = new XYSeries("wall s per 1,000 link-steps");
    XYSeries cpu = new XYSeries("process CPU s per 1,000 link-steps");
    XYSeries task = new XYSeries("task-thread CPU s per 1,000 link-steps");
    for (ScaleRun.Result r : results) {
      wall.add(r.directions(), r.wallPerThousandLinkSteps());
      cpu.add(r.directions(), r.processCpuPerThousandLinkSteps());
      task.add(r.directions(), r.taskCpuPerThousandLinkSteps());
    }
    XYSeriesCollection data = new XYSeriesCollection();
    data.addSeries(wall);
    data.addSeries(cpu);
    data.addSeries(task);
    LogAxis x = new LogAxis("link directions (log scale)");
    x.setBase(10);
    x.setSmallestValue(10);
    NumberAxis y = new NumberAxis("seconds per 1,000 link-steps");
    y.setAutoRangeIncludesZero(true);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    for (int i = 0; i < 3; i++) {
      renderer.setSeriesStroke(i, new BasicStroke(2f));
    }
    JFreeChart chart =
        new JFreeChart(
            "netdrift: cost per link-step vs network size",
            JFreeChart.DEFAULT_TITLE_FONT,
            new XYPlot(data, x, y, renderer),
            true);
    ChartUtils.saveChartAsPNG(png.toFile(), chart, 900, 500);
  }

  private String markdown(
      List<ScaleRun.Result> results, String argLine, String loadBefore, String loadAfter) {
    ScaleRun.Result base = results.get(0);
    StringBuilder s = new StringBuilder();
    s.append("# Scale: cost per link-step as the network grows\n\n");
    s.append(
        String.format(
            Locale.ROOT,
            "Generated by `io.netdrift.benchmarks.scale.ScaleBenchmark %s` at %s (command:"
                + " `benchmarks/README.md`, section Scale). Machine: 2 cores, shared; load"
                + " average %s before, %s after. Scenario %s (failure at a third of the steps,"
                + " repair at two thirds); checkpoints every %d ms (exactly-once); parallelism"
                + " 1; a fresh broker and MiniCluster per size%s.\n\n",
            argLine,
            Instant.now(),
            loadBefore,
            loadAfter,
            scenario.name().toLowerCase(Locale.ROOT),
            checkpointInterval.millis(),
            warmupSteps > 0 ? ", after an untimed warm-up run of " + warmupSteps + " steps" : ""));
    s.append(
        "| topology | nodes | link directions | OD samples/step | steps | lanes | link-steps |"
            + " wall s | wall s / 1k link-steps | ratio | process CPU s / 1k | ratio | task CPU"
            + " s / 1k | ratio |\n");
    s.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (ScaleRun.Result r : results) {
      s.append(
          String.format(
              Locale.ROOT,
              "| `%s` | %d | %d | %d | %d | %d | %d | %.1f | %.4f | **%.2f** | %.4f | %.2f |"
                  + " %.4f | %.2f |%n",
              r.topology().replace("synthetic:", ""),
              r.nodes(),
              r.directions(),
              r.trafficPerStep(),
              r.steps(),
              r.lanes(),
              r.linkSteps(),
              r.wallSeconds(),
              r.wallPerThousandLinkSteps(),
              r.wallPerThousandLinkSteps() / base.wallPerThousandLinkSteps(),
              r.processCpuPerThousandLinkSteps(),
              r.processCpuPerThousandLinkSteps() / base.processCpuPerThousandLinkSteps(),
              r.taskCpuPerThousandLinkSteps(),
              r.taskCpuPerThousandLinkSteps() / base.taskCpuPerThousandLinkSteps()));
    }
    s.append("\nCheckpoints and state:\n\n");
    s.append(
        "| link directions | checkpoints | median duration ms | max duration ms | largest"
            + " checkpoint state bytes | per direction | savepoint s | savepoint bytes on disk |"
            + " keyed state bytes | keyed bytes per direction | predictions | dead letters |\n");
    s.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (ScaleRun.Result r : results) {
      s.append(
          String.format(
              Locale.ROOT,
              "| %d | %d | %.0f | %.0f | %d | %.0f | %.1f | %d | %d | %.0f | %d | %d |%n",
              r.directions(),
              r.checkpoints(),
              r.checkpointMedianMs(),
              r.checkpointMaxMs(),
              r.checkpointStateBytes(),
              (double) r.checkpointStateBytes() / r.directions(),
              r.savepointSeconds(),
              r.savepoint().directoryBytes(),
              r.savepoint().keyedBytes(),
              r.keyedBytesPerDirection(),
              r.predictions(),
              r.deadLetters()));
    }
    s.append("\nDead letters by reason:");
    for (ScaleRun.Result r : results) {
      s.append(" ").append(r.directions()).append(" directions ").append(r.deadLetterReasons());
    }
    s.append(".\n\nSavepoint state per operator (keyed + operator state bytes):\n\n");
    for (ScaleRun.Result r : results) {
      s.append("- ").append(r.directions()).append(" link directions: ");
      List<String> parts = new ArrayList<>();
      for (Map.Entry<String, SavepointSizes.OperatorSize> e :
          r.savepoint().operators().entrySet()) {
        parts.add(
            String.format(
                Locale.ROOT,
                "%s %d keyed + %d operator",
                e.getKey(),
                e.getValue().keyedBytes(),
                e.getValue().operatorBytes()));
      }
      s.append(String.join("; ", parts)).append('\n');
    }
    s.append(
        "\nWhat is measured. link-steps = link directions x (steps - 1): the predictions of the"
            + " last step wait for a watermark that only a drain moves, so timing ends when every"
            + " prediction of the other steps is visible to a `read_committed` consumer (each"
            + " lane's, so a link-step is one telemetry record forecast by every lane). Timing"
            + " starts when every task is RUNNING (deployment excluded). wall s = that interval;"
            + " process CPU = the JVM's CPU time over it (Flink, the embedded broker serving the"
            + " job and the output counter, GC, JIT); task CPU = the CPU time of Flink's task"
            + " threads (`name (1/1)#0`). Ratios are to the smallest size. Checkpoint durations"
            + " are end-to-end durations of every checkpoint completed during the timed interval;"
            + " the state bytes are Flink's own checkpoint statistics. The savepoint is a"
            + " stop-with-savepoint without drain right after the timed interval, its size the"
            + " bytes of its directory and, per operator, of the state handles in its"
            + " `_metadata`.\n");
    return s.toString();
  }
}
