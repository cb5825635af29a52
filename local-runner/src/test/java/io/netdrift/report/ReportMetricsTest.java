package io.netdrift.report;

import static io.netdrift.report.SyntheticRun.L1;
import static io.netdrift.report.SyntheticRun.L3;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class ReportMetricsTest {
  private static final Offset<Double> EXACT = within(1e-9);

  private final Report report = ReportMetrics.compute(SyntheticRun.standard().build());

  @Test
  void phaseRmsesMatchTheHandComputedValues() {
    LaneSummary persistence = report.lanes().get("persistence");
    assertThat(persistence.beforeFailure().rmseMbps()).isCloseTo(2, EXACT);
    assertThat(persistence.afterFailure().rmseMbps()).isCloseTo(10, EXACT);
    assertThat(persistence.afterRepair().rmseMbps()).isCloseTo(2, EXACT);
    // 80 steps x 3 links before; the down link l2 is not scored while it is down
    assertThat(persistence.beforeFailure().predictions()).isEqualTo(240);
    assertThat(persistence.afterFailure().predictions()).isEqualTo(120);
    assertThat(persistence.afterRepair().predictions()).isEqualTo(180);
    assertThat(persistence.overall().predictions()).isEqualTo(540);
    assertThat(persistence.overall().rmseMbps())
        .isCloseTo(Math.sqrt((240 * 4 + 120 * 100 + 180 * 4) / 540.0), EXACT);

    // liquid: error 10 for the first 10 of the 60 failure steps, 2 after
    assertThat(report.lanes().get("liquid").afterFailure().rmseMbps())
        .isCloseTo(Math.sqrt((10 * 100 + 50 * 4) / 60.0), EXACT);
    assertThat(report.lanes().get("incremental").afterFailure().rmseMbps()).isCloseTo(6, EXACT);
    assertThat(report.lanes().get("hybrid").afterFailure().rmseMbps())
        .isCloseTo(Math.sqrt(23.2), EXACT);
    assertThat(report.lanes().get("static").afterFailure().rmseMbps()).isCloseTo(8, EXACT);
  }

  @Test
  void mapeAndErrorAgainstTheNoiseFreeLoad() {
    LaneSummary persistence = report.lanes().get("persistence");
    assertThat(persistence.beforeFailure().mapePercent())
        .isCloseTo(100 * (2 / 100.0 + 2 / 50.0 + 2 / 80.0) / 3, EXACT);
    // the down link (measured 0) is in neither the RMSE nor the MAPE
    assertThat(persistence.afterFailure().mapePercent())
        .isCloseTo(100 * (10 / 150.0 + 10 / 140.0) / 2, EXACT);
    // noise-free = measured +-1, balanced in every phase: sqrt(e^2 + 1)
    assertThat(persistence.beforeFailure().rmseVsExpectedMbps()).isCloseTo(Math.sqrt(5), EXACT);
    assertThat(persistence.afterFailure().rmseVsExpectedMbps()).isCloseTo(Math.sqrt(101), EXACT);
    assertThat(report.lanes().get("liquid").afterFailure().rmseVsExpectedMbps())
        .isCloseTo(Math.sqrt(21), EXACT);
  }

  @Test
  void recoveryStepsAndWorstRollingRmse() {
    // first step whose 8-step window holds only error-2 steps, confirmed by the next two
    assertThat(report.lanes().get("liquid").recoverySteps()).isEqualTo(17);
    assertThat(report.lanes().get("hybrid").recoverySteps()).isEqualTo(19);
    assertThat(report.lanes().get("incremental").recoverySteps()).isEqualTo(27);
    assertThat(report.lanes().get("persistence").recovered()).isFalse();
    assertThat(report.lanes().get("static").recovered()).isFalse();
    assertThat(report.lanes().get("persistence").worstRollingRmseMbps()).isCloseTo(10, EXACT);
    assertThat(report.lanes().get("liquid").worstRollingRmseMbps()).isCloseTo(10, EXACT);
    assertThat(report.lanes().get("liquid").rollingRmseByTime()).hasSize(SyntheticRun.STEPS);
  }

  @Test
  void ratiosToPersistenceAndStatic() {
    LaneSummary liquid = report.lanes().get("liquid");
    assertThat(liquid.vsPersistenceAfterFailure()).isCloseTo(Math.sqrt(20) / 10, EXACT);
    assertThat(liquid.vsStaticAfterFailure()).isCloseTo(Math.sqrt(20) / 8, EXACT);
    assertThat(report.lanes().get("persistence").vsPersistenceAfterFailure()).isCloseTo(1, EXACT);
  }

  @Test
  void mostAffectedLinksRankedByChangeOfTheNoiseFreeLoad() {
    List<AffectedLink> affected = report.failures().get(0).mostAffectedLinks();
    // l2 is down after the failure: no longer carrying load, not listed
    assertThat(affected).extracting(AffectedLink::link).containsExactly(L3, L1);
    assertThat(affected.get(0).meanLoadBeforeMbps()).isCloseTo(80, EXACT);
    assertThat(affected.get(0).meanLoadAfterMbps()).isCloseTo(140, EXACT);
    assertThat(affected.get(0).changeMbps()).isCloseTo(60, EXACT);
    assertThat(affected.get(1).changeMbps()).isCloseTo(50, EXACT);
  }

  @Test
  void mostAffectedLinksFallBackToTheMeasuredLoad() {
    Report unknown = ReportMetrics.compute(SyntheticRun.standard().l1ExpectedUnknown().build());
    AffectedLink l1 = unknown.failures().get(0).mostAffectedLinks().get(1);
    assertThat(l1.link()).isEqualTo(L1);
    assertThat(l1.meanLoadBeforeMbps()).isEqualTo(100);
    assertThat(l1.meanLoadAfterMbps()).isEqualTo(150);
  }

  @Test
  void adaptationCountsFromTheLanesEvents() {
    long t = SyntheticRun.time(90);
    long t2 = SyntheticRun.time(91);
    long t3 = SyntheticRun.time(92);
    // every retrain's events come once per link of its scope (here L1 and L3), at one event time
    Report withEvents =
        ReportMetrics.compute(
            SyntheticRun.standard()
                .event(new AdaptationEventRow(t, "liquid", L1, "DRIFT_DETECTED", null, null))
                .event(new AdaptationEventRow(t, "liquid", L1, "RETRAIN_STARTED", null, null))
                .event(new AdaptationEventRow(t, "liquid", L3, "RETRAIN_STARTED", null, null))
                .event(new AdaptationEventRow(t, "liquid", L1, "RETRAIN_FINISHED", 2L, 100L))
                .event(new AdaptationEventRow(t, "liquid", L3, "RETRAIN_FINISHED", 2L, 100L))
                .event(new AdaptationEventRow(t, "liquid", L1, "MODEL_SWAPPED", 2L, null))
                .event(new AdaptationEventRow(t, "liquid", L3, "MODEL_SWAPPED", 2L, null))
                .event(new AdaptationEventRow(t2, "liquid", L1, "RETRAIN_REJECTED", 2L, 300L))
                .event(new AdaptationEventRow(t2, "liquid", L3, "RETRAIN_REJECTED", 2L, 300L))
                .event(new AdaptationEventRow(t2, "liquid", L1, "ROLLBACK", 1L, null))
                .event(new AdaptationEventRow(t3, "liquid", L1, "RETRAIN_FINISHED", 3L, null))
                .event(new AdaptationEventRow(t3, "liquid", L1, "MODEL_SWAPPED", 3L, null))
                .event(new AdaptationEventRow(t, "hybrid", null, "RETRAIN_FINISHED", 7L, 50L))
                .build());
    AdaptationCounts liquid = withEvents.lanes().get("liquid").adaptation();
    assertThat(liquid.retrains()).isEqualTo(3);
    assertThat(liquid.meanRetrainMillis()).isEqualTo(200); // of the two that report a duration
    assertThat(liquid.modelSwaps()).isEqualTo(2);
    assertThat(liquid.rejectedRetrains()).isEqualTo(1);
    assertThat(liquid.rollbacks()).isEqualTo(1);
    assertThat(liquid.maxModelVersion()).isEqualTo(3L);
    AdaptationCounts persistence = withEvents.lanes().get("persistence").adaptation();
    assertThat(persistence.retrains()).isZero();
    assertThat(persistence.meanRetrainMillis()).isNaN();
    assertThat(persistence.maxModelVersion()).isNull();
  }

  @Test
  void aLaneWithoutPredictionsInAPhaseHasNoErrorThere() {
    Report sparse =
        ReportMetrics.compute(
            new SyntheticRun()
                .lane("persistence", SyntheticRun.during(2, 10))
                .lane("seasonal-naive", s -> s < SyntheticRun.FAILURE_STEP ? 3 : Double.NaN)
                .silentLane("static")
                .lane("liquid-x", s -> Double.NaN)
                .build());
    LaneSummary seasonal = sparse.lanes().get("seasonal-naive");
    assertThat(seasonal.beforeFailure().rmseMbps()).isCloseTo(3, EXACT);
    assertThat(seasonal.afterFailure().predictions()).isZero();
    assertThat(seasonal.afterFailure().rmseMbps()).isNaN();
    assertThat(seasonal.afterRepair().mapePercent()).isNaN();
    assertThat(seasonal.recovered()).isFalse();
    assertThat(sparse.lanes().get("static").overall().predictions()).isZero();
    assertThat(sparse.lanes().get("liquid-x").vsStaticAfterFailure()).isNaN();
    assertThat(sparse.consoleTable()).contains("seasonal-naive").contains(" - ");
  }

  @Test
  void aRunWithoutFailureScoresEverythingBeforeIt() {
    EvaluationRun withFailure = SyntheticRun.standard().build();
    EvaluationRun noFailure =
        new EvaluationRun(
            withFailure.info(),
            withFailure.lanes(),
            withFailure.stepMs(),
            withFailure.stepTimesMs(),
            withFailure.actualMbps(),
            withFailure.expectedMbps(),
            withFailure.predictedMbps(),
            List.of(),
            List.of());
    Report none = ReportMetrics.compute(noFailure);
    assertThat(none.failures()).isEmpty();
    assertThat(none.lanes().get("liquid").afterFailure().predictions()).isZero();
    assertThat(none.verdicts().all())
        .allSatisfy(v -> assertThat(v.outcome()).isEqualTo(Verdict.Outcome.NOT_APPLICABLE));
  }

  @Test
  void consoleTableHasOneRowPerLane() {
    String table = report.consoleTable();
    assertThat(table.lines()).hasSize(2 + 5);
    assertThat(table).contains("liquid").contains("4.5").contains("17").contains("not recovered");
  }
}
