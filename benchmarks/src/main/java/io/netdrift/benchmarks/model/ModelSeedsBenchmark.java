package io.netdrift.benchmarks.model;

import io.netdrift.benchmarks.harness.BenchmarkLauncher;
import io.netdrift.benchmarks.harness.OptionConverters.ModelKindConverter;
import io.netdrift.core.model.ModelConfig;
import io.netdrift.core.model.ModelKind;
import io.netdrift.core.model.runtime.DeviceSelection;
import io.netdrift.core.model.training.LinkLoadCsv;
import io.netdrift.core.model.training.LinkSeries;
import io.netdrift.core.model.training.ModelTrainer;
import io.netdrift.core.model.training.TrainingConfig;
import io.netdrift.core.model.training.TrainingResult;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Spread over seeds: trains every model kind with several seeds on the same simulator output (as
 * {@code ./netdrift train} does: train / validation / test by time, capacity normalisation from
 * {@code link_status.csv}) and reports per run the test RMSE against persistence, the validation
 * RMSE of the starting and the chosen weights, and per model the mean and spread (sample standard
 * deviation, min, max) of test RMSE relative to persistence. Optionally ({@code --cost-model})
 * measures what single-threaded (reproducible) training costs: steps/s with 1 TensorFlow thread
 * against TensorFlow's default pools, same model, same seed.
 *
 * <pre>
 * ./netdrift simulate --steps 2016 --seed 42 --out DIR        # a week of Euro28
 * mvn -B -q -o -pl benchmarks -am package -DskipTests
 * java -Xmx3g -Dai.djl.offline=true -cp benchmarks/target/classes:$(cat benchmarks/target/benchmarks.classpath) \
 *   io.netdrift.benchmarks.model.ModelSeedsBenchmark --input DIR/link_load.csv \
 *   [--models cfc,ltc,gru,mlp] [--seeds 1,2,3,4,5] [--epochs 4] [--steps-per-epoch 100] \
 *   [--max-links 82] [--cost-model cfc] [--out benchmarks/results/model-seeds.md]
 * </pre>
 */
@Command(
    name = "ModelSeedsBenchmark",
    mixinStandardHelpOptions = true,
    description = "Test RMSE against persistence of every model kind over several seeds.")
public final class ModelSeedsBenchmark implements Callable<Integer> {

  /** One training run. */
  record Run(
      ModelKind kind,
      long seed,
      double testRmse,
      double testPersistenceRmse,
      double startValidationRmse,
      double validationRmse,
      boolean kept,
      int bestEpoch,
      long steps,
      double seconds) {
    double ratio() {
      return testRmse / testPersistenceRmse;
    }
  }

  @Option(
      names = "--input",
      required = true,
      description = "link_load.csv of a simulator run (link_status.csv beside it).")
  Path input;

  @Option(
      names = "--models",
      split = ",",
      defaultValue = "cfc,ltc,gru,mlp",
      converter = ModelKindConverter.class,
      description = "Model kinds (default: ${DEFAULT-VALUE}).")
  List<ModelKind> models;

  @Option(
      names = "--seeds",
      split = "\\s*,\\s*",
      defaultValue = "1,2,3,4,5",
      description = "Seeds per model kind (default: ${DEFAULT-VALUE}).")
  List<Long> seeds;

  @Option(
      names = "--epochs",
      defaultValue = "4",
      description = "Most epochs per run (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(
      names = "--steps-per-epoch",
      defaultValue = "100",
      description = "Gradient steps per epoch (default: ${DEFAULT-VALUE}).")
  int stepsPerEpoch;

  @Option(
      names = "--max-links",
      defaultValue = "1000",
      description = "Most link directions, evenly spread (default: ${DEFAULT-VALUE}).")
  int maxLinks;

  @Option(
      names = "--cost-model",
      converter = ModelKindConverter.class,
      description = "Also measure this model's training steps/s with 1 TensorFlow thread.")
  ModelKind costModel;

  @Option(names = "--out", description = "Also write the report to this file.")
  Path out;

  @Spec CommandSpec spec;

  public static void main(String[] args) {
    BenchmarkLauncher.launch(new ModelSeedsBenchmark(), args);
  }

