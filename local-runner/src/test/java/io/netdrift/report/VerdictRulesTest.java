package io.netdrift.report;

import static io.netdrift.report.SyntheticRun.during;
import static io.netdrift.report.SyntheticRun.spike;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.netdrift.report.Verdict.Outcome;
import org.junit.jupiter.api.Test;

class VerdictRulesTest {

  private static Verdicts verdicts(SyntheticRun run) {
    return ReportMetrics.compute(run.build()).verdicts();
  }

  @Test
  void theStandardRunMeetsTwoTargetsAndMissesTheHybridOneByItsRatio() {
    Verdicts verdicts = verdicts(SyntheticRun.standard());

    assertThat(verdicts.adaptiveBeatStatic().outcome()).isEqualTo(Outcome.MET);
    assertThat(verdicts.adaptiveBeatStatic().passed()).isTrue();
    assertThat(verdicts.adaptiveBeatStatic().ratios())
        .containsOnlyKeys("liquid", "incremental", "hybrid");
    assertThat(verdicts.adaptiveBeatStatic().ratios().get("incremental"))
        .isCloseTo(0.75, within(1e-9));

    // hybrid sqrt(23.2) vs liquid sqrt(20): 1.077 > 1.05
    Verdict hybrid = verdicts.hybridNearBestAdaptive();
    assertThat(hybrid.outcome()).isEqualTo(Outcome.MISSED);
    assertThat(hybrid.passed()).isFalse();
    assertThat(hybrid.reference()).isEqualTo("liquid");
    assertThat(hybrid.ratios().get("hybrid")).isCloseTo(Math.sqrt(1.16), within(1e-9));
    assertThat(hybrid.sentence())
        .contains("hybrid is at 1.08x liquid's RMSE (4.82 vs 4.47 Mbps)")
        .contains("after the failure of l2");

    Verdict persistence = verdicts.bestAdaptiveBeatsPersistence();
    assertThat(persistence.outcome()).isEqualTo(Outcome.MET);
    assertThat(persistence.sentence())
        .isEqualTo(
            "The best adaptive lane, liquid, beats persistence after the failure of l2:"
                + " 0.45x persistence's RMSE (4.47 vs 10.00 Mbps).");
    assertThat(verdicts.noneMissed()).isFalse();
  }

  @Test
  void hybridAsGoodAsLiquidMeetsItsTarget() {
    Verdict hybrid =
        verdicts(SyntheticRun.standard().lane("hybrid", spike(10))).hybridNearBestAdaptive();
    assertThat(hybrid.outcome()).isEqualTo(Outcome.MET);
    assertThat(hybrid.sentence()).contains("hybrid at 1.00x");
  }

  @Test
  void anAdaptiveLaneWorseThanStaticIsNamedWithItsRatio() {
    Verdict verdict =
        verdicts(SyntheticRun.standard().lane("incremental", during(2, 10))).adaptiveBeatStatic();
    assertThat(verdict.outcome()).isEqualTo(Outcome.MISSED);
    assertThat(verdict.ratios().get("incremental")).isCloseTo(1.25, within(1e-9));
    assertThat(verdict.sentence())
        .contains("incremental is at 1.25x static's RMSE (10.00 vs 8.00 Mbps)")
        .contains("Beating it: liquid at 0.56x, hybrid at 0.60x");
  }

  @Test
  void suffixedLanesAreAdaptiveToo() {
    Verdict verdict =
        verdicts(SyntheticRun.standard().lane("incremental-b12", during(2, 9)))
            .adaptiveBeatStatic();
    assertThat(verdict.ratios()).containsKey("incremental-b12");
    assertThat(verdict.outcome()).isEqualTo(Outcome.MISSED);
    assertThat(verdict.sentence()).contains("incremental-b12 is at 1.13x");
  }

  @Test
  void theBestAdaptiveLaneWorseThanPersistenceMissesWithItsRatio() {
    Verdict verdict =
        verdicts(SyntheticRun.standard().lane("persistence", during(2, 4)))
            .bestAdaptiveBeatsPersistence();
    assertThat(verdict.outcome()).isEqualTo(Outcome.MISSED);
    assertThat(verdict.sentence())
        .contains("liquid, does not beat persistence")
        .contains("1.12x persistence's RMSE (4.47 vs 4.00 Mbps)");
  }

  @Test
  void targetsWithoutTheirLanesAreNotJudged() {
    Verdicts verdicts =
        verdicts(new SyntheticRun().lane("persistence", during(2, 10)).lane("liquid", spike(10)));
    assertThat(verdicts.adaptiveBeatStatic().outcome()).isEqualTo(Outcome.NOT_APPLICABLE);
    assertThat(verdicts.adaptiveBeatStatic().passed()).isNull();
    assertThat(verdicts.adaptiveBeatStatic().sentence()).contains("no static lane");
    assertThat(verdicts.hybridNearBestAdaptive().outcome()).isEqualTo(Outcome.NOT_APPLICABLE);
    assertThat(verdicts.bestAdaptiveBeatsPersistence().outcome()).isEqualTo(Outcome.MET);
    assertThat(verdicts.noneMissed()).isTrue();
  }

  @Test
  void anAdaptiveLaneWithoutPredictionsMisses() {
    Verdict verdict =
        verdicts(SyntheticRun.standard().lane("liquid-x", s -> Double.NaN)).adaptiveBeatStatic();
    assertThat(verdict.outcome()).isEqualTo(Outcome.MISSED);
    assertThat(verdict.sentence()).contains("liquid-x made no prediction after the failure");
  }
}
