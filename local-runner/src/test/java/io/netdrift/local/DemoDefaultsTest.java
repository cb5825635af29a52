package io.netdrift.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdrift.core.network.BuiltInTopologies;
import io.netdrift.core.network.Topology;
import io.netdrift.job.config.JobConfig;
import io.netdrift.simulator.NetworkSimulator;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The demo's defaults: its lanes, when the user chose them, and what its base models hang on. */
class DemoDefaultsTest {

  @Test
  void defaultLanesServeTheBaseModelsAndValidate() {
    List<String> lanes =
        DemoLanes.defaultStrategies(Path.of("/m/cfc"), Path.of("/m/mlp"), JobConfig.defaults());

    assertThat(lanes)
        .startsWith(
            "persistence",
            "seasonal-naive",
            "static=/m/cfc",
            "liquid=/m/cfc",
            "incremental=/m/mlp",
            DemoLanes.HYBRID_LANE);
    assertThat(DemoLanes.acceptedByJobConfig(lanes, JobConfig.defaults())).isTrue();
    // the hybrid needs both members
    assertThat(
            DemoLanes.acceptedByJobConfig(
                List.of("persistence", DemoLanes.HYBRID_LANE), JobConfig.defaults()))
        .isFalse();
  }

  @Test
  void aRejectedLaneListIsNotAccepted() {
    assertThat(
            DemoLanes.acceptedByJobConfig(
                List.of("persistence", "no-such-lane"), JobConfig.defaults()))
        .isFalse();
  }

  @Test
  void theUserChoosesTheLanesWithAFlagInEitherSpelling() throws Exception {
    assertThat(DemoLanes.namesStrategies(JobConfig.fromArgs("--parallelism", "2"))).isFalse();
    assertThat(DemoLanes.namesStrategies(JobConfig.fromArgs("--strategies", "persistence")))
        .isTrue();
    assertThat(DemoLanes.namesStrategies(JobConfig.fromArgs("--strategies=persistence"))).isTrue();
    // even when the list given equals the job's default
    assertThat(
            DemoLanes.namesStrategies(
                JobConfig.fromArgs("--strategies", "persistence,seasonal-naive")))
        .isTrue();
    java.nio.file.Path file = java.nio.file.Files.createTempFile("netdrift-demo", ".yaml");
    java.nio.file.Files.writeString(file, "strategies: [persistence]\n");
    assertThat(DemoLanes.namesStrategies(JobConfig.fromArgs("--config", file.toString())))
        .as("set in a config file")
        .isTrue();
    java.nio.file.Files.delete(file);
  }

  @Test
  void theBaseModelKeyFollowsWhatChangesTheModels() {
    Topology network =
        NetworkSimulator.builder()
            .topology(BuiltInTopologies.builtInOrFile("abilene"))
            .maxSteps(1)
            .build()
            .topology();
    Instant start = NetworkSimulator.Builder.DEFAULT_START;
    var settings = new DemoBaseModels.Settings(network, Duration.ofMinutes(15), start, 672, 42);
    String key = BaseModelCache.key(DemoBaseModels.keyInputs(settings));

    assertThat(BaseModelCache.key(DemoBaseModels.keyInputs(settings))).isEqualTo(key);
    assertThat(
            BaseModelCache.key(
                DemoBaseModels.keyInputs(
                    new DemoBaseModels.Settings(network, Duration.ofMinutes(15), start, 672, 43))))
        .isNotEqualTo(key);
    assertThat(
            BaseModelCache.key(
                DemoBaseModels.keyInputs(
                    new DemoBaseModels.Settings(network, Duration.ofMinutes(5), start, 672, 42))))
        .isNotEqualTo(key);
    assertThat(
            BaseModelCache.key(
                DemoBaseModels.keyInputs(
                    new DemoBaseModels.Settings(network, Duration.ofMinutes(15), start, 96, 42))))
        .isNotEqualTo(key);
    // the history is failure-free, ends where the live run starts and has another seed
    assertThat(settings.historyStart()).isEqualTo(start.minus(Duration.ofMinutes(15 * 672)));
    assertThat(settings.historySeed()).isNotEqualTo(42);
  }
}
