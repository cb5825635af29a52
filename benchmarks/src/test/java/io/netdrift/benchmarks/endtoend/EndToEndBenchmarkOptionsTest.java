package io.netdrift.benchmarks.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The options documented in benchmarks/README.md, parsed as picocli parses them. */
class EndToEndBenchmarkOptionsTest {

  private static EndToEndBenchmark parse(String... args) {
    EndToEndBenchmark command = new EndToEndBenchmark();
    new CommandLine(command).parseArgs(args);
    return command;
  }

  @Test
  void defaultsAreTheDocumentedOnes() {
    EndToEndBenchmark b = parse();
    assertThat(b.steps).isEqualTo(1500);
    assertThat(b.repetitions).isEqualTo(2);
    assertThat(b.out.path()).isEqualTo(Path.of("benchmarks/results"));
    assertThat(b.parallelism).isEqualTo(1);
    assertThat(b.checkpointInterval.millis()).isEqualTo(1000);
    assertThat(b.seed.value()).isEqualTo(7);
    assertThat(b.shared).isFalse();
    assertThat(b.warmupSteps).isEqualTo(300);
    assertThat(b.jobs)
        .containsExactly(EndToEndJob.PASSTHROUGH, EndToEndJob.FAIR, EndToEndJob.NETDRIFT);
    assertThat(b.lanes).isEqualTo(NetdriftLanes.BASELINES);
  }

  @Test
  void readmeSpellingsParse() {
    EndToEndBenchmark b =
        parse(
            "--steps",
            "3000",
            "--repetitions",
            "3",
            "--jobs",
            "netdrift,netdrift-p2",
            "--lanes",
            "adaptive",
            "--shared",
            "true",
            "--out",
            "x");
    assertThat(b.steps).isEqualTo(3000);
    assertThat(b.repetitions).isEqualTo(3);
    assertThat(b.jobs).isEqualTo(List.of(EndToEndJob.NETDRIFT, EndToEndJob.NETDRIFT_P2));
    assertThat(b.lanes).isEqualTo(NetdriftLanes.ADAPTIVE);
    assertThat(b.shared).isTrue();
    assertThat(b.out.path()).isEqualTo(Path.of("x"));
  }

  @Test
  void unknownOptionsAndLabelsAreRejected() {
    assertThatThrownBy(() -> parse("--stepz", "3"))
        .isInstanceOf(CommandLine.UnmatchedArgumentException.class);
    assertThatThrownBy(() -> parse("--jobs", "netdrift,copy"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("unknown job 'copy'");
    assertThatThrownBy(() -> parse("--lanes", "all"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("unknown --lanes 'all'");
  }
}
