package io.netdrift.benchmarks.model;

import io.netdrift.benchmarks.harness.BenchmarkLauncher;
import io.netdrift.benchmarks.harness.OptionConverters.ServingEngineConverter;
import io.netdrift.core.forecast.BatchForecaster;
import io.netdrift.core.forecast.ForecastBatch;
import io.netdrift.core.model.ForecastMetrics;
import io.netdrift.core.model.runtime.DeviceSelection;
import io.netdrift.core.model.runtime.ServingEngine;
import io.netdrift.core.model.serving.ModelRegistry;
import io.netdrift.core.model.training.LinkLoadCsv;
import io.netdrift.core.model.training.LinkSeries;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Replays a telemetry CSV through a served model the way the stream operator does: every step, one
 * batched call for all link directions, state carried from call to call from the first sample (not
 * the training burn-in), capacity as scale. Scores the one-step forecasts on the last {@code
 * validationFraction} of each series against persistence, to check that serving reproduces the
 * training-time validation metrics.
 *
 * <pre>
 * java -cp $CP io.netdrift.benchmarks.model.ServingReplay DIR/link_load.csv MODEL_DIR [0.2] [djl|tf-java] \
 *     [FROM_STEP TO_STEP]   (score forecasts of steps FROM_STEP..TO_STEP-1 instead)
 * </pre>
 */
@Command(
    name = "ServingReplay",
    mixinStandardHelpOptions = true,
    description = "Replays a telemetry CSV through a served model, as the stream operator does.")
public final class ServingReplay implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "LINK_LOAD_CSV", description = "link_load.csv.")
  Path csv;

  @Parameters(index = "1", paramLabel = "MODEL_DIR", description = "The model directory.")
  Path modelDir;

  @Parameters(
      index = "2",
      arity = "0..1",
      paramLabel = "VALIDATION_FRACTION",
      defaultValue = "0.2",
      description = "Score the last fraction of each series (default: ${DEFAULT-VALUE}).")
  double validationFraction;

  @Parameters(
      index = "3",
      arity = "0..1",
      paramLabel = "ENGINE",
      defaultValue = "djl",
      converter = ServingEngineConverter.class,
      description = "djl or tf-java (default: ${DEFAULT-VALUE}).")
  ServingEngine engine;

  @Parameters(
      index = "4",
      arity = "0..1",
      paramLabel = "FROM_STEP",
      description = "With TO_STEP: score the forecasts of steps FROM_STEP..TO_STEP-1 instead.")
  Integer fromStepArg;

  @Parameters(
      index = "5",
      arity = "0..1",
      paramLabel = "TO_STEP",
      description = "End (exclusive) of the scored steps.")
  Integer toStepArg;

  @Spec CommandSpec spec;

  public static void main(String[] args) {
    BenchmarkLauncher.launch(new ServingReplay(), args);
  }

  @Override
  public Integer call() throws Exception {
    if (fromStepArg != null && toStepArg == null) {
      throw new ParameterException(spec.commandLine(), "FROM_STEP needs TO_STEP");
    }
    int fromStep = fromStepArg != null ? fromStepArg : -1;
    int toStep = toStepArg != null ? toStepArg : Integer.MAX_VALUE;
    List<LinkSeries> links = LinkLoadCsv.readLoads(csv, Set.of()).series();
    Map<String, Float> caps =
        LinkLoadCsv.readCapacities(csv.toAbsolutePath().resolveSibling("link_status.csv"));
    int n = links.size();
    int steps = links.get(0).size();
    try (BatchForecaster model = ModelRegistry.load(modelDir, DeviceSelection.AUTO, engine)) {
      int w = model.window();
      int h = model.stateSize();
      ForecastBatch b = new ForecastBatch(n, w, h, 1);
      b.rows = n;
      float[] state = new float[n * h];
      float[][] gaps = new float[n][];
      for (int l = 0; l < n; l++) {
        gaps[l] = links.get(l).gapSeconds();
      }
      ForecastMetrics.Accumulator served = new ForecastMetrics.Accumulator(1e-3);
      ForecastMetrics.Accumulator persistence = new ForecastMetrics.Accumulator(1e-3);
      long calls = 0;
      long nanos = 0;
      for (int t = 0; t < steps - 1; t++) {
        for (int l = 0; l < n; l++) {
          LinkSeries s = links.get(l);
          for (int k = 0; k < w; k++) {
            int idx = Math.max(0, t - w + 1 + k);
            b.historyMbps[l * w + k] = s.loadMbps()[idx];
            b.gapSeconds[l * w + k] = t - w + 1 + k < 0 ? 0f : gaps[l][idx];
          }
          b.lastTimestampMs[l] = s.timestampMs()[t];
          b.scaleMbps[l] = caps.getOrDefault(s.linkId(), 1f);
          b.available[l] = Math.min(w, t + 1);
        }
        System.arraycopy(state, 0, b.stateIn, 0, n * h);
        long t0 = System.nanoTime();
        model.forecast(b);
        nanos += System.nanoTime() - t0;
        calls++;
        System.arraycopy(b.stateOut, 0, state, 0, n * h);
        int target = t + 1;
        boolean scored =
            fromStep >= 0
                ? target >= fromStep && target < toStep
                : target >= (int) Math.floor(steps * (1 - validationFraction));
        if (scored) {
          for (int l = 0; l < n; l++) {
            double actual = links.get(l).loadMbps()[t + 1];
            served.add(b.forecastMbps[l], actual);
            persistence.add(links.get(l).loadMbps()[t], actual);
          }
        }
      }
      ForecastMetrics m = served.result();
      ForecastMetrics p = persistence.result();
      System.out.printf(
          Locale.ROOT,
          "%s v%d via %s, %d directions x %d steps, state carried from the first sample:%n"
              + "  served rmse %.3f Mbps mape %.2f%% | persistence rmse %.3f Mbps mape %.2f%%"
              + " (%d forecasts%s)%n  %d calls of %d rows, mean %.1f us per call%n",
          model.modelId(),
          model.modelVersion(),
          engine,
          n,
          steps,
          m.rmse(),
          m.mape(),
          p.rmse(),
          p.mape(),
          m.count(),
          fromStep >= 0 ? ", steps " + fromStep + ".." + (toStep - 1) : ", validation split",
          calls,
          n,
          nanos / 1e3 / calls);
    }
    return 0;
  }
}
