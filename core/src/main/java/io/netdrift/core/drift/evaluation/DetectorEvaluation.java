package io.netdrift.core.drift.evaluation;

import io.netdrift.core.drift.DriftDetector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs every detector on every labelled stream, for a number of seeded repetitions, and pools the
 * scores per (stream, detector). Repetition r of every source uses seed {@code seed + r}, so one
 * seed reproduces the whole table.
 */
public final class DetectorEvaluation {

  /**
   * One line of the result table.
   *
   * @param stream source name
   * @param detector detector label
   * @param repetitions how many seeded streams were pooled
   * @param score the pooled score
   */
  public record Row(String stream, String detector, int repetitions, DetectionScore score) {}

  private DetectorEvaluation() {}

  /**
   * The detectors of the default table: the three detectors with their (River) defaults, one
   * Page-Hinkley scaled to the noise (delta = half the smallest shift worth detecting, 1σ) and one
   * stricter KSWIN (the defaults test at α = 0.005 on every update), and both dummies.
   */
  public static List<DetectorUnderTest> defaultDetectors() {
    return List.of(
        DetectorUnderTest.of("adwin"),
        DetectorUnderTest.of("page-hinkley"),
        DetectorUnderTest.of("page-hinkley", Map.of("delta", "0.5", "lambda", "25")),
        DetectorUnderTest.of("kswin"),
        DetectorUnderTest.of(
            "kswin", Map.of("alpha", "0.00001", "windowSize", "200", "statSize", "60")),
        new DetectorUnderTest(BaselineDetectors.ALWAYS_FIRE, BaselineDetectors::alwaysFire),
        new DetectorUnderTest(BaselineDetectors.NEVER_FIRE, BaselineDetectors::neverFire));
  }

  /**
   * Scores each detector on each source.
   *
   * @param progress receives one line per finished (source, repetition)
   * @return rows ordered by source, then detector, as given
   */
  public static List<Row> run(
      List<LabeledStreamSource> sources,
      List<DetectorUnderTest> detectors,
      long seed,
      int repetitions,
      Consumer<String> progress) {
    if (repetitions < 1) {
      throw new IllegalArgumentException("repetitions must be >= 1, got " + repetitions);
    }
    List<Row> rows = new ArrayList<>();
    for (LabeledStreamSource source : sources) {
      DetectionScore[] pooled = new DetectionScore[detectors.size()];
      Arrays.fill(pooled, DetectionScore.EMPTY);
      for (int r = 0; r < repetitions; r++) {
        LabeledStream stream = source.generate(seed + r);
        for (int d = 0; d < detectors.size(); d++) {
          DriftDetector detector = detectors.get(d).factory().get();
          pooled[d] = pooled[d].plus(DetectionScore.score(stream, firings(detector, stream)));
        }
        progress.accept(source.name() + ": repetition " + (r + 1) + "/" + repetitions + " scored");
      }
      for (int d = 0; d < detectors.size(); d++) {
        rows.add(new Row(source.name(), detectors.get(d).label(), repetitions, pooled[d]));
      }
    }
    return rows;
  }

  /** The 0-based indices at which the detector fired on the stream. */
  public static int[] firings(DriftDetector detector, LabeledStream stream) {
    double[] values = stream.values();
    int[] fired = new int[16];
    int count = 0;
    for (int i = 0; i < values.length; i++) {
      if (detector.update(values[i]).driftDetected()) {
        if (count == fired.length) {
          fired = Arrays.copyOf(fired, count * 2);
        }
        fired[count++] = i;
      }
    }
    return Arrays.copyOf(fired, count);
  }
}
