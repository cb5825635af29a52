package io.netdrift.benchmarks.model;

import io.netdrift.benchmarks.harness.BenchmarkLauncher;
import io.netdrift.benchmarks.harness.OptionConverters.ModelKindConverter;
import io.netdrift.core.forecast.BatchForecaster;
import io.netdrift.core.forecast.ForecastBatch;
import io.netdrift.core.forecast.PersistenceForecaster;
import io.netdrift.core.model.ForecastMetrics;
import io.netdrift.core.model.ModelArchitecture;
import io.netdrift.core.model.ModelConfig;
import io.netdrift.core.model.ModelKind;
import io.netdrift.core.model.ModelMetadata;
import io.netdrift.core.model.ModelWeights;
import io.netdrift.core.model.graph.ModelDirectoryWriter;
import io.netdrift.core.model.reference.ReferenceForecaster;
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
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

/**
 * Measured harness for the forecasters: rows per second and per-call latency of one prediction step
 * (DJL + TensorFlow SavedModel, one call per batch) for batch sizes 1, 64, 1024 and 16384, against
 * the plain-Java reference of the same equations and persistence in the same run; and training
 * steps per second (TF Java graph, batch 64).
 *
 * <pre>
 * mvn -B -q -o package -DskipTests -pl benchmarks -am
 * java -cp benchmarks/target/netdrift-benchmarks-0.1.0-SNAPSHOT.jar:$(cat benchmarks/target/benchmarks.classpath) \
 *   io.netdrift.benchmarks.model.ModelBenchmark [serving|training|all] [--models cfc,ltc,gru,mlp] \
 *   [--batches 1,64,1024,16384] [--seconds 1.5] [--hidden 32] [--out benchmarks/results/model-serving.txt]
 * </pre>
 *
 * Numbers are wall-clock on a shared machine: compare rows within one run, not across runs.
 */
@Command(
    name = "ModelBenchmark",
    mixinStandardHelpOptions = true,
    description = "Serving rows/s and latency, and training steps/s, of the forecasters.")
public final class ModelBenchmark implements Callable<Integer> {
  private static final int REFERENCE_MAX_ROWS = 1024;

  /** What to measure: the positional {@code serving}, {@code training} or {@code all}. */
  enum Mode {
    SERVING,
    TRAINING,
    ALL;

    boolean serving() {
      return this != TRAINING;
    }

    boolean training() {
      return this != SERVING;
    }
  }

