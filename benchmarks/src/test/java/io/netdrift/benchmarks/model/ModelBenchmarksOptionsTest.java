package io.netdrift.benchmarks.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netdrift.benchmarks.harness.BenchmarkLauncher;
import io.netdrift.core.model.ModelKind;
import io.netdrift.core.model.runtime.ServingEngine;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The options of the model benchmarks as documented (class javadoc, benchmarks/README.md,
 * docs/models.md), parsed as picocli parses them; nothing is run.
 */
class ModelBenchmarksOptionsTest {

  private static <T> T parse(T command, String... args) {
    new CommandLine(command).parseArgs(args);
    return command;
  }

  /** Runs {@code args} as {@code main} would, without exiting: the exit code, stdout, stderr. */
  private static String[] execute(Callable<Integer> command, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = BenchmarkLauncher.commandLine(command);
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int code = commandLine.execute(args);
    return new String[] {Integer.toString(code), out.toString(), err.toString()};
  }

  @Test
  void modelBenchmarkDefaults() {
    ModelBenchmark b = parse(new ModelBenchmark());
    assertThat(b.mode).isEqualTo(ModelBenchmark.Mode.ALL);
    assertThat(b.models)
        .containsExactly(ModelKind.CFC, ModelKind.LTC, ModelKind.GRU, ModelKind.MLP);
    assertThat(b.batches).containsExactly(1, 64, 1024, 16384);
    assertThat(b.seconds).isEqualTo(1.5);
    assertThat(b.hidden).isEqualTo(32);
    assertThat(b.steps).isEqualTo(60);
    assertThat(b.out).isNull();
  }

  @Test
  void modelBenchmarkDocumentedCommands() {
    ModelBenchmark serving =
        parse(
            new ModelBenchmark(),
            "serving",
            "--seconds",
            "1.5",
            "--out",
            "benchmarks/results/model-serving.txt");
    assertThat(serving.mode).isEqualTo(ModelBenchmark.Mode.SERVING);
    assertThat(serving.out).isEqualTo(Path.of("benchmarks/results/model-serving.txt"));

    ModelBenchmark training =
        parse(new ModelBenchmark(), "training", "--steps", "20", "--models", "cfc,mlp");
    assertThat(training.mode).isEqualTo(ModelBenchmark.Mode.TRAINING);
    assertThat(training.steps).isEqualTo(20);
    assertThat(training.models).containsExactly(ModelKind.CFC, ModelKind.MLP);

    ModelBenchmark all = parse(new ModelBenchmark(), "--batches", "64,256", "--hidden", "16");
    assertThat(all.mode).isEqualTo(ModelBenchmark.Mode.ALL);
    assertThat(all.batches).containsExactly(64, 256);
    assertThat(all.hidden).isEqualTo(16);
  }

