package io.netdrift.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.netdrift.core.metrics.PhaseErrors.Phase;
import io.netdrift.core.metrics.PhaseErrors.Summary;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

class PhaseErrorsTest {
  private static final long STEP_MS = 1_000;
  private static final int FAILURE_STEP = 30;
  private static final int REPAIR_STEP = 60;
  private static final int STEPS = 70;
  private static final int LINKS = 2;
  private static final double TRUTH = 100;
  private static final double EPS = 1e-9;

  /** Two links with the same absolute error {@code errorAtStep} at every step, truth 100. */
  private static PhaseErrors series(IntToDoubleFunction errorAtStep) {
    PhaseErrors errors = new PhaseErrors(FAILURE_STEP * STEP_MS, REPAIR_STEP * STEP_MS, STEP_MS);
    for (int step = 0; step < STEPS; step++) {
      for (int link = 0; link < LINKS; link++) {
        double error = errorAtStep.applyAsDouble(step);
        errors.add(step * STEP_MS, TRUTH + error, TRUTH, TRUTH);
      }
    }
    return errors;
  }

  /** Error 1 everywhere except 10 for the first five steps of the failure. */
  private static double jumpForFiveSteps(int step) {
    return step >= FAILURE_STEP && step < FAILURE_STEP + 5 ? 10 : 1;
  }

  @Test
  void phasesSplitByTargetTime() {
    Summary summary = series(PhaseErrorsTest::jumpForFiveSteps).summary();

    var before = summary.phases().get(Phase.BEFORE_FAILURE);
    assertThat(before.predictions()).isEqualTo((long) FAILURE_STEP * LINKS);
    assertThat(before.rmseMbps()).isCloseTo(1, within(EPS));
    assertThat(before.mapePercent()).isCloseTo(1, within(EPS));
    assertThat(before.rmseVsNoiseFreeMbps()).isCloseTo(1, within(EPS));

    var failure = summary.phases().get(Phase.AFTER_FAILURE);
    assertThat(failure.predictions()).isEqualTo((long) (REPAIR_STEP - FAILURE_STEP) * LINKS);
    assertThat(failure.rmseMbps()).isCloseTo(Math.sqrt((5 * 100 + 25 * 1) / 30.0), within(EPS));
    assertThat(failure.mapePercent()).isCloseTo((5 * 10 + 25 * 1) / 30.0, within(EPS));

    var repair = summary.phases().get(Phase.AFTER_REPAIR);
    assertThat(repair.predictions()).isEqualTo((long) (STEPS - REPAIR_STEP) * LINKS);
    assertThat(repair.rmseMbps()).isCloseTo(1, within(EPS));
  }

  @Test
  void aKnownJumpGivesItsWorstRollingErrorAndItsRecoveryStep() {
    Summary summary = series(PhaseErrorsTest::jumpForFiveSteps).summary();

    assertThat(summary.preFailureRollingRmseMbps()).isCloseTo(1, within(EPS));
    // a window of 8 steps holding all 5 bad steps: (5 * 100 + 3 * 1) / 8
    assertThat(summary.worstRollingRmseMbps()).isCloseTo(Math.sqrt(503 / 8.0), within(EPS));
    // the last bad step is 34; the window of 8 leaves it behind at step 42 (35..42), whose
    // rolling RMSE is 1 again: recovered 12 steps after the failure (confirmed at 44)
    assertThat(summary.recovered()).isTrue();
    assertThat(summary.recoverySteps()).isEqualTo(12);
  }

  @Test
  void aSummaryThroughAStepIgnoresTheLaterSteps() {
    PhaseErrors errors = series(PhaseErrorsTest::jumpForFiveSteps);

    // recovery is confirmed at step 44 (see above): one step earlier it is not known yet
    assertThat(errors.summaryThrough(43 * STEP_MS).recovered()).isFalse();
    assertThat(errors.summaryThrough(44 * STEP_MS).recoverySteps()).isEqualTo(12);
    // the worst rolling RMSE so far, while still in the jump: steps 27..32 hold 3 bad of 8
    assertThat(errors.summaryThrough(32 * STEP_MS).worstRollingRmseMbps())
        .isCloseTo(Math.sqrt((3 * 100 + 5 * 1) / 8.0), within(EPS));
  }

