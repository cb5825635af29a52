package io.netdrift.benchmarks.model;

import io.netdrift.benchmarks.harness.BenchmarkLauncher;
import io.netdrift.benchmarks.harness.OptionConverters.ModelKindConverter;
import io.netdrift.benchmarks.harness.OptionConverters.ServingEngineConverter;
import io.netdrift.benchmarks.harness.SharedOptions;
import io.netdrift.core.adaptation.AdaptationAction;
import io.netdrift.core.adaptation.AdaptationPolicy;
import io.netdrift.core.adaptation.AdaptiveLane;
import io.netdrift.core.adaptation.LinkSamples;
import io.netdrift.core.adaptation.ModelFitter;
import io.netdrift.core.adaptation.ModelStore;
import io.netdrift.core.forecast.ForecastBatch;
import io.netdrift.core.forecast.LinkForecastState;
import io.netdrift.core.model.ModelConfig;
import io.netdrift.core.model.ModelDirectory;
import io.netdrift.core.model.ModelKind;
import io.netdrift.core.model.graph.ModelDirectoryWriter;
import io.netdrift.core.model.runtime.DeviceSelection;
import io.netdrift.core.model.runtime.ServingEngine;
import io.netdrift.core.model.serving.ModelRegistry;
import io.netdrift.core.model.training.LinkSeries;
import io.netdrift.core.model.training.ModelTrainer;
import io.netdrift.core.model.training.TrainingConfig;
import io.netdrift.core.model.training.TrainingResult;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import javax.management.ObjectName;
import org.apache.flink.util.FileUtils;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Native memory of the TensorFlow runtime across many model swaps (issue 10, part 4: "stays flat
 * across 1,000 model swaps").
 *
 * <p>A real {@link AdaptiveLane} (liquid policy, blocking retrains so every retrain lands before
 * the next step) serves a few drifted links and swaps its model the way the job does: every few
 * samples a retrain fine-tunes the serving weights with TF Java ({@link ModelFitter#reusingGraph}),
 * the champion/challenger comparison decides, an accepted candidate is written to the {@link
 * ModelStore} as a SavedModel, loaded for serving ({@link ModelRegistry#load}, DJL or a TF Java
 * session) and serves the next batches while its predecessor runs in shadow. The loop runs until
 * {@code --swaps} candidates were promoted ({@code MODEL_SWAPPED}), and every {@code
 * --sample-every} swaps, after a {@code System.gc()}, records the process's resident set ({@code
 * VmRSS}, {@code RssAnon} from {@code /proc/self/status}), the Java heap in use and the JVM's own
 * native memory (NMT, when the JVM runs with {@code -XX:NativeMemoryTracking=summary}; TensorFlow's
 * allocations are not in it, they show in {@code RssAnon}). Run with {@code -Xms} = {@code -Xmx}
 * and {@code -XX:+AlwaysPreTouch} so the heap is resident from the start and RSS growth is native.
 *
 * <p>The store keeps every version (the job never deletes one); the benchmark deletes the
 * directories of versions older than the previous-but-one as it goes, to bound the disk it uses.
 *
 * <pre>
 * java -Xms1g -Xmx1g -XX:+AlwaysPreTouch -XX:NativeMemoryTracking=summary [flags of ./netdrift] \
 *   -cp benchmarks/target/classes:$(cat benchmarks/target/benchmarks.classpath) \
 *   io.netdrift.benchmarks.model.ModelSwapMemoryBenchmark [--swaps 1000] [--sample-every 50] \
 *   [--warmup-swaps 100] [--kind cfc] [--engine djl] [--hidden 16] [--links 8] \
 *   [--out benchmarks/results] [--name model-swap-memory]
 * </pre>
 */
@Command(
    name = "ModelSwapMemoryBenchmark",
    mixinStandardHelpOptions = true,
    description = "Resident memory of the TensorFlow runtime across many model swaps.")
public final class ModelSwapMemoryBenchmark implements Callable<Integer> {
  private static final long STEP_MS = 300_000L;
  private static final long T0 = 1_767_225_600_000L;
  private static final String REGIME = "link:Berlin-Hamburg";

  /** One measurement. */
  record Sample(
      int swaps,
      long retrains,
      long rollbacks,
      long loadedVersions,
      double seconds,
      long rssKb,
      long rssAnonKb,
      long heapUsedKb,
      long nmtCommittedKb) {}

  @Option(
      names = "--swaps",
      defaultValue = "1000",
      description = "Model swaps (promotions) to run (default: ${DEFAULT-VALUE}).")
  int swaps;

  @Option(
      names = "--sample-every",
      defaultValue = "50",
      description = "Swaps between two memory samples (default: ${DEFAULT-VALUE}).")
  int sampleEvery;

  @Option(
      names = "--warmup-swaps",
      defaultValue = "100",
      description = "Swaps before the slope starts (default: ${DEFAULT-VALUE}).")
  int warmupSwaps;

  @Option(
      names = "--kind",
      defaultValue = "cfc",
      converter = ModelKindConverter.class,
      description = "Model kind (default: ${DEFAULT-VALUE}).")
  ModelKind kind;

  @Option(
      names = "--engine",
      defaultValue = "djl",
      converter = ServingEngineConverter.class,
      description = "Serving engine: djl or tf-java (default: ${DEFAULT-VALUE}).")
  ServingEngine engine;

  @Option(
      names = "--hidden",
      defaultValue = "16",
      description = "Hidden units of the model (default: ${DEFAULT-VALUE}).")
  int hidden;

  @Option(
      names = "--links",
      defaultValue = "8",
      description = "Link directions the lane serves (default: ${DEFAULT-VALUE}).")
  int links;

  @Mixin SharedOptions.ResultsDirectory results;

  @Option(
      names = "--name",
      defaultValue = "model-swap-memory",
      description = "File name of the results (default: ${DEFAULT-VALUE}).")
  String name;

  @Spec CommandSpec spec;

  public static void main(String[] args) {
    BenchmarkLauncher.launch(new ModelSwapMemoryBenchmark(), args);
  }

  @Override
  public Integer call() throws Exception {
    Path out = results.path();
    Files.createDirectories(out);

    Path work = Files.createTempDirectory("netdrift-swap-memory");
    ModelConfig config = new ModelConfig(kind, 16, 1, hidden, hidden, 6, 16, STEP_MS / 1000f);
    String[] keys = new String[links];
    for (int l = 0; l < links; l++) {
      keys[l] = "L" + l + "-X:L" + l + ">X";
    }
    long t0 = System.nanoTime();
    ModelDirectory base = trainBase(config, keys, work.resolve("base"));
    System.out.printf(
        Locale.ROOT,
        "base %s (hidden %d) trained in %.1f s; swapping %d times, sampling every %d%n",
        kind.id(),
        hidden,
        (System.nanoTime() - t0) / 1e9,
        swaps,
        sampleEvery);

    ModelStore store = new ModelStore(work.resolve("store"));
    // liquid arm: fine-tune every 4 samples, 1 epoch of 4 gradient steps, any improvement wins
    AdaptationPolicy policy =
        new AdaptationPolicy(
            AdaptationPolicy.Kind.LIQUID, 4, 48, 8, 160, 0.01f, 1, 4, 0.0, 6, 1.0, true);
    DeviceSelection cpu = DeviceSelection.parse("cpu");
    List<Sample> samples = new ArrayList<>();
    Map<String, LinkForecastState> states = new LinkedHashMap<>();
    long started = System.nanoTime();
    try (AdaptiveLane lane =
        new AdaptiveLane(
            "liquid",
            policy,
            0,
            store,
            base,
            dir -> ModelRegistry.load(dir.path(), cpu, engine),
            ModelFitter.reusingGraph(cpu),
            STEP_MS)) {
      ForecastBatch batch = new ForecastBatch(links, lane.window(), lane.stateSize(), 1);
      long step = 0;
      for (; step < 64; step++) {
        serve(lane, batch, keys, states, step);
      }
      for (String key : keys) {
        lane.markRegime(key, REGIME, LinkSamples.recentOf(states.get(key)), T0 + step * STEP_MS);
      }
      int swapped = 0;
      long retrains = 0;
      long rollbacks = 0;
      samples.add(measure(0, 0, 0, lane, started));
      printSample(samples.get(0), swaps);
      while (swapped < swaps) {
        for (AdaptationAction a : serve(lane, batch, keys, states, step++)) {
          if (!a.linkKey().equals(keys[0])) {
            continue; // one action per member link: count each once
          }
          switch (a.type()) {
            case MODEL_SWAPPED -> swapped++;
            case RETRAIN_STARTED -> retrains++;
            case ROLLBACK -> rollbacks++;
            default -> {}
          }
          if (a.type() == AdaptationAction.Type.MODEL_SWAPPED && swapped % sampleEvery == 0) {
            pruneStore(store, lane);
            Sample s = measure(swapped, retrains, rollbacks, lane, started);
            samples.add(s);
            printSample(s, swaps);
          }
        }
      }
    }
    FileUtils.deleteDirectory(work.toFile());

    Path csv = out.resolve(name + ".csv");
    Path png = out.resolve(name + ".png");
    Path md = out.resolve(name + ".md");
    writeCsv(samples, csv);
    writePlot(samples, png, kind, engine);
    String summary =
        summary(
            samples,
            warmupSwaps,
            kind,
            engine,
            hidden,
            links,
            BenchmarkLauncher.argLine(spec),
            csv,
            png);
    Files.writeString(md, summary);
    System.out.println();
    System.out.println(summary);
    return 0;
  }

  /** A few gradient steps on the links' sines: a base that is not trivially right. */
  private static ModelDirectory trainBase(ModelConfig config, String[] keys, Path dir)
      throws IOException {
    List<LinkSeries> series = new ArrayList<>();
    Map<String, Float> capacities = new LinkedHashMap<>();
    for (int l = 0; l < keys.length; l++) {
      int n = 600;
      long[] ts = new long[n];
      float[] load = new float[n];
      for (int i = 0; i < n; i++) {
        ts[i] = T0 - (n - i) * STEP_MS;
        load[i] = load(l, i, 300);
      }
      series.add(new LinkSeries(keys[l], ts, load));
      capacities.put(keys[l], 1000f);
    }
    TrainingConfig training =
        TrainingConfig.defaults().withEpochs(2, 40).withBatchSize(32).withTestFraction(0);
    TrainingResult result =
        ModelTrainer.train(config, training, series, capacities, DeviceSelection.CPU);
    return ModelDirectoryWriter.write(dir, result.metadata(), result.weights());
  }

  /**
   * Load of link {@code l} at step {@code i}: a daily-like sine (period 24 steps) around {@code
   * level}, plus a slow swell after the regime change so a fine-tuned candidate keeps having
   * something to learn.
   */
  private static float load(int l, long i, double level) {
    double swell = 1 + 0.4 * Math.sin(2 * Math.PI * i / 700.0);
    return (float) (level * swell * (1 + 0.5 * Math.sin(2 * Math.PI * i / 24.0 + 0.4 * l)));
  }

  /** One step of every link through the lane, as the forecast operator does it. */
  private static List<AdaptationAction> serve(
      AdaptiveLane lane,
      ForecastBatch batch,
      String[] keys,
      Map<String, LinkForecastState> states,
      long step) {
    List<AdaptationAction> actions = new ArrayList<>(lane.poll(0));
    long ts = T0 + step * STEP_MS;
    batch.rows = keys.length;
    for (int r = 0; r < keys.length; r++) {
      LinkForecastState s =
          states.computeIfAbsent(
              keys[r], k -> LinkForecastState.create(64, 1, 1, new int[] {lane.stateSize()}));
      float load = load(r, step, step < 64 ? 300 : 450);
      actions.addAll(lane.observe(keys[r], ts, load, 1000f, true));
      s.append(ts, load, 1000f);
      s.fillRow(batch, r, 0);
    }
    lane.forecast(batch, keys);
    for (int r = 0; r < keys.length; r++) {
      states.get(keys[r]).takeForecast(batch, r, 0, STEP_MS);
    }
    actions.addAll(lane.poll(0));
    return actions;
  }

  /**
   * Deletes the store directories of versions that neither serve nor can come back (all but the
   * serving version, its parent and grandparent: a rollback restores the parent): the job keeps
   * every version, a benchmark of 1,000 swaps need not fill the disk.
   */
  private static void pruneStore(ModelStore store, AdaptiveLane lane) throws IOException {
    Map<Long, Long> parentOf = new LinkedHashMap<>();
    for (var v : lane.versions()) {
      parentOf.put(v.version(), v.parentVersion());
    }
    long serving = lane.newestServingVersion();
    long parent = parentOf.getOrDefault(serving, -1L);
    long grandparent = parentOf.getOrDefault(parent, -1L);
    Path dir = store.directory("liquid", 0, 0).getParent();
    try (Stream<Path> children = Files.list(dir)) {
      for (Path child : (Iterable<Path>) children::iterator) {
        String n = child.getFileName().toString();
        if (n.matches("v\\d+")) {
          long v = Long.parseLong(n.substring(1));
          if (v != serving && v != parent && v != grandparent) {
            FileUtils.deleteDirectory(child.toFile());
          }
        }
      }
    }
  }

  private static Sample measure(
      int swaps, long retrains, long rollbacks, AdaptiveLane lane, long startedNanos)
      throws IOException {
    // garbage awaiting collection is not a leak: collect it (TF Java and DJL free natives on close,
    // JavaCPP pointers also when collected) before reading the resident set
    System.gc();
    System.gc();
    Map<String, Long> status = procStatusKb();
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1024;
    return new Sample(
        swaps,
        retrains,
        rollbacks,
        lane.loadedVersions().size(),
        (System.nanoTime() - startedNanos) / 1e9,
        status.getOrDefault("VmRSS", -1L),
        status.getOrDefault("RssAnon", -1L),
        heap,
        nmtCommittedKb());
  }

  private static Map<String, Long> procStatusKb() throws IOException {
    Map<String, Long> kb = new LinkedHashMap<>();
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      String[] parts = line.split("\\s+");
      if (parts.length >= 3 && parts[2].equals("kB")) {
        kb.put(parts[0].replace(":", ""), Long.parseLong(parts[1]));
      }
    }
    return kb;
  }

  /** The JVM's NMT total committed, kB; -1 without {@code -XX:NativeMemoryTracking}. */
  private static long nmtCommittedKb() {
    try {
      Object text =
          ManagementFactory.getPlatformMBeanServer()
              .invoke(
                  new ObjectName("com.sun.management:type=DiagnosticCommand"),
                  "vmNativeMemory",
                  new Object[] {new String[] {"summary"}},
                  new String[] {String[].class.getName()});
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("Total: reserved=(\\d+)KB, committed=(\\d+)KB")
              .matcher(text.toString());
      return m.find() ? Long.parseLong(m.group(2)) : -1;
    } catch (Exception e) {
      return -1;
    }
  }

  private static void printSample(Sample s, int swaps) {
    System.out.printf(
        Locale.ROOT,
        "[%6.1f s] swaps %4d/%d  retrains %4d  rollbacks %3d  loaded versions %4d  RSS %7.1f MB"
            + "  anon %7.1f MB  heap %6.1f MB  NMT %7.1f MB%n",
        s.seconds(),
        s.swaps(),
        swaps,
        s.retrains(),
        s.rollbacks(),
        s.loadedVersions(),
        s.rssKb() / 1024.0,
        s.rssAnonKb() / 1024.0,
        s.heapUsedKb() / 1024.0,
        s.nmtCommittedKb() / 1024.0);
  }

  private static void writeCsv(List<Sample> samples, Path csv) throws IOException {
    StringBuilder b =
        new StringBuilder(
            "swaps,retrains,rollbacks,loaded_versions,seconds,rss_kb,rss_anon_kb,heap_used_kb,"
                + "nmt_committed_kb\n");
    for (Sample s : samples) {
      b.append(
          String.format(
              Locale.ROOT,
              "%d,%d,%d,%d,%.1f,%d,%d,%d,%d%n",
              s.swaps(),
              s.retrains(),
              s.rollbacks(),
              s.loadedVersions(),
              s.seconds(),
              s.rssKb(),
              s.rssAnonKb(),
              s.heapUsedKb(),
              s.nmtCommittedKb()));
    }
    Files.writeString(csv, b);
  }

  private static void writePlot(List<Sample> samples, Path png, ModelKind kind, ServingEngine e)
      throws IOException {
    System.setProperty("java.awt.headless", "true");
    XYSeries rss = new XYSeries("VmRSS");
    XYSeries anon = new XYSeries("RssAnon");
    XYSeries nmt = new XYSeries("JVM NMT committed");
    for (Sample s : samples) {
      rss.add(s.swaps(), s.rssKb() / 1024.0);
      anon.add(s.swaps(), s.rssAnonKb() / 1024.0);
      if (s.nmtCommittedKb() >= 0) {
        nmt.add(s.swaps(), s.nmtCommittedKb() / 1024.0);
      }
    }
    XYSeriesCollection data = new XYSeriesCollection();
    data.addSeries(rss);
    data.addSeries(anon);
    if (nmt.getItemCount() > 0) {
      data.addSeries(nmt);
    }
    JFreeChart chart =
        ChartFactory.createXYLineChart(
            "Resident memory across model swaps (" + kind.id() + ", " + e + ")",
            "model swaps",
            "MB",
            data,
            PlotOrientation.VERTICAL,
            true,
            false,
            false);
    ChartUtils.saveChartAsPNG(png.toFile(), chart, 1000, 500);
  }

  /** Least-squares slope of RSS over swaps, in kB per 100 swaps, from {@code fromSwaps} on. */
  static double slopeKbPer100(List<Sample> samples, int fromSwaps, boolean anon) {
    List<Sample> after = samples.stream().filter(s -> s.swaps() >= fromSwaps).toList();
    if (after.size() < 2) {
      return Double.NaN;
    }
    double mx = after.stream().mapToDouble(Sample::swaps).average().orElseThrow();
    double my =
        after.stream().mapToDouble(s -> anon ? s.rssAnonKb() : s.rssKb()).average().orElseThrow();
    double sxy = 0;
    double sxx = 0;
    for (Sample s : after) {
      double y = anon ? s.rssAnonKb() : s.rssKb();
      sxy += (s.swaps() - mx) * (y - my);
      sxx += (s.swaps() - mx) * (s.swaps() - mx);
    }
    return 100 * sxy / sxx;
  }

  private static String summary(
      List<Sample> samples,
      int warmupSwaps,
      ModelKind kind,
      ServingEngine engine,
      int hidden,
      int links,
      String argLine,
      Path csv,
      Path png) {
    Sample first = samples.get(0);
    Sample warm = samples.stream().filter(s -> s.swaps() >= warmupSwaps).findFirst().orElse(first);
    Sample last = samples.get(samples.size() - 1);
    double slope = slopeKbPer100(samples, warmupSwaps, false);
    double slopeAnon = slopeKbPer100(samples, warmupSwaps, true);
    int half = warm.swaps() + (last.swaps() - warm.swaps()) / 2;
    double slopeSecondHalf = slopeKbPer100(samples, half, false);
    double growthAfterWarmUp = (last.rssKb() - warm.rssKb()) / 1024.0;
    // flat: after the warm-up, RSS grows by less than 1 MB per 100 swaps (a leaked SavedModel of
    // this size costs far more per swap: loaded versions would also count up)
    boolean flat = slope < 1024 && last.loadedVersions() <= Math.max(4, first.loadedVersions() + 3);
    StringBuilder b = new StringBuilder();
    b.append("# Resident memory across model swaps\n\n");
    b.append(
        String.format(
            Locale.ROOT,
            "%s, %d swaps of a %s model (hidden %d, %d links, served by %s): each swap is a real"
                + " retrain (TF Java, reused training graph), a SavedModel written to the store,"
                + " loaded for serving and swapped in by an `AdaptiveLane` (liquid policy, blocking"
                + " retrains), its predecessor run in shadow and then released.%n%n",
            Instant.now(),
            last.swaps(),
            kind.id(),
            hidden,
            links,
            engine));
    b.append("| | swaps | RSS MB | RssAnon MB | heap used MB | JVM NMT MB | loaded versions |\n");
    b.append("|---|---|---|---|---|---|---|\n");
    row(b, "start", first);
    row(b, "after warm-up", warm);
    row(b, "end", last);
    b.append(
        String.format(
            Locale.ROOT,
            "%nRSS slope after %d warm-up swaps (least squares over the samples): **%.1f kB per 100"
                + " swaps** (RssAnon %.1f kB; from swap %d on: %.1f kB); growth from warm-up to end"
                + " %.1f MB over %d swaps; %d retrains, %d rollbacks, %.0f s. Verdict: **%s**.%n%n",
            warm.swaps(),
            slope,
            slopeAnon,
            half,
            slopeSecondHalf,
            growthAfterWarmUp,
            last.swaps() - warm.swaps(),
            last.retrains(),
            last.rollbacks(),
            last.seconds(),
            flat ? "flat" : "growing"));
    b.append("Data: `")
        .append(csv)
        .append("`, plot: `")
        .append(png)
        .append("`. Reproduce (from the repository root, after `mvn -o -q -pl benchmarks -am")
        .append(" package -DskipTests`):\n\n```bash\n")
        .append("TF_CPP_MIN_LOG_LEVEL=1 java -Xms1g -Xmx1g -XX:+AlwaysPreTouch")
        .append(" -XX:NativeMemoryTracking=summary -Dai.djl.offline=true \\\n")
        .append("  -Dlog4j2.configurationFile=log4j2-cli.properties \\\n")
        .append(
            "  -cp benchmarks/target/classes:$(cat benchmarks/target/benchmarks.classpath) \\\n")
        .append("  io.netdrift.benchmarks.model.ModelSwapMemoryBenchmark ")
        .append(argLine)
        .append("\n```\n");
    return b.toString();
  }

  private static void row(StringBuilder b, String label, Sample s) {
    b.append(
        String.format(
            Locale.ROOT,
            "| %s | %d | %.1f | %.1f | %.1f | %s | %d |%n",
            label,
            s.swaps(),
            s.rssKb() / 1024.0,
            s.rssAnonKb() / 1024.0,
            s.heapUsedKb() / 1024.0,
            s.nmtCommittedKb() < 0
                ? "-"
                : String.format(Locale.ROOT, "%.1f", s.nmtCommittedKb() / 1024.0),
            s.loadedVersions()));
  }
}
