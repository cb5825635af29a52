package io.netdrift.core.adaptation;

import io.netdrift.core.model.ModelConfig;
import io.netdrift.core.model.ModelWeights;
import io.netdrift.core.model.runtime.DeviceSelection;
import io.netdrift.core.model.training.LinkSeries;
import io.netdrift.core.model.training.ModelTrainer;
import io.netdrift.core.model.training.TrainingConfig;
import io.netdrift.core.model.training.TrainingGraph;
import io.netdrift.core.model.training.TrainingResult;
import java.util.List;
import java.util.Map;

/**
 * Fits a candidate from starting weights: {@code ModelTrainer.train} (TF Java graphs, on the job's
 * device) in the job; tests may pass something else. Called from one background thread per lane,
 * never concurrently; closed with the lane.
 */
@FunctionalInterface
public interface ModelFitter extends AutoCloseable {
  TrainingResult fit(
      ModelConfig config,
      TrainingConfig training,
      List<LinkSeries> links,
      Map<String, Float> capacities,
      ModelWeights start);

  @Override
  default void close() {}

  /**
   * {@code ModelTrainer.train} on one training graph built at the first retrain and reused, reset,
   * by every later one (building the graph of an unrolled liquid cell takes seconds, a retrain's
   * gradient steps milliseconds each).
   */
  static ModelFitter reusingGraph(DeviceSelection device) {
    return new ModelFitter() {
      private TrainingGraph graph;

      @Override
      public TrainingResult fit(
          ModelConfig config,
          TrainingConfig training,
          List<LinkSeries> links,
          Map<String, Float> capacities,
          ModelWeights start) {
        if (graph == null) {
          graph = ModelTrainer.newGraph(config, training, device);
        }
        return ModelTrainer.train(config, training, links, capacities, device, start, graph);
      }

      @Override
      public void close() {
        if (graph != null) {
          graph.close();
          graph = null;
        }
      }
    };
  }
}
