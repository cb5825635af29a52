package io.netdrift.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdrift.core.drift.evaluation.LabeledStream;
import io.netdrift.core.drift.evaluation.LabeledStreamSource;
import io.netdrift.simulator.FailureScenario;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DetectEvalCommandTest {

  @TempDir Path dir;

  @Test
  void writesTheTablesAndShowsProgress() throws Exception {
    LabeledStreamSource scenario =
        new LabeledStreamSource() {
          @Override
          public String name() {
            return "step-scenario";
          }

          @Override
          public String description() {
            return "a noiseless step at 500";
          }

          @Override
          public LabeledStream generate(long seed) {
            double[] v = new double[1000];
            for (int i = 500; i < v.length; i++) {
              v[i] = 5;
            }
            return new LabeledStream("step-scenario", v, new int[] {500}, 100);
          }
        };
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = new CommandLine(new DetectEvalCommand(List.of(scenario)));
    cmd.setOut(new PrintWriter(out));
    cmd.setErr(new PrintWriter(err));
    int code =
        cmd.execute(
            "--out",
            dir.toString(),
            "--seed",
            "3",
            "--repetitions",
            "1",
            "--detector",
            "adwin",
            "--detector",
            "page-hinkley:lambda=25,delta=0.5");
    assertThat(code).isZero();
    assertThat(err.toString()).contains("abrupt-mean-shift: repetition 1/1 scored");
    String md = Files.readString(dir.resolve("detect-eval.md"));
    assertThat(md)
        .contains("--seed 3 --repetitions 1")
        .contains("| step-scenario | adwin |")
        .contains("| stable-noise | page-hinkley(delta=0.5,lambda=25) |")
        .contains("| stable-noise | never-fire |");
    assertThat(Files.readAllLines(dir.resolve("detect-eval.csv"))).hasSize(1 + 6 * 4);
    assertThat(out.toString()).contains("detect-eval.md");
  }

  @Test
  void simulatorScenarioIsAStepInUnitsOfTheNoise() {
    DetectEvalCommand.SimulatorScenarioSource source =
        new DetectEvalCommand.SimulatorScenarioSource(FailureScenario.MODERATE);
    LabeledStream stream = source.generate(5);
    assertThat(stream.name()).isEqualTo("simulator-moderate");
    assertThat(stream.changePoints()).containsExactly(800, 1400);
    double[] v = stream.values();
    double before = mean(v, 0, 800);
    double during = mean(v, 800, 1400);
    double after = mean(v, 1400, 2000);
    assertThat(Math.abs(before)).isLessThan(0.3);
    assertThat(Math.abs(during)).isGreaterThan(2);
    assertThat(Math.abs(after)).isLessThan(0.3);
    assertThat(source.generate(5)).isEqualTo(stream);
  }

  private static double mean(double[] v, int from, int to) {
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += v[i];
    }
    return sum / (to - from);
  }

  @Test
  void rejectsBadOptions() {
    StringWriter err = new StringWriter();
    CommandLine cmd = new CommandLine(new DetectEvalCommand());
    cmd.setErr(new PrintWriter(err));
    assertThat(cmd.execute("--out", dir.toString(), "--repetitions", "0")).isEqualTo(2);
    assertThat(cmd.execute("--out", dir.toString(), "--detector", "adwin:delta")).isEqualTo(2);
    assertThat(err.toString()).contains("--repetitions must be >= 1").contains("KEY=VALUE");
  }
}
