package io.netdrift.benchmarks.scale;

import io.netdrift.simulator.BuiltInTopologies;
import io.netdrift.simulator.FailureScenario;
import java.awt.BasicStroke;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Cost per link-step as the network grows (issue 11, "Scale"): the whole job ({@code
 * NetdriftJob.attach}, the default lanes unless job flags say otherwise) on synthetic topologies of
 * about 1x, 10x and 100x the link directions ({@link io.netdrift.simulator.SyntheticTopology}),
 * each with about the same number of link-steps ({@code --link-steps}: fewer steps for larger
 * networks), one {@link ScaleRun} per size with a fresh broker and MiniCluster. Reports wall and
 * CPU seconds per 1,000 link-steps and their ratios to the smallest size (the machine is shared:
 * the ratios are the result), checkpoint durations and sizes, and the savepoint's state per link
 * direction. Writes {@code NAME.md}, {@code NAME.csv} and {@code NAME.png} to {@code --out}.
 */
public final class ScaleBenchmark {

  static final String DEFAULT_TOPOLOGIES =
      "synthetic:nodes=100,degree=3,seed=7;"
          + "synthetic:nodes=300,degree=10,seed=7;"
          + "synthetic:nodes=1000,degree=30,seed=7";

  record Options(
      List<String> topologies,
      long linkSteps,
      int minSteps,
      int warmupSteps,
      long checkpointIntervalMs,
      long seed,
      FailureScenario scenario,
      Path out,
      String name,
      List<String> jobArgs) {

    static Options parse(String[] args) {
      List<String> topologies = Arrays.asList(DEFAULT_TOPOLOGIES.split(";"));
      long linkSteps = 720_000;
      int minSteps = 20;
      int warmupSteps = 300;
      long checkpointIntervalMs = 1000;
      long seed = 7;
      FailureScenario scenario = FailureScenario.DRASTIC;
      Path out = Path.of("benchmarks/results");
      String name = "scale";
      List<String> jobArgs = new ArrayList<>();
      for (int i = 0; i < args.length; i++) {
        String key = args[i];
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("missing value after " + key);
        }
        String value = args[++i];
        switch (key) {
          case "--topologies" -> topologies = Arrays.asList(value.split(";"));
          case "--link-steps" -> linkSteps = Long.parseLong(value);
          case "--min-steps" -> minSteps = Integer.parseInt(value);
          case "--warmup-steps" -> warmupSteps = Integer.parseInt(value);
          case "--checkpoint-interval-ms" -> checkpointIntervalMs = Long.parseLong(value);
          case "--seed" -> seed = Long.parseLong(value);
          case "--scenario" -> scenario = FailureScenario.parse(value);
          case "--out" -> out = Path.of(value);
          case "--name" -> name = value;
          default -> {
            jobArgs.add(key); // any other flag is job configuration
            jobArgs.add(value);
          }
        }
      }
      if (minSteps < 4 || linkSteps < 1) {
        throw new IllegalArgumentException("need --min-steps >= 4 and --link-steps >= 1");
      }
      return new Options(
          topologies,
          linkSteps,
          minSteps,
          warmupSteps,
          checkpointIntervalMs,
          seed,
          scenario,
          out,
          name,
          jobArgs);
    }

    int stepsFor(int directions) {
      return (int) Math.max(minSteps, linkSteps / directions) + 1;
    }
  }

  private final long started = System.nanoTime();

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    new ScaleBenchmark().run(options, String.join(" ", args));
    System.exit(0); // non-daemon Kafka/Flink threads may linger after close
  }

  void log(String message) {
    System.out.printf(Locale.ROOT, "[%6.1f s] %s%n", (System.nanoTime() - started) / 1e9, message);
    System.out.flush();
  }

  private void run(Options options, String argLine) throws Exception {
    String loadBefore = loadAverage();
    Path savepoints = Files.createTempDirectory("netdrift-scale-savepoints");
    if (options.warmupSteps() > 0) {
      log("warm-up (not reported): " + options.topologies().get(0));
      runOne(options, options.topologies().get(0), options.warmupSteps(), savepoints);
    }
    List<ScaleRun.Result> results = new ArrayList<>();
    for (String topology : options.topologies()) {
      int directions = BuiltInTopologies.builtInOrFile(topology).directedLinkCount();
      int steps = options.stepsFor(directions);
      log(String.format(Locale.ROOT, "run %s: %d steps", topology, steps));
      results.add(runOne(options, topology, steps, savepoints));
      System.gc();
    }
    Files.createDirectories(options.out());
    writeCsv(results, options.out().resolve(options.name() + ".csv"));
    writePlot(results, options.out().resolve(options.name() + ".png"));
    Files.writeString(
        options.out().resolve(options.name() + ".md"),
        markdown(results, options, argLine, loadBefore, loadAverage()));
    log("wrote " + options.out().resolve(options.name() + ".md"));
  }

  private ScaleRun.Result runOne(Options options, String topology, int steps, Path savepoints)
      throws Exception {
    return new ScaleRun(
            topology,
            steps,
            options.jobArgs(),
            options.checkpointIntervalMs(),
            options.seed(),
            options.scenario(),
            savepoints,
            this::log)
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

  private static String markdown(
      List<ScaleRun.Result> results,
      Options options,
      String argLine,
      String loadBefore,
      String loadAfter) {
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
            options.scenario().name().toLowerCase(Locale.ROOT),
            options.checkpointIntervalMs(),
            options.warmupSteps() > 0
                ? ", after an untimed warm-up run of " + options.warmupSteps() + " steps"
                : ""));
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

  static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return parts[0] + "/" + parts[1] + "/" + parts[2];
    } catch (IOException | RuntimeException e) {
      return "n/a";
    }
  }
}