  @Test
  void modelBenchmarkRejectsUnknownOptionsModesAndModels() {
    assertThatThrownBy(() -> parse(new ModelBenchmark(), "--secs"))
        .isInstanceOf(CommandLine.UnmatchedArgumentException.class);
    // picocli reports the unknown option after '2' failed as the mode; main names the option
    assertThatThrownBy(() -> parse(new ModelBenchmark(), "--secs", "2"))
        .isInstanceOf(CommandLine.ParameterException.class);
    assertThat(execute(new ModelBenchmark(), "--secs", "2")[2])
        .isEqualTo("ModelBenchmark: Unknown option: '--secs' (--help for usage)\n");
    assertThatThrownBy(() -> parse(new ModelBenchmark(), "inference"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("mode must be serving, training or all");
    assertThatThrownBy(() -> parse(new ModelBenchmark(), "--models", "cfc,rnn"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("model must be one of cfc, ltc, gru, mlp");
  }

  @Test
  void anUnknownOptionIsOneLineAndExitCode2AndHelpPrintsTheUsage() {
    String[] bad = execute(new ModelBenchmark(), "serving", "--bogus", "1");
    assertThat(bad[0]).isEqualTo("2");
    assertThat(bad[1]).isEmpty();
    assertThat(bad[2].strip().lines()).hasSize(1);
    assertThat(bad[2]).startsWith("ModelBenchmark: Unknown option").contains("--bogus");

    String[] help = execute(new ModelBenchmark(), "--help");
    assertThat(help[0]).isEqualTo("0");
    assertThat(help[1]).contains("Usage: ModelBenchmark", "--models", "--batches", "MODE");
  }

  @Test
  void modelSeedsBenchmarkOptions() {
    ModelSeedsBenchmark d = parse(new ModelSeedsBenchmark(), "--input", "sim/link_load.csv");
    assertThat(d.input).isEqualTo(Path.of("sim/link_load.csv"));
    assertThat(d.models)
        .containsExactly(ModelKind.CFC, ModelKind.LTC, ModelKind.GRU, ModelKind.MLP);
    assertThat(d.seeds).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(d.epochs).isEqualTo(4);
    assertThat(d.stepsPerEpoch).isEqualTo(100);
    assertThat(d.maxLinks).isEqualTo(1000);
    assertThat(d.costModel).isNull();
    assertThat(d.out).isNull();

    // the command of docs/models.md
    ModelSeedsBenchmark g =
        parse(
            new ModelSeedsBenchmark(),
            "--input",
            "/tmp/sim/link_load.csv",
            "--models",
            "cfc,ltc,gru,mlp",
            "--seeds",
            "1,2,3,4,5",
            "--epochs",
            "5",
            "--steps-per-epoch",
            "60",
            "--max-links",
            "28",
            "--cost-model",
            "cfc",
            "--out",
            "benchmarks/results/model-seeds.md");
    assertThat(g.epochs).isEqualTo(5);
    assertThat(g.stepsPerEpoch).isEqualTo(60);
    assertThat(g.maxLinks).isEqualTo(28);
    assertThat(g.costModel).isEqualTo(ModelKind.CFC);
    assertThat(g.out).isEqualTo(Path.of("benchmarks/results/model-seeds.md"));

    assertThatThrownBy(() -> parse(new ModelSeedsBenchmark()))
        .isInstanceOf(CommandLine.MissingParameterException.class)
        .hasMessageContaining("--input");
    assertThatThrownBy(() -> parse(new ModelSeedsBenchmark(), "--input", "x", "--seed", "1"))
        .isInstanceOf(CommandLine.UnmatchedArgumentException.class);
  }

  @Test
  void modelSwapMemoryBenchmarkOptions() {
    ModelSwapMemoryBenchmark d = parse(new ModelSwapMemoryBenchmark());
    assertThat(d.swaps).isEqualTo(1000);
    assertThat(d.sampleEvery).isEqualTo(50);
    assertThat(d.warmupSwaps).isEqualTo(100);
    assertThat(d.kind).isEqualTo(ModelKind.CFC);
    assertThat(d.engine).isEqualTo(ServingEngine.DJL);
    assertThat(d.hidden).isEqualTo(16);
    assertThat(d.links).isEqualTo(8);
    assertThat(d.results.path()).isEqualTo(Path.of("benchmarks/results"));
    assertThat(d.name).isEqualTo("model-swap-memory");

    // the command of benchmarks/README.md, and the other engine
    ModelSwapMemoryBenchmark g =
        parse(
            new ModelSwapMemoryBenchmark(),
            "--name",
            "model-swap-memory",
            "--swaps",
            "200",
            "--sample-every",
            "25",
            "--warmup-swaps",
            "50",
            "--out",
            "/tmp/r",
            "--engine",
            "tf-java");
    assertThat(g.swaps).isEqualTo(200);
    assertThat(g.sampleEvery).isEqualTo(25);
    assertThat(g.warmupSwaps).isEqualTo(50);
    assertThat(g.results.path()).isEqualTo(Path.of("/tmp/r"));
    assertThat(g.engine).isEqualTo(ServingEngine.TF_JAVA);

    assertThatThrownBy(() -> parse(new ModelSwapMemoryBenchmark(), "--swap", "10"))
        .isInstanceOf(CommandLine.UnmatchedArgumentException.class);
    assertThatThrownBy(() -> parse(new ModelSwapMemoryBenchmark(), "--engine", "onnx"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("djl or tf-java");
  }

  @Test
  void servingReplayPositionals() {
    ServingReplay d = parse(new ServingReplay(), "sim/link_load.csv", "models/cfc");
    assertThat(d.csv).isEqualTo(Path.of("sim/link_load.csv"));
    assertThat(d.modelDir).isEqualTo(Path.of("models/cfc"));
    assertThat(d.validationFraction).isEqualTo(0.2);
    assertThat(d.engine).isEqualTo(ServingEngine.DJL);
    assertThat(d.fromStepArg).isNull();
    assertThat(d.toStepArg).isNull();

    ServingReplay g =
        parse(new ServingReplay(), "sim/link_load.csv", "m", "0.3", "tf-java", "100", "200");
    assertThat(g.validationFraction).isEqualTo(0.3);
    assertThat(g.engine).isEqualTo(ServingEngine.TF_JAVA);
    assertThat(g.fromStepArg).isEqualTo(100);
    assertThat(g.toStepArg).isEqualTo(200);

    assertThatThrownBy(() -> parse(new ServingReplay(), "sim/link_load.csv"))
        .isInstanceOf(CommandLine.MissingParameterException.class)
        .hasMessageContaining("MODEL_DIR");
    assertThatThrownBy(() -> parse(new ServingReplay(), "a.csv", "m", "--engine", "djl"))
        .isInstanceOf(CommandLine.ParameterException.class);
    String[] r = execute(new ServingReplay(), "a.csv", "m", "--engine", "djl");
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[2]).isEqualTo("ServingReplay: Unknown option: '--engine' (--help for usage)\n");
    assertThatThrownBy(() -> parse(new ServingReplay(), "a", "m", "0.2", "djl", "1", "2", "3"))
        .isInstanceOf(CommandLine.UnmatchedArgumentException.class);
  }

  @Test
  void servingReplayFromStepNeedsToStep() {
    String[] r = execute(new ServingReplay(), "a.csv", "m", "0.2", "djl", "100");
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[2]).startsWith("ServingReplay: FROM_STEP needs TO_STEP");
  }
}
