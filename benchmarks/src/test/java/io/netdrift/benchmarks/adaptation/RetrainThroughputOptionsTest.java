package io.netdrift.benchmarks.adaptation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** RetrainThroughputBenchmark's options (benchmarks/README.md), parsed; nothing is run. */
class RetrainThroughputOptionsTest {

  private static RetrainThroughputBenchmark parse(String... args) {
    RetrainThroughputBenchmark b = new RetrainThroughputBenchmark();
    new CommandLine(b).parseArgs(args);
    return b;
  }

  @Test
  void defaultsAreTheDocumentedOnes() {
    RetrainThroughputBenchmark b = parse();
    assertThat(b.dutyCycles).containsExactly(1.0, 0.5);
    assertThat(b.rounds).isEqualTo(2);
    assertThat(b.warmupRuns).isEqualTo(1);
    assertThat(b.episodes).isEqualTo(3);
    assertThat(b.quietSteps).isEqualTo(2400);
    assertThat(b.failedSteps).isEqualTo(300);
    assertThat(b.warmupSteps).isEqualTo(600);
    assertThat(b.windowSteps).isEqualTo(24);
    assertThat(b.trainDays).isEqualTo(3);
    assertThat(b.trainEpochs).isEqualTo(2);
    assertThat(b.trainStepsPerEpoch).isEqualTo(60);
    assertThat(b.hidden).isEqualTo(32);
    assertThat(b.cfc).isNull();
    assertThat(b.mlp).isNull();
    assertThat(b.modelsDir).isNull();
    assertThat(b.seed.value()).isEqualTo(7);
    assertThat(b.results.path()).isEqualTo(Path.of("benchmarks/results"));
    assertThat(b.name).isEqualTo("retrain-throughput");
    assertThat(b.jobFlags).isEmpty();
  }

  @Test
  void readmeCommandAndJobFlagsPassThroughInOrder() {
    RetrainThroughputBenchmark b =
        parse(
            "--duty-cycles",
            "1.0,0.5",
            "--model-engine",
            "tf-java",
            "--rounds",
            "1",
            "--cfc",
            "/tmp/nd-models/cfc",
            "--mlp",
            "/tmp/nd-models/mlp",
            "--liquid-update-steps",
            "8",
            "--out",
            "/tmp/variants",
            "--name",
            "default-again");
    assertThat(b.dutyCycles).containsExactly(1.0, 0.5);
    assertThat(b.rounds).isEqualTo(1);
    assertThat(b.cfc).isEqualTo("/tmp/nd-models/cfc");
    assertThat(b.mlp).isEqualTo("/tmp/nd-models/mlp");
    assertThat(b.results.path()).isEqualTo(Path.of("/tmp/variants"));
    assertThat(b.name).isEqualTo("default-again");
    assertThat(b.jobFlags)
        .containsExactly("--model-engine", "tf-java", "--liquid-update-steps", "8");
    b.checkJobFlags(); // known job flags: no exception
  }

  @Test
  void anUnknownFlagIsNeitherOursNorTheJobs() {
    RetrainThroughputBenchmark b = parse("--rounds", "1", "--no-such-flag", "3");
    assertThat(b.jobFlags).containsExactly("--no-such-flag", "3");
    assertThatThrownBy(b::checkJobFlags)
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageStartingWith("job flags: unknown option --no-such-flag");
    assertThatThrownBy(() -> parse("--rounds", "two"))
        .isInstanceOf(CommandLine.ParameterException.class);
  }
}
