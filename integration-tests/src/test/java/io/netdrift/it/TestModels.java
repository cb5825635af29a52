package io.netdrift.it;

import io.netdrift.core.model.ModelConfig;
import io.netdrift.core.model.ModelDirectory;
import io.netdrift.core.model.ModelKind;
import io.netdrift.core.model.runtime.DeviceSelection;
import io.netdrift.core.model.training.LinkSeries;
import io.netdrift.core.model.training.ModelTrainer;
import io.netdrift.core.model.training.TrainingConfig;
import io.netdrift.core.model.training.TrainingResult;
import io.netdrift.core.network.Topology;
import io.netdrift.schema.LinkTelemetry;
import io.netdrift.simulator.SimulationStep;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Base models for the integration tests, trained in the JVM on simulated history. */
final class TestModels {
  private TestModels() {}

  /**
   * A tiny base model trained on the failure-free history (8 units, a few short epochs), each link
   * normalised by its capacity as the operator does when serving.
   */
  static Path trainBaseModel(
      List<SimulationStep> history, Topology topology, ModelKind kind, long stepMs, Path out) {
    Map<String, long[]> times = new LinkedHashMap<>();
    Map<String, float[]> loads = new LinkedHashMap<>();
    Map<String, Float> capacities = new LinkedHashMap<>();
    for (int d = 0; d < topology.directedLinkCount(); d++) {
      String key = topology.directedLink(d).key();
      times.put(key, new long[history.size()]);
      loads.put(key, new float[history.size()]);
      capacities.put(key, (float) topology.capacityMbps(d));
    }
    for (int i = 0; i < history.size(); i++) {
      for (LinkTelemetry t : history.get(i).telemetry()) {
        String key = t.getLinkId() + ":" + t.getSrcNode() + ">" + t.getDstNode();
        times.get(key)[i] = t.getTimestampMs();
        loads.get(key)[i] = (float) t.getLoadMbps();
      }
    }
    List<LinkSeries> series = new ArrayList<>();
    times.forEach((key, ts) -> series.add(new LinkSeries(key, ts, loads.get(key))));
    ModelConfig model =
        new ModelConfig(kind, 4, 1, 8, 8, 1, kind.recurrent() ? 4 : 0, stepMs / 1000f);
    TrainingConfig training = new TrainingConfig("adam", 0.01f, 64, 3, 30, 2, 0.2, 1f, 42L);
    TrainingResult result =
        ModelTrainer.train(model, training, series, capacities, DeviceSelection.parse("cpu"));
    try {
      ModelDirectory.write(out, result.metadata(), result.weights());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out;
  }
}
