package io.netdrift.benchmarks.adaptation;

import io.netdrift.core.model.ModelConfig;
import io.netdrift.core.model.ModelKind;
import io.netdrift.core.model.graph.ModelDirectoryWriter;
import io.netdrift.core.model.runtime.DeviceSelection;
import io.netdrift.core.model.training.LinkSeries;
import io.netdrift.core.model.training.ModelTrainer;
import io.netdrift.core.model.training.TrainingConfig;
import io.netdrift.core.model.training.TrainingResult;
import io.netdrift.core.network.DirectedLink;
import io.netdrift.schema.LinkTelemetry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The base models of the adaptive lanes, trained as {@code ./netdrift train} does ({@link
 * ModelTrainer#train} + {@link ModelDirectoryWriter#write}) on the failure-free training days of
 * the replay, one series per link direction, normalised by capacity.
 */
final class BaseModels {
  private BaseModels() {}

  /** Trains one model into {@code dir}; returns a one-line summary. */
  static String train(
      ModelKind kind,
      List<List<LinkTelemetry>> steps,
      long stepMs,
      int hidden,
      int epochs,
      int stepsPerEpoch,
      Path dir)
      throws IOException {
    Map<String, List<LinkTelemetry>> byLink = new LinkedHashMap<>();
    for (List<LinkTelemetry> step : steps) {
      for (LinkTelemetry t : step) {
        byLink
            .computeIfAbsent(
                DirectedLink.key(t.getLinkId(), t.getSrcNode(), t.getDstNode()),
                k -> new ArrayList<>())
            .add(t);
      }
    }
    List<LinkSeries> series = new ArrayList<>();
    Map<String, Float> capacities = new LinkedHashMap<>();
    for (Map.Entry<String, List<LinkTelemetry>> e : byLink.entrySet()) {
      List<LinkTelemetry> samples = e.getValue();
      long[] ts = new long[samples.size()];
      float[] load = new float[samples.size()];
      for (int i = 0; i < ts.length; i++) {
        ts[i] = samples.get(i).getTimestampMs();
        load[i] = (float) samples.get(i).getLoadMbps();
      }
      series.add(new LinkSeries(e.getKey(), ts, load));
      capacities.put(e.getKey(), (float) samples.get(0).getCapacityMbps());
    }
    ModelConfig config = new ModelConfig(kind, 16, 1, hidden, hidden, 6, 16, stepMs / 1000f);
    TrainingConfig training =
        new TrainingConfig("adam", 0.005f, 64, epochs, stepsPerEpoch, 4, 0.2, 1.5f, 42L);
    long t0 = System.nanoTime();
    TrainingResult result =
        ModelTrainer.train(config, training, series, capacities, DeviceSelection.CPU);
    ModelDirectoryWriter.write(dir, result.metadata(), result.weights());
    return String.format(
        Locale.ROOT,
        "%s (hidden %d) on %d directions x %d steps: %d gradient steps in %.1f s, validation rmse"
            + " %.1f Mbps vs persistence %.1f Mbps -> %s",
        kind.id(),
        hidden,
        series.size(),
        steps.size(),
        result.steps(),
        (System.nanoTime() - t0) / 1e9,
        result.validation().rmse(),
        result.persistence().rmse(),
        dir);
  }
}
