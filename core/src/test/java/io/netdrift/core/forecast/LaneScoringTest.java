package io.netdrift.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdrift.core.drift.DetectorSetting;
import io.netdrift.core.drift.FailureAwareDriftSignal.State;
import io.netdrift.core.drift.FailureAwareDriftSignal.Transition;
import io.netdrift.core.metrics.RecoveryTracker;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LaneScoringTest {
  private static final long STEP_MS = 1_000;
  private static final int CONFIRMATION_HORIZON = 3;

  private final LaneScoring scoring =
      new LaneScoring(2, 16, DetectorSetting.of("page-hinkley"), CONFIRMATION_HORIZON);
  private final LinkForecastState state = LinkForecastState.create(4, 2, 1, new int[] {0, 0});
  private final List<Transition> transitions = new ArrayList<>();
  private final List<RecoveryTracker.Recovery> recoveries = new ArrayList<>();

  private final LaneScoring.Listener listener =
      new LaneScoring.Listener() {
        @Override
        public void recovered(int lane, RecoveryTracker.Recovery recovery, double tolerance) {
          recoveries.add(recovery);
        }

        @Override
        public void driftTransition(
            int lane, Transition transition, double absErrorMbps, double rmseBefore) {
          transitions.add(transition);
        }
      };

  /**
   * Lane 1 forecast {@code forecast} for {@code t}; the truth {@code load} arrives at {@code t}.
   */
  private Optional<Transition> score(long t, float forecast, float load) {
    state.pendingTargetMs[1] = t;
    state.pendingValueMbps[1] = forecast;
    return scoring.score(state, 1, t, load, 100.0, 1, STEP_MS, listener);
  }

  @Test
  void nothingDueScoresNothing() {
    assertThat(scoring.score(state, 1, 1_000, 10f, 100.0, 1, STEP_MS, listener)).isEmpty();
    assertThat(state.scoredCount[1]).isZero();
    assertThat(scoring.subtaskError(1).count()).isZero();
    assertThat(state.driftSignals[1]).isNull();
  }

  @Test
  void aDueForecastIsScoredForTheLinkAndTheSubtask() {
    score(1_000, 12f, 10f);

    assertThat(state.scoredCount[1]).isEqualTo(1);
    assertThat(state.meanSquaredError[1]).isEqualTo(4.0);
    assertThat(state.recentMse(1)).isEqualTo(4.0);
    assertThat(scoring.subtaskError(1).count()).isEqualTo(1);
    assertThat(scoring.subtaskError(0).count()).isZero();
    assertThat(state.scoredCount[0]).as("the other lane").isZero();
    assertThat(state.driftSignals[1]).isNotNull();
    assertThat(state.recoveryTrackers[1]).isNotNull();
    assertThat(scoring.lastRecoverySteps(1)).isEqualTo(-1);
    assertThat(scoring.worstRmseAfterDrift(1)).isNaN();
  }

  @Test
  void aNetworkEventThatChangesNothingClearsAfterTheConfirmationHorizon() {
    scoring.markNetworkEvent(state, 500);
    assertThat(state.driftSignals[0]).isNotNull();
    assertThat(state.driftSignals[1]).isNotNull();

    for (int i = 1; i < CONFIRMATION_HORIZON; i++) {
      assertThat(score(i * STEP_MS, 10f, 10f)).isEmpty();
    }
    Optional<Transition> last = score(CONFIRMATION_HORIZON * STEP_MS, 10f, 10f);

    assertThat(last).map(Transition::to).contains(State.CLEARED);
    assertThat(transitions).extracting(Transition::to).containsExactly(State.CLEARED);
  }
}