  @Override
  public Integer call() throws Exception {
    long t0 = System.nanoTime();
    List<LinkSeries> all = LinkLoadCsv.readLoads(input, new LinkedHashSet<>()).series();
    List<LinkSeries> links = spread(all, maxLinks);
    Map<String, Float> capacities =
        LinkLoadCsv.readCapacities(input.toAbsolutePath().resolveSibling("link_status.csv"));
    float step = 300f;
    progress(
        "loaded %d of %d link directions (%d samples each) in %.1f s; capacities: %d",
        links.size(),
        all.size(),
        links.get(0).size(),
        (System.nanoTime() - t0) / 1e9,
        capacities.size());

    StringBuilder r = new StringBuilder();
    r.append(
        String.format(
            Locale.ROOT,
            "# netdrift model spread over seeds, %s%n# %d cores, load average %.2f at start, java"
                + " %s%n",
            Instant.now(),
            Runtime.getRuntime().availableProcessors(),
            ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
            System.getProperty("java.version")));
    r.append(
        String.format(
            Locale.ROOT,
            "# data: %s, %d link directions x %d five-minute samples; split by time: train 60%%,"
                + " validation 20%% (chooses the epoch; the starting weights are a candidate),"
                + " test 20%% (last; reported)%n",
            input,
            links.size(),
            links.get(0).size()));
    r.append(
        String.format(
            Locale.ROOT,
            "# training: defaults of ./netdrift train (window 16, burn-in 16, hidden 32, ltc 16,"
                + " adam lr 0.005, batch 64, patience 4) but at most %d epochs x %d steps (sized"
                + " for a ~15 min run on 2 shared cores); CPU, one TensorFlow thread (reproducible)%n",
            epochs,
            stepsPerEpoch));
    r.append("# command: ModelSeedsBenchmark ")
        .append(BenchmarkLauncher.argLine(spec))
        .append("\n\n");
    r.append(
        "| model | seed | test RMSE (Mbps) | persistence | ratio | validation: start →"
            + " chosen (Mbps) | kept start | best epoch | steps | wall s |\n");
    r.append("|---|---|---|---|---|---|---|---|---|---|\n");
    List<Run> runs = new ArrayList<>();
    int total = models.size() * seeds.size();
    for (ModelKind kind : models) {
      for (long seed : seeds) {
        progress(
            "[%d/%d] training %s seed %d ... (%.0f s so far)",
            runs.size() + 1, total, kind.id(), seed, (System.nanoTime() - t0) / 1e9);
        Run run = train(kind, seed, links, capacities, step, epochs, stepsPerEpoch);
        runs.add(run);
        String line =
            String.format(
                Locale.ROOT,
                "| %s | %d | %.2f | %.2f | %.3f | %.2f → %.2f | %s | %d | %d | %.0f |%n",
                kind.id(),
                seed,
                run.testRmse(),
                run.testPersistenceRmse(),
                run.ratio(),
                run.startValidationRmse(),
                run.validationRmse(),
                run.kept() ? "yes" : "no",
                run.bestEpoch(),
                run.steps(),
                run.seconds());
        r.append(line);
        progress("  %s", line.trim());
      }
    }
    r.append("\n## Test RMSE over seeds (mean ± sample standard deviation, min .. max)\n\n");
    r.append(
        "| model | seeds | test RMSE (Mbps) | relative to persistence | worst seed | chosen ≤"
            + " start on validation |\n");
    r.append("|---|---|---|---|---|---|\n");
    for (ModelKind kind : models) {
      List<Run> mine = runs.stream().filter(x -> x.kind() == kind).toList();
      double[] rmse = mine.stream().mapToDouble(Run::testRmse).toArray();
      double[] ratio = mine.stream().mapToDouble(Run::ratio).toArray();
      long notWorse =
          mine.stream().filter(x -> x.validationRmse() <= x.startValidationRmse()).count();
      r.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %.2f ± %.2f | %.3f ± %.3f (%.3f .. %.3f) | %.3f | %d of %d |%n",
              kind.id(),
              mine.size(),
              mean(rmse),
              sd(rmse),
              mean(ratio),
              sd(ratio),
              min(ratio),
              max(ratio),
              max(ratio),
              notWorse,
              mine.size()));
    }
    if (!runs.isEmpty()) {
      r.append(
          String.format(
              Locale.ROOT,
              "%npersistence on the test split: %.2f Mbps%n",
              runs.get(0).testPersistenceRmse()));
    }
    if (costModel != null) {
      r.append("\n## What reproducibility costs (same model, data and seed)\n\n");
      r.append("| TensorFlow threads | steps/s | same weights as run 1 |\n");
      r.append("|---|---|---|\n");
      ModelKind kind = costModel;
      TrainingResult base = null;
      for (int threads : new int[] {1, 0, 1, 0}) {
        System.setProperty(ModelTrainer.TRAINING_THREADS, Integer.toString(threads));
        progress("cost: %s with %d TensorFlow threads (0 = default pools)", kind.id(), threads);
        TrainingResult res =
            ModelTrainer.train(
                config(kind, step),
                training(1, epochs, stepsPerEpoch),
                links,
                capacities,
                DeviceSelection.CPU,
                null);
        boolean same = base != null && sameWeights(base, res);
        if (base == null) {
          base = res;
        }
        r.append(
            String.format(
                Locale.ROOT,
                "| %s | %.1f | %s |%n",
                threads == 0
                    ? "TensorFlow default pools"
                    : "1 (ops in the calling thread; reproducible)",
                res.stepsPerSecond(),
                base == res ? "(run 1)" : same ? "yes" : "no"));
      }
      System.clearProperty(ModelTrainer.TRAINING_THREADS);
    }
    r.append(
        String.format(Locale.ROOT, "%ntotal wall time %.0f s%n", (System.nanoTime() - t0) / 1e9));
    System.out.print(r);
    if (out != null) {
      Files.createDirectories(out.toAbsolutePath().getParent());
      Files.writeString(out, r.toString());
      progress("wrote %s", out);
    }
    return 0;
  }

  private static Run train(
      ModelKind kind,
      long seed,
      List<LinkSeries> links,
      Map<String, Float> capacities,
      float step,
      int epochs,
      int stepsPerEpoch) {
    long start = System.nanoTime();
    TrainingResult res =
        ModelTrainer.train(
            config(kind, step),
            training(seed, epochs, stepsPerEpoch),
            links,
            capacities,
            DeviceSelection.CPU,
            null);
    return new Run(
        kind,
        seed,
        res.test().rmse(),
        res.testPersistence().rmse(),
        res.startValidationRmseMbps(),
        res.validationRmseMbps(),
        res.keptStartingWeights(),
        res.bestEpoch(),
        res.steps(),
        (System.nanoTime() - start) / 1e9);
  }

  private static ModelConfig config(ModelKind kind, float step) {
    int units = kind == ModelKind.LTC ? 16 : 32;
    return new ModelConfig(kind, 16, 1, units, units, 6, 16, step);
  }

  private static TrainingConfig training(long seed, int epochs, int stepsPerEpoch) {
    return TrainingConfig.defaults().withSeed(seed).withEpochs(epochs, stepsPerEpoch);
  }

  private static boolean sameWeights(TrainingResult a, TrainingResult b) {
    for (String name : a.weights().asMap().keySet()) {
      if (!java.util.Arrays.equals(a.weights().values(name), b.weights().values(name))) {
        return false;
      }
    }
    return true;
  }

  /** At most {@code max} series, evenly spread over the list (which is ordered by link). */
  private static List<LinkSeries> spread(List<LinkSeries> all, int max) {
    if (all.size() <= max) {
      return all;
    }
    List<LinkSeries> out = new ArrayList<>();
    for (int i = 0; i < max; i++) {
      out.add(all.get((int) ((long) i * all.size() / max)));
    }
    return out;
  }

  private static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s / v.length;
  }

  private static double sd(double[] v) {
    if (v.length < 2) {
      return 0;
    }
    double m = mean(v);
    double s = 0;
    for (double x : v) {
      s += (x - m) * (x - m);
    }
    return Math.sqrt(s / (v.length - 1));
  }

  private static double min(double[] v) {
    double m = Double.POSITIVE_INFINITY;
    for (double x : v) {
      m = Math.min(m, x);
    }
    return m;
  }

  private static double max(double[] v) {
    double m = Double.NEGATIVE_INFINITY;
    for (double x : v) {
      m = Math.max(m, x);
    }
    return m;
  }

  private static void progress(String format, Object... args) {
    System.err.println(String.format(Locale.ROOT, format, args));
    System.err.flush();
  }
}
