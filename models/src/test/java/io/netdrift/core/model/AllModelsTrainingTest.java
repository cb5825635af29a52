package io.netdrift.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.netdrift.core.forecast.BatchForecaster;
import io.netdrift.core.forecast.ForecastBatch;
import io.netdrift.core.model.graph.ModelDirectoryWriter;
import io.netdrift.core.model.reference.ReferenceForecaster;
import io.netdrift.core.model.runtime.DeviceSelection;
import io.netdrift.core.model.serving.ModelRegistry;
import io.netdrift.core.model.training.LinkSeries;
import io.netdrift.core.model.training.ModelTrainer;
import io.netdrift.core.model.training.TrainingConfig;
import io.netdrift.core.model.training.TrainingResult;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every family (and both optimizers) trains on a sine, beats persistence on held-out steps, and
 * serves the trained weights through DJL exactly as the plain-Java reference computes them.
 */
class AllModelsTrainingTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @CsvSource({"ltc,adam", "gru,adam", "mlp,adam", "cfc,adabelief"})
  void trainsBeatsPersistenceAndServesTheTrainedWeights(String model, String optimizer)
      throws Exception {
    List<LinkSeries> links = ModelTestSupport.sines(2, 300, 24, 3);
    ModelConfig config = new ModelConfig(ModelKind.parse(model), 6, 1, 6, 6, 3, 3, 300f);
    TrainingConfig training =
        TrainingConfig.defaults()
            .withOptimizer(optimizer)
            .withEpochs(8, 20)
            .withBatchSize(32)
            .withLearningRate(0.01f);
    TrainingResult r = ModelTrainer.train(config, training, links, DeviceSelection.CPU);
    assertThat(r.lastEpochLoss()).isLessThan(r.firstEpochLoss());
    assertThat(r.validation().rmse()).isLessThan(r.persistence().rmse());

    Path dir = tmp.resolve(model);
    ModelDirectoryWriter.write(dir, r.metadata(), r.weights());
    ForecastBatch served = ModelTestSupport.randomBatch(5, config, 8);
    ForecastBatch expected = ModelTestSupport.randomBatch(5, config, 8);
    try (BatchForecaster f = ModelRegistry.load(dir, DeviceSelection.AUTO)) {
      f.forecast(served);
    }
    new ReferenceForecaster(config, ModelDirectory.open(dir).weights(), 1).forecast(expected);
    for (int i = 0; i < 5; i++) {
      assertThat(served.forecastMbps[i])
          .isCloseTo(expected.forecastMbps[i], within(1e-4f * served.scaleMbps[i]));
    }
  }
}
