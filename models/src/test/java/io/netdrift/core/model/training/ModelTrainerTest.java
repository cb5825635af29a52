package io.netdrift.core.model.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.netdrift.core.model.ModelConfig;
import io.netdrift.core.model.ModelKind;
import io.netdrift.core.model.ModelTestSupport;
import io.netdrift.core.model.ModelWeights;
import io.netdrift.core.model.runtime.DeviceSelection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reproducibility, the starting weights as a candidate, and the time split of the trainer. */
class ModelTrainerTest {
  private static final ModelConfig CFC = new ModelConfig(ModelKind.CFC, 6, 1, 6, 6, 3, 3, 300f);
  private static final TrainingConfig QUICK =
      TrainingConfig.defaults().withEpochs(3, 8).withBatchSize(32).withLearningRate(0.01f);

  private static List<LinkSeries> links() {
    return ModelTestSupport.sines(2, 260, 24, 3);
  }

  @Test
  void sameSeedGivesIdenticalWeightsAndMetrics() {
    TrainingResult a = ModelTrainer.train(CFC, QUICK.withSeed(7), links(), DeviceSelection.CPU);
    TrainingResult b = ModelTrainer.train(CFC, QUICK.withSeed(7), links(), DeviceSelection.CPU);
    assertThat(a.keptStartingWeights()).isFalse();
    assertSameWeights(a.weights(), b.weights());
    assertThat(b.metricsJsonFields()).isEqualTo(a.metricsJsonFields());
    assertThat(b.test()).isEqualTo(a.test());
    assertThat(b.validation()).isEqualTo(a.validation());

    TrainingResult other = ModelTrainer.train(CFC, QUICK.withSeed(8), links(), DeviceSelection.CPU);
    assertThat(other.weights().values("bb_w")).isNotEqualTo(a.weights().values("bb_w"));
  }

  @Test
  void freshStartIsPersistenceAndTrainingNeverEndsWorseThanIt() {
    TrainingResult r = ModelTrainer.train(CFC, QUICK, links(), DeviceSelection.CPU);
    // zero readout: the untrained model forecasts the newest load
    assertThat(r.startValidationRmseMbps())
        .isCloseTo(r.persistence().rmse(), within(1e-4 * r.persistence().rmse()));
    assertThat(r.validationRmseMbps()).isLessThanOrEqualTo(r.startValidationRmseMbps());
  }

  @ParameterizedTest
  @CsvSource({"cfc", "ltc", "gru", "mlp"})
  void overFiveSeedsTheChosenWeightsAreNeverWorseThanTheStartOnValidation(String kind) {
    ModelConfig c = new ModelConfig(ModelKind.parse(kind), 4, 1, 4, 4, 2, 2, 300f);
    List<LinkSeries> links = ModelTestSupport.sines(2, 150, 24, 5);
    for (long seed = 1; seed <= 5; seed++) {
      TrainingConfig t =
          TrainingConfig.defaults().withEpochs(2, 3).withBatchSize(32).withSeed(seed);
      TrainingResult r = ModelTrainer.train(c, t, links, DeviceSelection.CPU);
      assertThat(r.validationRmseMbps())
          .as(kind + " seed " + seed)
          .isLessThanOrEqualTo(r.startValidationRmseMbps());
      if (r.keptStartingWeights()) {
        assertSameWeights(r.weights(), ModelTrainer.persistenceStart(c, seed));
      } else {
        assertThat(r.validationRmseMbps()).isLessThan(r.startValidationRmseMbps());
      }
    }
  }

  @Test
  void startingWeightsAreKeptWhenTrainingOnlyMakesThingsWorse() {
    TrainingResult good = ModelTrainer.train(CFC, QUICK, links(), DeviceSelection.CPU);
    assertThat(good.keptStartingWeights()).isFalse();
    assertThat(good.validationRmseMbps()).isLessThan(good.startValidationRmseMbps());
    // a learning rate this high throws the weights far off in the first steps
    TrainingConfig wild = QUICK.withLearningRate(0.9f).withEpochs(2, 5);
    TrainingResult warm =
        ModelTrainer.train(
            CFC, wild, links(), Map.of(), DeviceSelection.CPU, good.weights().copy());
    assertThat(warm.keptStartingWeights()).isTrue();
    assertThat(warm.bestEpoch()).isZero();
    assertSameWeights(warm.weights(), good.weights());
    assertThat(warm.validationRmseMbps()).isEqualTo(warm.startValidationRmseMbps());
    assertThat(warm.startValidationRmseMbps())
        .isCloseTo(good.validationRmseMbps(), within(1e-6 * good.validationRmseMbps()));

    TrainingResult fresh = ModelTrainer.train(CFC, wild, links(), DeviceSelection.CPU);
    assertThat(fresh.keptStartingWeights()).isTrue();
    assertSameWeights(fresh.weights(), ModelTrainer.persistenceStart(CFC, wild.seed()));
  }

