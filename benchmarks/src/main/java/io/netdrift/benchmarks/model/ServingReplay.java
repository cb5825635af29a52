package io.netdrift.benchmarks.model;

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
public final class ServingReplay {
  public static void main(String[] args) throws Exception {
    Path csv = Path.of(args[0]);
    Path modelDir = Path.of(args[1]);
    double validationFraction = args.length > 2 ? Double.parseDouble(args[2]) : 0.2;
    ServingEngine engine = args.length > 3 ? ServingEngine.parse(args[3]) : ServingEngine.DJL;
    int fromStep = args.length > 5 ? Integer.parseInt(args[4]) : -1;
    int toStep = args.length > 5 ? Integer.parseInt(args[5]) : Integer.MAX_VALUE;
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
  }
}
