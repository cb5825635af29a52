package io.netdrift.it;

import io.netdrift.core.model.ModelConfig;
import io.netdrift.core.model.ModelKind;
import io.netdrift.core.model.graph.ModelDirectoryWriter;
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

/** Base models for the integration tests' trained lanes, cheap enough to train in each test. */
final class BaseModelSupport {
  private BaseModelSupport() {}

  /** The simulator's next {@code steps} steps: the failure-free history base models learn from. */
  static List<SimulationStep> history(io.netdrift.simulator.NetworkSimulator simulator, int steps) {
    List<SimulationStep> history = new ArrayList<>();
    for (int i = 0; i < steps; i++) {
      history.add(simulator.next());
    }
    return history;
  }

  /**
   * A tiny base model ({@code kind}) trained on the failure-free history (8 units, a few short
   * epochs), each link normalised by its capacity as the operator does when serving.
   */
  static Path trainTiny(
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
      ModelDirectoryWriter.write(out, result.metadata(), result.weights());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out;
  }

  /**
   * The job flags of all five lanes on these base models, with quick adaptation (a liquid update
   * every 2 steps, incremental batches of 4, 24 replayed steps, trainers at half duty) on the CPU.
   */
  static String[] allLanesFlags(
      String topology, long stepMs, Path cfc, Path mlp, Path store, String... more) {
    List<String> flags =
        new java.util.ArrayList<>(
            List.of(
                "--topology",
                topology,
                "--step-ms",
                String.valueOf(stepMs),
                "--strategies",
                "persistence,static=" + cfc + ",liquid=" + cfc + ",incremental=" + mlp + ",hybrid",
                "--model-store-dir",
                store.toString(),
                "--model-device",
                "cpu",
                "--liquid-update-steps",
                "2",
                "--incremental-batch-steps",
                "4",
                "--replay-steps",
                "24",
                "--training-duty-cycle",
                "0.5"));
    flags.addAll(List.of(more));
    return flags.toArray(String[]::new);
  }
}
