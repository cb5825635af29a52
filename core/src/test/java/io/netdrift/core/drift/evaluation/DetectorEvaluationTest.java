package io.netdrift.core.drift.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DetectorEvaluationTest {

  @Test
  void syntheticStreamsAreReproducibleAndLabelled() {
    for (LabeledStreamSource source : SyntheticStreams.defaults()) {
      LabeledStream a = source.generate(7);
      assertThat(a).isEqualTo(source.generate(7));
      assertThat(a).isNotEqualTo(source.generate(8));
      assertThat(a.name()).isEqualTo(source.name());
    }
    assertThat(SyntheticStreams.abruptMeanShift().generate(1).changePoints())
        .containsExactly(2000, 4000, 6000, 8000);
    assertThat(SyntheticStreams.stableNoise().generate(1).changePoints()).isEmpty();
  }

  @Test
  void adwinFindsEveryAbruptShiftQuicklyAndTheDummiesBracketIt() {
    List<String> progress = new ArrayList<>();
    List<DetectorEvaluation.Row> rows =
        DetectorEvaluation.run(
            List.of(SyntheticStreams.abruptMeanShift()),
            DetectorEvaluation.defaultDetectors(),
            42,
            2,
            progress::add);
    assertThat(progress).hasSize(2);
    assertThat(rows)
        .extracting(DetectorEvaluation.Row::detector)
        .containsExactly(
            "adwin",
            "page-hinkley",
            "page-hinkley(delta=0.5,lambda=25)",
            "kswin",
            "kswin(alpha=0.00001,statSize=60,windowSize=200)",
            "always-fire",
            "never-fire");
    DetectionScore adwin = rows.get(0).score();
    assertThat(adwin.changePoints()).isEqualTo(8);
    assertThat(adwin.missed()).isZero();
    assertThat(adwin.maxDelay()).isLessThan(50);
    DetectionScore always = rows.get(5).score();
    assertThat(always.meanDelay()).isZero();
    assertThat(always.falseAlarmsPer10k()).isEqualTo(10_000);
    DetectionScore never = rows.get(6).score();
    assertThat(never.missed()).isEqualTo(8);
    assertThat(never.falseAlarms()).isZero();
  }

  @Test
  void writesMarkdownAndCsv(@TempDir Path dir) throws Exception {
    List<LabeledStreamSource> sources = List.of(SyntheticStreams.gradualRamp());
    List<DetectorEvaluation.Row> rows =
        DetectorEvaluation.run(sources, DetectorEvaluation.defaultDetectors(), 1, 1, s -> {});
    EvaluationReport.write(dir, "detect-eval", rows, sources, "# Drift detectors");
    String md = Files.readString(dir.resolve("detect-eval.md"));
    assertThat(md).startsWith("# Drift detectors").contains("| gradual-ramp | adwin |");
    assertThat(md).contains("`gradual-ramp`: N(mu, 1)");
    List<String> csv = Files.readAllLines(dir.resolve("detect-eval.csv"));
    assertThat(csv).hasSize(1 + 7);
    assertThat(csv.get(0)).startsWith("stream,detector,repetitions,change_points");
    assertThat(csv.get(7)).startsWith("gradual-ramp,never-fire,1,2,0,2,,,0,0.0000,inf,");
  }
}