  @Test
  void splitIsByTimeWithTheTestPartLast() {
    TrainingResult r = ModelTrainer.train(CFC, QUICK, links(), DeviceSelection.CPU);
    TimeSplit s = r.ranges();
    assertThat(s.train().to()).isBefore(s.validation().from());
    assertThat(s.validation().to()).isBefore(s.test().from());
    assertThat(s.test().to()).isEqualTo(java.time.Instant.ofEpochMilli(lastTimestamp(links())));
    assertThat(r.hasTest()).isTrue();
    assertThat(r.reportedModel()).isEqualTo(r.test());
    assertThat(r.metadata().validation()).isEqualTo(r.test());
    assertThat(r.metricsJsonFields().get("split")).isEqualTo("test");
    assertThat(r.metricsJsonFields().get("data"))
        .asInstanceOf(
            org.assertj.core.api.InstanceOfAssertFactories.map(String.class, Object.class))
        .extractingByKey("test")
        .asInstanceOf(
            org.assertj.core.api.InstanceOfAssertFactories.map(String.class, Object.class))
        .containsEntry("from", s.test().from().toString());

    TrainingResult noTest =
        ModelTrainer.train(CFC, QUICK.withTestFraction(0), links(), DeviceSelection.CPU);
    assertThat(noTest.hasTest()).isFalse();
    assertThat(noTest.reportedModel()).isEqualTo(noTest.validation());
    assertThat(noTest.ranges().validation().to()).isEqualTo(s.test().to());
    assertThat(noTest.metricsJsonFields().get("split")).isEqualTo("validation");
  }

  @Test
  void timeSplitCutsAllLinksAtTheSameTimes() {
    long t0 = ModelTestSupport.T0;
    // link B starts later and ends earlier than link A
    LinkSeries a = series("A", t0, 100);
    LinkSeries b = series("B", t0 + 20 * 300_000L, 60);
    TimeSplit s = TimeSplit.of(List.of(a, b), 0.2, 0.2);
    assertThat(s.trainEnd().get("A")).isEqualTo(60);
    assertThat(s.validationEnd().get("A")).isEqualTo(80);
    // the same cut times: B's index 40 is A's index 60
    assertThat(s.trainEnd().get("B")).isEqualTo(40);
    assertThat(s.validationEnd().get("B")).isEqualTo(60);
    assertThat(s.test().from()).isEqualTo(java.time.Instant.ofEpochMilli(t0 + 80 * 300_000L));
    TimeSplit none = TimeSplit.of(List.of(a, b), 0.2, 0);
    assertThat(none.validationEnd().get("A")).isEqualTo(100);
    assertThat(none.test().from()).isNull();
  }

  private static LinkSeries series(String id, long from, int n) {
    long[] ts = new long[n];
    float[] load = new float[n];
    for (int i = 0; i < n; i++) {
      ts[i] = from + i * 300_000L;
      load[i] = 100 + i;
    }
    return new LinkSeries(id, ts, load);
  }

  private static long lastTimestamp(List<LinkSeries> links) {
    long last = Long.MIN_VALUE;
    for (LinkSeries l : links) {
      last = Math.max(last, l.timestampMs()[l.size() - 1]);
    }
    return last;
  }

  private static void assertSameWeights(ModelWeights a, ModelWeights b) {
    assertThat(b.asMap().keySet()).containsExactlyElementsOf(a.asMap().keySet());
    for (String name : a.asMap().keySet()) {
      assertThat(b.values(name)).as(name).containsExactly(a.values(name));
    }
  }
}
