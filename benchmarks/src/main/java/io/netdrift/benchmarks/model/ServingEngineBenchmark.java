package io.netdrift.benchmarks.model;

import io.netdrift.benchmarks.harness.BenchmarkLauncher;
import io.netdrift.core.forecast.BatchForecaster;
import io.netdrift.core.forecast.ForecastBatch;
import io.netdrift.core.model.ModelArchitecture;
import io.netdrift.core.model.ModelConfig;
import io.netdrift.core.model.ModelDirectory;
import io.netdrift.core.model.ModelKind;
import io.netdrift.core.model.graph.ModelDirectoryWriter;
import io.netdrift.core.model.runtime.DeviceSelection;
import io.netdrift.core.model.runtime.ServingEngine;
import io.netdrift.core.model.serving.ModelRegistry;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Per-call cost of the default serving engine (DJL's TensorFlow engine) against a plain TF Java
 * session on the same SavedModel (issue 11: "bring the default engine within 1.2× of the session").
 *
 * <p>Both engines serve one model in one JVM and are timed in alternation: every round runs, for
 * each batch size, {@code --blocks} blocks of {@code --calls} calls per engine, the engine that
 * goes first switching from block to block, so both see the same machine load. A round yields one
 * median per-call time per engine and their ratio (DJL / session); the report gives the median and
 * the range of the per-round ratios. Absolute times move with the load of this shared machine; the
 * ratio is the result. Before the timing, both engines forecast the same batch and the largest
 * difference of their forecasts and states is reported.
 *
 * <pre>
 * java -cp benchmarks/target/classes:$(cat benchmarks/target/benchmarks.classpath) \
 *   io.netdrift.benchmarks.model.ServingEngineBenchmark [--batches 64,256,1024] [--rounds 5] \
 *   [--blocks 40] [--calls 10] [--warmup-seconds 3] [--hidden 32] [--model DIR] [--out FILE.md]
 * </pre>
 *
 * Without {@code --model} it serves an untrained CfC the way the job configures it (window 16,
 * horizon 1, 32 hidden and backbone units, 6 unfolds): the graph's cost does not depend on the
 * weights' values.
 */
@Command(
    name = "ServingEngineBenchmark",
    mixinStandardHelpOptions = true,
    description = "Per-call cost of DJL serving vs a TF Java session on one SavedModel.")
public final class ServingEngineBenchmark implements Callable<Integer> {

  /** One engine's per-call times (ns) within one round. */
  private static final class Timings {
    final long[] ns;
    int n;

    Timings(int capacity) {
      ns = new long[capacity];
    }

    double medianMicros() {
      long[] s = Arrays.copyOf(ns, n);
      Arrays.sort(s);
      return s[n / 2] / 1e3;
    }
  }

  @Option(
      names = "--batches",
      split = ",",
      defaultValue = "64,256,1024",
      description = "Rows per call (default: ${DEFAULT-VALUE}).")
  int[] batches;

  @Option(names = "--rounds", defaultValue = "5", description = "Rounds (default: 5).")
  int rounds;

  @Option(
      names = "--blocks",
      defaultValue = "40",
      description = "Blocks per engine, batch size and round (default: 40).")
  int blocks;

  @Option(names = "--calls", defaultValue = "10", description = "Calls per block (default: 10).")
  int calls;

  @Option(
      names = "--warmup-seconds",
      defaultValue = "3",
      description = "Warm-up of both engines (default: 3).")
  double warmupSeconds;

  @Option(
      names = "--hidden",
      defaultValue = "32",
      description = "Hidden units of the untrained CfC (default: 32).")
  int hidden;

  @Option(names = "--model", description = "A model directory to serve instead.")
  Path model;

  @Option(names = "--out", description = "Also write the report to this file.")
  Path out;

  @Spec CommandSpec spec;

  public static void main(String[] args) {
    BenchmarkLauncher.launch(new ServingEngineBenchmark(), args);
  }

  @Override
  public Integer call() throws Exception {
    Path modelDir;
    if (model != null) {
      modelDir = model;
    } else {
      ModelConfig c = new ModelConfig(ModelKind.CFC, 16, 1, hidden, hidden, 6, 16, 300f);
      modelDir = Files.createTempDirectory("netdrift-engines").resolve("cfc");
      ModelDirectoryWriter.write(
          modelDir, ModelBenchmark.untrained(c), ModelArchitecture.initialWeights(c, 1));
    }
    ModelConfig config = ModelDirectory.open(modelDir).metadata().config();

    StringBuilder r = new StringBuilder();
    double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    try (BatchForecaster djl =
            ModelRegistry.load(modelDir, DeviceSelection.CPU, ServingEngine.DJL);
        BatchForecaster session =
            ModelRegistry.load(modelDir, DeviceSelection.CPU, ServingEngine.TF_JAVA)) {
      List<ForecastBatch> djlBatches = new ArrayList<>();
      List<ForecastBatch> sessionBatches = new ArrayList<>();
      for (int b : batches) {
        djlBatches.add(ModelBenchmark.batch(b, config));
        sessionBatches.add(ModelBenchmark.batch(b, config));
      }
      double[] maxDiff = agreement(djl, session, djlBatches, sessionBatches);
      warmUp(djl, session, djlBatches, sessionBatches, warmupSeconds);

      double[][] ratio = new double[batches.length][rounds];
      double[][] djlMicros = new double[batches.length][rounds];
      double[][] sessionMicros = new double[batches.length][rounds];
      for (int round = 0; round < rounds; round++) {
        for (int k = 0; k < batches.length; k++) {
          // rotate the batch order so no size always follows the same one
          int i = (k + round) % batches.length;
          Timings td = new Timings(blocks * calls);
          Timings ts = new Timings(blocks * calls);
          for (int block = 0; block < blocks; block++) {
            boolean djlFirst = (block + round) % 2 == 0;
            run(
                djlFirst ? djl : session,
                djlFirst ? djlBatches.get(i) : sessionBatches.get(i),
                calls,
                djlFirst ? td : ts);
            run(
                djlFirst ? session : djl,
                djlFirst ? sessionBatches.get(i) : djlBatches.get(i),
                calls,
                djlFirst ? ts : td);
          }
          djlMicros[i][round] = td.medianMicros();
          sessionMicros[i][round] = ts.medianMicros();
          ratio[i][round] = djlMicros[i][round] / sessionMicros[i][round];
        }
        System.err.printf(Locale.ROOT, "round %d/%d done%n", round + 1, rounds);
      }
      double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
      report(
          r,
          BenchmarkLauncher.argLine(spec),
          config,
          batches,
          rounds,
          blocks,
          calls,
          loadBefore,
          loadAfter);
      r.append(
          "| rows per call | DJL / session (median of rounds) | per-round range |"
              + " DJL µs per call | session µs per call | max abs diff forecast / state |\n");
      r.append("|---:|---:|---|---:|---:|---|\n");
      for (int i = 0; i < batches.length; i++) {
        double[] s = ratio[i].clone();
        Arrays.sort(s);
        r.append(
            String.format(
                Locale.ROOT,
                "| %d | **%.2f** | %.2f-%.2f | %.1f | %.1f | %.1e / %.1e |%n",
                batches[i],
                median(ratio[i]),
                s[0],
                s[s.length - 1],
                median(djlMicros[i]),
                median(sessionMicros[i]),
                maxDiff[2 * i],
                maxDiff[2 * i + 1]));
      }
      r.append("\nPer round (DJL / session):\n\n");
      for (int i = 0; i < batches.length; i++) {
        StringBuilder line = new StringBuilder("- " + batches[i] + " rows:");
        for (int round = 0; round < rounds; round++) {
          line.append(
              String.format(
                  Locale.ROOT,
                  " %.2f (%.0f/%.0f µs)",
                  ratio[i][round],
                  djlMicros[i][round],
                  sessionMicros[i][round]));
        }
        r.append(line).append('\n');
      }
    }
    System.out.print(r);
    if (out != null) {
      Path p = out.toAbsolutePath();
      Files.createDirectories(p.getParent());
      Files.writeString(p, r.toString());
    }
    return 0;
  }

  /** Largest |DJL - session| of the forecasts and of the states, per batch size. */
  private static double[] agreement(
      BatchForecaster djl,
      BatchForecaster session,
      List<ForecastBatch> djlBatches,
      List<ForecastBatch> sessionBatches) {
    double[] out = new double[2 * djlBatches.size()];
    for (int i = 0; i < djlBatches.size(); i++) {
      ForecastBatch a = djlBatches.get(i);
      ForecastBatch b = sessionBatches.get(i);
      djl.forecast(a);
      session.forecast(b);
      for (int j = 0; j < a.rows * a.horizon; j++) {
        out[2 * i] = Math.max(out[2 * i], Math.abs(a.forecastMbps[j] - b.forecastMbps[j]));
      }
      for (int j = 0; j < a.rows * a.stateSize; j++) {
        out[2 * i + 1] = Math.max(out[2 * i + 1], Math.abs(a.stateOut[j] - b.stateOut[j]));
      }
    }
    return out;
  }

  private static void warmUp(
      BatchForecaster djl,
      BatchForecaster session,
      List<ForecastBatch> djlBatches,
      List<ForecastBatch> sessionBatches,
      double seconds) {
    long end = System.nanoTime() + (long) (seconds * 1e9);
    do {
      for (int i = 0; i < djlBatches.size(); i++) {
        djl.forecast(djlBatches.get(i));
        session.forecast(sessionBatches.get(i));
      }
    } while (System.nanoTime() < end);
  }

  private static void run(BatchForecaster f, ForecastBatch b, int calls, Timings t) {
    for (int c = 0; c < calls; c++) {
      long t0 = System.nanoTime();
      f.forecast(b);
      t.ns[t.n++] = System.nanoTime() - t0;
    }
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  private static void report(
      StringBuilder r,
      String argLine,
      ModelConfig c,
      int[] batches,
      int rounds,
      int blocks,
      int calls,
      double loadBefore,
      double loadAfter) {
    String args = argLine.isEmpty() ? "" : " " + argLine;
    r.append(
        String.format(
            Locale.ROOT,
            "# DJL serving vs TF Java session, per call (ServingEngineBenchmark)%n%n"
                + "- %s; %d cores, load average %.2f at the start, %.2f at the end; java %s%n"
                + "- model: %s, window %d (served %d), hidden %d, backbone %d, unfolds %d,"
                + " horizon %d; CPU%n"
                + "- %d rounds x %d blocks x %d calls per engine and batch size, engines"
                + " alternating block by block%n"
                + "- arguments:%s%n"
                + "- JVM flags: %s%n%n",
            Instant.now(),
            Runtime.getRuntime().availableProcessors(),
            loadBefore,
            loadAfter,
            System.getProperty("java.version"),
            c.kind().id(),
            c.window(),
            c.servingWindow(),
            c.hiddenUnits(),
            c.backboneUnits(),
            c.odeUnfolds(),
            c.horizon(),
            rounds,
            blocks,
            calls,
            args.length() == 0 ? " (defaults)" : args,
            String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments())));
  }
}