  /** {@code serving}, {@code training} or {@code all}, any case. */
  static final class ModeConverter implements ITypeConverter<Mode> {
    @Override
    public Mode convert(String value) {
      for (Mode m : Mode.values()) {
        if (m.name().equalsIgnoreCase(value)) {
          return m;
        }
      }
      throw new TypeConversionException(
          "mode must be serving, training or all; was '" + value + "'");
    }
  }

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "MODE",
      defaultValue = "all",
      converter = ModeConverter.class,
      description = "serving, training or all (default: ${DEFAULT-VALUE}).")
  Mode mode;

  @Option(
      names = "--models",
      split = ",",
      defaultValue = "cfc,ltc,gru,mlp",
      converter = ModelKindConverter.class,
      description = "Model kinds (default: ${DEFAULT-VALUE}).")
  List<ModelKind> models;

  @Option(
      names = "--batches",
      split = ",",
      defaultValue = "1,64,1024,16384",
      description = "Rows per serving call (default: ${DEFAULT-VALUE}).")
  int[] batches;

  @Option(
      names = "--seconds",
      defaultValue = "1.5",
      description = "Timed seconds per model, engine and batch size (default: ${DEFAULT-VALUE}).")
  double seconds;

  @Option(
      names = "--hidden",
      defaultValue = "32",
      description = "Hidden units of the served models (default: ${DEFAULT-VALUE}).")
  int hidden;

  @Option(
      names = "--steps",
      defaultValue = "60",
      description = "Training steps per model and optimizer (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--out", description = "Also write the report to this file.")
  Path out;

  public static void main(String[] args) {
    BenchmarkLauncher.launch(new ModelBenchmark(), args);
  }

  @Override
  public Integer call() throws IOException {
    StringBuilder report = new StringBuilder();
    header(report);
    if (mode.serving()) {
      serving(report, models, batches, seconds, hidden);
    }
    if (mode.training()) {
      training(report, models, steps);
    }
    System.out.print(report);
    if (out != null) {
      Files.createDirectories(out.toAbsolutePath().getParent());
      Files.writeString(out, report.toString());
    }
    return 0;
  }

  private static void header(StringBuilder r) {
    r.append(
        String.format(
            Locale.ROOT,
            "# netdrift model benchmark %s%n# %s cores, load average %.2f, java %s%n",
            Instant.now(),
            Runtime.getRuntime().availableProcessors(),
            ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
            System.getProperty("java.version")));
  }

  static void serving(
      StringBuilder r, List<ModelKind> models, int[] batches, double seconds, int hidden)
      throws IOException {
    r.append(
        "# serving: window 16 (MLP; recurrent models take 1 new sample + state), hidden "
            + hidden
            + ", horizon 1; SavedModel on CPU, one call per batch\n");
    r.append(
        "# reference = same equations in plain Java, row by row (measured on at most "
            + REFERENCE_MAX_ROWS
            + " rows)\n");
    r.append(
        String.format(
            Locale.ROOT,
            "%-6s %-12s %7s %14s %12s %12s %12s%n",
            "model",
            "engine",
            "batch",
            "rows/s",
            "mean_us",
            "p50_us",
            "p99_us"));
    Path tmp = Files.createTempDirectory("netdrift-bench");
    for (ModelKind kind : models) {
      ModelConfig c = new ModelConfig(kind, 16, 1, hidden, hidden, 6, 16, 300f);
      ModelWeights w = ModelArchitecture.initialWeights(c, 1);
      Path dir = tmp.resolve(kind.id());
      ModelDirectoryWriter.write(dir, untrained(c), w);
      try (BatchForecaster djl = ModelRegistry.load(dir, DeviceSelection.CPU);
          BatchForecaster tfJava =
              ModelRegistry.load(dir, DeviceSelection.CPU, ServingEngine.TF_JAVA)) {
        BatchForecaster ref = new ReferenceForecaster(c, w, 1);
        for (int b : batches) {
          ForecastBatch batch = batch(b, c);
          line(r, kind.id(), "djl-tf", b, measure(djl, batch, seconds));
          line(r, kind.id(), "tfjava-sess", b, measure(tfJava, batch, seconds));
          ForecastBatch refBatch = batch(Math.min(b, REFERENCE_MAX_ROWS), c);
          line(r, kind.id(), "java-ref", b, measure(ref, refBatch, seconds));
        }
      }
      System.err.println("done: " + kind.id());
    }
    ModelConfig pc = new ModelConfig(ModelKind.MLP, 1, 1, 1, 1, 1, 0, 300f);
    for (int b : batches) {
      line(r, "persist", "java", b, measure(new PersistenceForecaster(), batch(b, pc), seconds));
    }
  }

  static ModelMetadata untrained(ModelConfig c) {
    Instant t = Instant.now();
    ForecastMetrics none = new ForecastMetrics(Double.NaN, Double.NaN, 0);
    return new ModelMetadata(
        ModelMetadata.FORMAT_VERSION, 1, c, "none", t, t, t, t, Map.of(), 0, 0, none, none);
  }

  static ForecastBatch batch(int rows, ModelConfig c) {
    SplittableRandom rnd = new SplittableRandom(rows);
    ForecastBatch b = new ForecastBatch(rows, c.servingWindow(), c.stateSize(), 1);
    b.rows = rows;
    for (int i = 0; i < rows * c.servingWindow(); i++) {
      b.historyMbps[i] = (float) (rnd.nextDouble() * 1000);
      b.gapSeconds[i] = 300f;
    }
    for (int i = 0; i < rows; i++) {
      b.scaleMbps[i] = 1000f;
      b.available[i] = c.servingWindow();
      b.lastTimestampMs[i] = 1_767_225_600_000L + i * 300_000L;
    }
    for (int i = 0; i < b.stateIn.length; i++) {
      b.stateIn[i] = (float) (rnd.nextDouble() - 0.5);
    }
    return b;
  }

  /** Per-call latencies in ns: warm-up, then calls until {@code seconds} elapsed (≥ 5 calls). */
  private static long[] measure(BatchForecaster f, ForecastBatch b, double seconds) {
    long warmEnd = System.nanoTime() + (long) (seconds * 0.3e9);
    int warm = 0;
    while (warm < 3 || System.nanoTime() < warmEnd) {
      f.forecast(b);
      warm++;
    }
    long[] lat = new long[200_000];
    int n = 0;
    long end = System.nanoTime() + (long) (seconds * 1e9);
    while ((n < 5 || System.nanoTime() < end) && n < lat.length) {
      long t0 = System.nanoTime();
      f.forecast(b);
      lat[n++] = System.nanoTime() - t0;
    }
    return Arrays.copyOf(lat, n);
  }

  private static void line(StringBuilder r, String model, String engine, int batch, long[] lat) {
    long[] s = lat.clone();
    Arrays.sort(s);
    double mean = Arrays.stream(s).average().orElse(Double.NaN);
    int rowsPerCall = engine.equals("java-ref") ? Math.min(batch, REFERENCE_MAX_ROWS) : batch;
    r.append(
        String.format(
            Locale.ROOT,
            "%-6s %-12s %7d %14.0f %12.1f %12.1f %12.1f%n",
            model,
            engine,
            batch,
            rowsPerCall / (mean / 1e9),
            mean / 1e3,
            s[s.length / 2] / 1e3,
            s[Math.min(s.length - 1, (int) Math.ceil(s.length * 0.99) - 1)] / 1e3));
  }

  static void training(StringBuilder r, List<ModelKind> models, int steps) {
    r.append(
        "# training: TF Java graph, batch 64, window 16 + burn-in 16 (MLP: 16), hidden 32,"
            + " CPU; 8 sine links x 1500 samples\n");
    r.append(
        String.format(
            Locale.ROOT,
            "%-6s %-10s %8s %12s %14s %14s%n",
            "model",
            "optimizer",
            "steps",
            "steps/s",
            "val_rmse",
            "persist_rmse"));
    List<LinkSeries> links = sines(8, 1500, 96);
    for (ModelKind kind : models) {
      for (String opt : kind == ModelKind.CFC ? List.of("adam", "adabelief") : List.of("adam")) {
        ModelConfig c = new ModelConfig(kind, 16, 1, 32, 32, 6, 16, 300f);
        TrainingConfig t =
            TrainingConfig.defaults()
                .withOptimizer(opt)
                .withEpochs(3, Math.max(1, steps / 3))
                .withBatchSize(64);
        TrainingResult res = ModelTrainer.train(c, t, links, DeviceSelection.CPU);
        r.append(
            String.format(
                Locale.ROOT,
                "%-6s %-10s %8d %12.1f %14.3f %14.3f%n",
                kind.id(),
                opt,
                res.steps(),
                res.stepsPerSecond(),
                res.validation().rmse(),
                res.persistence().rmse()));
      }
    }
  }

  static List<LinkSeries> sines(int links, int samples, int period) {
    SplittableRandom rnd = new SplittableRandom(7);
    List<LinkSeries> out = new ArrayList<>();
    for (int l = 0; l < links; l++) {
      long[] ts = new long[samples];
      float[] load = new float[samples];
      double phase = rnd.nextDouble() * 6.283;
      for (int i = 0; i < samples; i++) {
        ts[i] = 1_767_225_600_000L + i * 300_000L;
        load[i] =
            (float)
                (500
                    + 50 * l
                    + 300 * Math.sin(2 * Math.PI * i / period + phase)
                    + rnd.nextGaussian() * 5);
      }
      out.add(new LinkSeries("L" + l, ts, load));
    }
    return out;
  }
}
