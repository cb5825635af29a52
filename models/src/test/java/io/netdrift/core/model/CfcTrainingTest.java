package io.netdrift.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdrift.core.model.runtime.DeviceSelection;
import io.netdrift.core.model.training.LinkSeries;
import io.netdrift.core.model.training.ModelTrainer;
import io.netdrift.core.model.training.TrainingConfig;
import io.netdrift.core.model.training.TrainingResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A tiny CfC learns a sine: the loss falls and it beats persistence on held-out steps. */
class CfcTrainingTest {

  @Test
  void trainingLowersLossAndBeatsPersistenceOnHeldOutSteps() {
    List<LinkSeries> links = ModelTestSupport.sines(3, 360, 24, 1);
    ModelConfig config = new ModelConfig(ModelKind.CFC, 8, 1, 8, 8, 6, 4, 300f);
    TrainingConfig training =
        TrainingConfig.defaults().withEpochs(8, 25).withBatchSize(32).withLearningRate(0.01f);
    TrainingResult r = ModelTrainer.train(config, training, links, DeviceSelection.CPU);
    assertThat(r.lastEpochLoss()).isLessThan(r.firstEpochLoss());
    assertThat(r.validation().rmse()).isLessThan(r.persistence().rmse());
    assertThat(r.validation().mape()).isLessThan(r.persistence().mape());
    assertThat(r.steps()).isPositive();

    // warm start (the incremental strategy's retraining): starts where the served model left off
    TrainingResult warm =
        ModelTrainer.train(
            config,
            training.withEpochs(1, 5),
            links,
            java.util.Map.of(),
            DeviceSelection.CPU,
            r.weights());
    assertThat(warm.firstEpochLoss()).isLessThan(r.firstEpochLoss());
  }
}
