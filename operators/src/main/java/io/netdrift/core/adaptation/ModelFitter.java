package io.netdrift.core.adaptation;

import io.netdrift.core.model.ModelConfig;
import io.netdrift.core.model.ModelWeights;
import io.netdrift.core.model.training.LinkSeries;
import io.netdrift.core.model.training.TrainingConfig;
import io.netdrift.core.model.training.TrainingResult;
import java.util.List;
import java.util.Map;

/**
 * Fits a candidate from starting weights: {@code ModelTrainer.train} (TF Java graphs, on the job's
 * device) in the job; tests may pass something cheaper.
 */
@FunctionalInterface
public interface ModelFitter {
  TrainingResult fit(
      ModelConfig config,
      TrainingConfig training,
      List<LinkSeries> links,
      Map<String, Float> capacities,
      ModelWeights start);
}