  @Test
  void neverBackBeforeTheRepairIsNotRecovered() {
    Summary summary = series(step -> step >= FAILURE_STEP && step < REPAIR_STEP ? 10 : 1).summary();

    assertThat(summary.recovered()).isFalse();
    assertThat(summary.recoverySteps()).isEqualTo(-1);
    assertThat(summary.worstRollingRmseMbps()).isCloseTo(10, within(EPS));
  }

  @Test
  void aRecoveryMustHoldForConsecutiveSteps() {
    // bad 30..34, clean 35..43 (rolling back to 1 at 42 and 43: only two steps), bad 44..47,
    // clean from 48 on (rolling back to 1 from 55 on)
    Summary summary =
        series(step -> (step >= 30 && step <= 34) || (step >= 44 && step <= 47) ? 10 : 1).summary();

    assertThat(summary.recoverySteps()).isEqualTo(55 - FAILURE_STEP);
  }

  @Test
  void recoveryThatNeedsTheRepairDoesNotCount() {
    // back to normal only at the repair: the confirming steps would lie after it
    Summary summary =
        series(step -> step >= FAILURE_STEP && step < REPAIR_STEP - 9 ? 10 : 1).summary();

    // bad until step 50, rolling clean from 58: 58 and 59 are before the repair, 60 is not
    assertThat(summary.recovered()).isFalse();
  }

  @Test
  void aFailureThatDoesNotHurtRecoversAtOnce() {
    Summary summary = series(step -> 1).summary();

    assertThat(summary.recoverySteps()).isZero();
    assertThat(summary.worstRollingRmseMbps()).isCloseTo(1, within(EPS));
  }

  @Test
  void theOrderOfArrivalDoesNotMatter() {
    record Sample(long time, double predicted) {}
    List<Sample> samples = new ArrayList<>();
    for (int step = 0; step < STEPS; step++) {
      for (int link = 0; link < LINKS; link++) {
        samples.add(new Sample(step * STEP_MS, TRUTH + jumpForFiveSteps(step)));
      }
    }
    Collections.shuffle(samples, new Random(7));
    PhaseErrors shuffled = new PhaseErrors(FAILURE_STEP * STEP_MS, REPAIR_STEP * STEP_MS, STEP_MS);
    samples.forEach(s -> shuffled.add(s.time(), s.predicted(), TRUTH, Double.NaN));

    Summary expected = series(PhaseErrorsTest::jumpForFiveSteps).summary();
    Summary actual = shuffled.summary();
    assertThat(actual.recoverySteps()).isEqualTo(expected.recoverySteps());
    assertThat(actual.worstRollingRmseMbps())
        .isCloseTo(expected.worstRollingRmseMbps(), within(EPS));
    assertThat(actual.phases().get(Phase.AFTER_FAILURE).rmseMbps())
        .isCloseTo(expected.phases().get(Phase.AFTER_FAILURE).rmseMbps(), within(EPS));
    // no noise-free reference given
    assertThat(actual.phases().get(Phase.AFTER_FAILURE).rmseVsNoiseFreeMbps()).isNaN();
  }

  @Test
  void aZeroTruthCountsForRmseButNotForMape() {
    PhaseErrors errors = new PhaseErrors(10, 20, 1);
    errors.add(1, 5, 0, Double.NaN).add(2, 110, 100, Double.NaN);

    var before = errors.summary().phases().get(Phase.BEFORE_FAILURE);
    assertThat(before.predictions()).isEqualTo(2);
    assertThat(before.rmseMbps()).isCloseTo(Math.sqrt((25 + 100) / 2.0), within(EPS));
    assertThat(before.mapePercent()).isCloseTo(10, within(EPS));
  }

  @Test
  void rejectsARepairBeforeTheFailure() {
    assertThatThrownBy(() -> new PhaseErrors(20, 10, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
