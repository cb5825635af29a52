package io.netdrift.core.model.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdrift.core.model.ModelConfig;
import io.netdrift.core.model.ModelKind;
import io.netdrift.core.model.ModelTestSupport;
import io.netdrift.core.model.ModelWeights;
import io.netdrift.core.model.runtime.DeviceSelection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A reused, reset training graph trains exactly as a new one (the adaptive lanes rely on it). */
class TrainingGraphReuseTest {

  @Test
  void aResetGraphGivesTheSameWeightsAsANewOne() {
    ModelConfig c = new ModelConfig(ModelKind.CFC, 4, 1, 6, 6, 1, 4, 300f);
    TrainingConfig t = TrainingConfig.defaults().withEpochs(2, 8).withTestFraction(0).withSeed(11);
    List<LinkSeries> links = ModelTestSupport.sines(2, 160, 24, 5);
    DeviceSelection cpu = DeviceSelection.parse("cpu");
    ModelWeights start = ModelTrainer.persistenceStart(c, 3);

    TrainingResult fresh = ModelTrainer.train(c, t, links, Map.of(), cpu, start);
    try (TrainingGraph graph = ModelTrainer.newGraph(c, t, cpu)) {
      // a first, different retrain leaves weights and Adam moments behind in the graph
      ModelTrainer.train(
          c, t.withSeed(99), ModelTestSupport.sines(2, 160, 12, 9), Map.of(), cpu, start, graph);
      TrainingResult reused = ModelTrainer.train(c, t, links, Map.of(), cpu, start, graph);
      for (String name : fresh.weights().asMap().keySet()) {
        assertThat(reused.weights().values(name))
            .as(name)
            .containsExactly(fresh.weights().values(name));
      }
      assertThat(reused.validationRmseMbps()).isEqualTo(fresh.validationRmseMbps());
    }
  }
}
