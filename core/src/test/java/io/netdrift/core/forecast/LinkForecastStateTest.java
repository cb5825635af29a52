package io.netdrift.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdrift.core.drift.DetectorCodec;
import io.netdrift.core.drift.DriftDetectors;
import io.netdrift.core.drift.FailureAwareDriftSignal;
import io.netdrift.core.metrics.RecoveryTracker;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LinkForecastStateTest {
  private static final long STEP_MS = 1_000;

  private static float[] row(float[] values, int row, int width) {
    return Arrays.copyOfRange(values, row * width, row * width + width);
  }

  @Test
  void aYoungLinkIsPaddedWithItsOldestSampleAndZeroGaps() {
    LinkForecastState state = LinkForecastState.create(8, 1, 1, new int[] {0});
    state.append(1_000, 10f, 100f);
    state.append(2_000, 20f, 100f);
    state.append(3_500, 35f, 250f);
    ForecastBatch batch = new ForecastBatch(3, 5, 0, 1);

    state.fillRow(batch, 1, 0);

    assertThat(row(batch.historyMbps, 1, 5)).containsExactly(10f, 10f, 10f, 20f, 35f);
    assertThat(row(batch.gapSeconds, 1, 5)).containsExactly(0f, 0f, 0f, 1.0f, 1.5f);
    assertThat(batch.available[1]).isEqualTo(3);
    assertThat(batch.lastTimestampMs[1]).isEqualTo(3_500);
    assertThat(batch.scaleMbps[1]).as("capacity of the newest sample").isEqualTo(250f);
    assertThat(batch.newestMbps(1)).isEqualTo(35f);
    // the other rows are untouched
    assertThat(row(batch.historyMbps, 0, 5)).containsOnly(0f);
    assertThat(row(batch.historyMbps, 2, 5)).containsOnly(0f);
  }

  @Test
  void aSingleSampleFillsTheWholeRow() {
    LinkForecastState state = LinkForecastState.create(4, 1, 1, new int[] {0});
    assertThat(state.lastTimestampMs()).isEqualTo(Long.MIN_VALUE);
    state.append(5_000, 7f, 10f);
    ForecastBatch batch = new ForecastBatch(1, 3, 0, 1);

    state.fillRow(batch, 0, 0);

    assertThat(batch.historyMbps).containsExactly(7f, 7f, 7f);
    assertThat(batch.gapSeconds).containsExactly(0f, 0f, 0f);
    assertThat(batch.available[0]).isEqualTo(1);
    assertThat(state.lastTimestampMs()).isEqualTo(5_000);
  }

  @Test
  void theRingWrapsAroundKeepingTheNewestLast() {
    LinkForecastState state = LinkForecastState.create(4, 1, 1, new int[] {0});
    long[] times = {1_000, 2_000, 3_000, 4_500, 5_000, 7_000};
    for (int i = 0; i < times.length; i++) {
      state.append(times[i], i + 1, 100f);
    }
    ForecastBatch batch = new ForecastBatch(1, 4, 0, 1);

    state.fillRow(batch, 0, 0);

    assertThat(batch.historyMbps).containsExactly(3f, 4f, 5f, 6f);
    // the oldest slot of the row has no predecessor in it
    assertThat(batch.gapSeconds).containsExactly(0f, 1.5f, 0.5f, 2.0f);
    assertThat(batch.available[0]).isEqualTo(4);
    assertThat(batch.lastTimestampMs[0]).isEqualTo(7_000);
    assertThat(state.lastTimestampMs()).isEqualTo(7_000);
    assertThat(state.count).isEqualTo(6);
    assertThat(state.historyCapacity()).isEqualTo(4);
  }

  @Test
  void aWindowShorterThanTheRingTakesTheNewestSamples() {
    LinkForecastState state = LinkForecastState.create(8, 1, 1, new int[] {0});
    for (int i = 1; i <= 11; i++) {
      state.append(i * 1_000L + (i == 10 ? 500 : 0), i, 100f);
    }
    ForecastBatch batch = new ForecastBatch(1, 3, 0, 1);

    state.fillRow(batch, 0, 0);

    assertThat(batch.historyMbps).containsExactly(9f, 10f, 11f);
    assertThat(batch.gapSeconds[1]).isEqualTo(1.5f);
    assertThat(batch.gapSeconds[2]).isEqualTo(0.5f);
    assertThat(batch.available[0]).isEqualTo(3);
  }

  @Test
  void aWindowLongerThanTheRingIsPaddedWithTheOldestKeptSample() {
    LinkForecastState state = LinkForecastState.create(3, 1, 1, new int[] {0});
    for (int i = 1; i <= 5; i++) {
      state.append(i * 1_000L, i * 10f, 100f);
    }
    ForecastBatch batch = new ForecastBatch(1, 5, 0, 1);

    state.fillRow(batch, 0, 0);

    assertThat(batch.historyMbps).containsExactly(30f, 30f, 30f, 40f, 50f);
    assertThat(batch.gapSeconds).containsExactly(0f, 0f, 0f, 1f, 1f);
    assertThat(batch.available[0]).isEqualTo(3);
  }

  @Test
  void copyIsDeep() {
    LinkForecastState original = LinkForecastState.create(4, 2, 3, new int[] {0, 2});
    original.append(1_000, 5f, 50f);
    original.recurrentState[1][0] = 0.25f;
    original.pendingTargetMs[4] = 9_000;
    original.pendingValueMbps[4] = 6f;
    original.meanSquaredError[1] = 1.5;
    original.meanAbsolutePercentError[1] = 0.5;
    original.scoredCount[1] = 3;
    original.driftSignalledAtMs = 77;
    original.driftSignals[1] = new FailureAwareDriftSignal(DriftDetectors.create("adwin"), 3);
    for (int i = 0; i < 20; i++) {
      original.driftSignals[1].update(i * 1_000L, 0.1 + (i % 3) * 0.01);
    }
    original.recoveryTrackers[1] = new RecoveryTracker();
    original.recoveryTrackers[1].update(10.0, 11.0);
    original.updateRecentError(1, 3.0);
    byte[] signalBefore = DetectorCodec.toBytes(original.driftSignals[1]);
    byte[] trackerBefore = original.recoveryTrackers[1].toBytes();

    LinkForecastState copy = original.copy();
    assertThat(copy)
        .usingRecursiveComparison()
        .ignoringFields("driftSignals", "recoveryTrackers") // compared by their encoded state
        .isEqualTo(original);
    assertThat(DetectorCodec.toBytes(copy.driftSignals[1])).isEqualTo(signalBefore);
    assertThat(copy.recoveryTrackers[1].toBytes()).isEqualTo(trackerBefore);
    assertThat(copy.driftSignals[0]).isNull();

    copy.append(2_000, 8f, 80f);
    copy.timestampsMs[0] = -1;
    copy.loadsMbps[0] = -1f;
    copy.recurrentState[1][0] = 9f;
    copy.recurrentState[0] = new float[] {1f};
    copy.pendingTargetMs[4] = 0;
    copy.pendingValueMbps[4] = 0f;
    copy.meanSquaredError[1] = 0;
    copy.meanAbsolutePercentError[1] = 0;
    copy.scoredCount[1] = 0;
    copy.driftSignalledAtMs = 0;
    for (int i = 20; i < 60; i++) {
      copy.driftSignals[1].update(i * 1_000L, 5.0);
    }
    copy.recoveryTrackers[1].markDrift(30_000);
    copy.recoveryTrackers[1].update(10.0, 50.0);
    copy.updateRecentError(1, 100.0);

    assertThat(original.count).isEqualTo(1);
    assertThat(original.capacityMbps).isEqualTo(50f);
    assertThat(original.timestampsMs).containsExactly(1_000, 0, 0, 0);
    assertThat(original.loadsMbps).containsExactly(5f, 0f, 0f, 0f);
    assertThat(original.recurrentState[0]).isNull();
    assertThat(original.recurrentState[1]).containsExactly(0.25f, 0f);
    assertThat(original.pendingTargetMs[4]).isEqualTo(9_000);
    assertThat(original.pendingValueMbps[4]).isEqualTo(6f);
    assertThat(original.meanSquaredError[1]).isEqualTo(1.5);
    assertThat(original.meanAbsolutePercentError[1]).isEqualTo(0.5);
    assertThat(original.scoredCount[1]).isEqualTo(3);
    assertThat(original.driftSignalledAtMs).isEqualTo(77);
    assertThat(DetectorCodec.toBytes(copy.driftSignals[1])).isNotEqualTo(signalBefore);
    assertThat(DetectorCodec.toBytes(original.driftSignals[1])).isEqualTo(signalBefore);
    assertThat(copy.recoveryTrackers[1].toBytes()).isNotEqualTo(trackerBefore);
    assertThat(original.recoveryTrackers[1].toBytes()).isEqualTo(trackerBefore);
    assertThat(original.recentMse(1)).isEqualTo(9.0);
    assertThat(original.recentMse(0)).isNaN();
  }

  /** Appends a sample, scores what was due, and forecasts {@code value} for the last step. */
  private static float step(
      LinkForecastState state, ForecastBatch batch, long t, float value, int horizon) {
    state.append(t, 1f, 10f);
    float due = state.takeDueForecast(0, horizon, t, STEP_MS);
    batch.rows = 1;
    state.fillRow(batch, 0, 0);
    Arrays.fill(batch.forecastMbps, 0, horizon, -1f);
    batch.forecastMbps[horizon - 1] = value;
    assertThat(state.takeForecast(batch, 0, 0, STEP_MS)).isEqualTo(value);
    return due;
  }

  @Test
  void horizonOneForecastIsScoredByTheNextSample() {
    LinkForecastState state = LinkForecastState.create(4, 1, 1, new int[] {0});
    ForecastBatch batch = new ForecastBatch(1, 2, 0, 1);

    assertThat(step(state, batch, 1_000, 11f, 1)).as("nothing due at the first sample").isNaN();
    assertThat(step(state, batch, 2_000, 12f, 1)).isEqualTo(11f);
    assertThat(step(state, batch, 3_000, 13f, 1)).isEqualTo(12f);
    // the due forecast was taken: asking again at the same time finds nothing
    assertThat(state.takeDueForecast(0, 1, 4_000, STEP_MS)).isEqualTo(13f);
    assertThat(state.takeDueForecast(0, 1, 4_000, STEP_MS)).isNaN();
  }

  @Test
  void aSampleWithinHalfAStepOfTheTargetScoresIt() {
    LinkForecastState state = LinkForecastState.create(4, 1, 1, new int[] {0});
    ForecastBatch batch = new ForecastBatch(1, 2, 0, 1);

    step(state, batch, 1_000, 11f, 1); // target 2000
    assertThat(step(state, batch, 2_500, 12f, 1))
        .as("500 ms late is within half a step")
        .isEqualTo(11f);
    // target 3500
    assertThat(step(state, batch, 3_000, 13f, 1)).as("500 ms early").isEqualTo(12f);
  }

  @Test
  void aMissedTargetIsDroppedAndNeverScoresALaterSample() {
    LinkForecastState state = LinkForecastState.create(4, 1, 1, new int[] {0});
    ForecastBatch batch = new ForecastBatch(1, 2, 0, 1);

    step(state, batch, 1_000, 11f, 1); // target 2000, its truth never comes
    assertThat(step(state, batch, 2_501, 12f, 1)).as("501 ms late is too late").isNaN();
    assertThat(step(state, batch, 3_501, 13f, 1)).isEqualTo(12f);
    assertThat(step(state, batch, 6_000, 16f, 1)).isNaN();
    assertThat(step(state, batch, 7_000, 17f, 1)).isEqualTo(16f);
  }

  @Test
  void horizonThreeForecastsWaitThreeStepsEach() {
    LinkForecastState state = LinkForecastState.create(4, 1, 3, new int[] {0});
    ForecastBatch batch = new ForecastBatch(1, 2, 0, 3);

    assertThat(step(state, batch, 1_000, 101f, 3)).isNaN(); // -> 4000
    assertThat(step(state, batch, 2_000, 102f, 3)).isNaN(); // -> 5000
    assertThat(step(state, batch, 3_000, 103f, 3)).isNaN(); // -> 6000
    assertThat(step(state, batch, 4_000, 104f, 3)).isEqualTo(101f);
    assertThat(step(state, batch, 5_000, 105f, 3)).isEqualTo(102f);
    assertThat(step(state, batch, 6_000, 106f, 3)).isEqualTo(103f);
    assertThat(step(state, batch, 7_000, 107f, 3)).isEqualTo(104f);
  }

  @Test
  void horizonThreeWithIrregularTimestampsAndAGap() {
    LinkForecastState state = LinkForecastState.create(4, 1, 3, new int[] {0});
    ForecastBatch batch = new ForecastBatch(1, 2, 0, 3);

    step(state, batch, 1_000, 101f, 3); // -> 4000
    step(state, batch, 2_200, 102f, 3); // -> 5200
    step(state, batch, 3_100, 103f, 3); // -> 6100
    assertThat(step(state, batch, 4_300, 104f, 3)).isEqualTo(101f); // -> 7300
    // 5200 and 6100 never arrive: their forecasts are dropped
    assertThat(step(state, batch, 7_000, 107f, 3)).isEqualTo(104f); // -> 10000
    assertThat(step(state, batch, 8_000, 108f, 3)).isNaN(); // -> 11000
    assertThat(step(state, batch, 9_000, 109f, 3)).isNaN(); // -> 12000
    assertThat(step(state, batch, 10_000, 110f, 3)).isEqualTo(107f);
    assertThat(step(state, batch, 11_000, 111f, 3)).isEqualTo(108f);
    assertThat(step(state, batch, 12_000, 112f, 3)).isEqualTo(109f);
  }

  @Test
  void aSlightlyEarlySampleDoesNotOverwriteAnotherPendingForecast() {
    LinkForecastState state = LinkForecastState.create(4, 1, 3, new int[] {0});
    ForecastBatch batch = new ForecastBatch(1, 2, 0, 3);

    step(state, batch, 1_000, 101f, 3); // -> 4000
    step(state, batch, 2_000, 102f, 3); // -> 5000
    step(state, batch, 2_999, 103f, 3); // -> 5999, 1 ms early
    assertThat(step(state, batch, 4_000, 104f, 3)).isEqualTo(101f);
    assertThat(step(state, batch, 5_000, 105f, 3)).isEqualTo(102f);
    assertThat(step(state, batch, 6_000, 106f, 3)).isEqualTo(103f);
  }

  @Test
  void lanesKeepTheirOwnPendingForecasts() {
    LinkForecastState state = LinkForecastState.create(4, 2, 1, new int[] {0, 0});
    ForecastBatch batch = new ForecastBatch(1, 1, 0, 1);
    state.append(1_000, 1f, 10f);
    batch.rows = 1;
    state.fillRow(batch, 0, 0);
    batch.forecastMbps[0] = 5f;
    state.takeForecast(batch, 0, 0, STEP_MS);
    batch.forecastMbps[0] = 6f;
    state.takeForecast(batch, 0, 1, STEP_MS);

    assertThat(state.takeDueForecast(1, 1, 2_000, STEP_MS)).isEqualTo(6f);
    assertThat(state.takeDueForecast(0, 1, 2_000, STEP_MS)).isEqualTo(5f);
  }

  @Test
  void recurrentStateRoundTripsThroughTheBatch() {
    // lane 0 stateless, lane 1 carries 3 numbers
    LinkForecastState state = LinkForecastState.create(4, 2, 1, new int[] {0, 3});
    state.append(1_000, 1f, 10f);
    ForecastBatch batch = new ForecastBatch(2, 2, 3, 1);
    batch.rows = 2;
    Arrays.fill(batch.stateIn, 9f);

    state.fillRow(batch, 1, 1);
    assertThat(row(batch.stateIn, 1, 3)).as("a new link starts from zeros").containsOnly(0f);
    assertThat(row(batch.stateIn, 0, 3)).as("other rows untouched").containsOnly(9f);

    batch.stateOut[3] = 0.1f;
    batch.stateOut[4] = 0.2f;
    batch.stateOut[5] = 0.3f;
    state.takeForecast(batch, 1, 1, STEP_MS);
    batch.stateOut[3] = 42f; // the batch is reused: the state must not alias it
    assertThat(state.recurrentState[1]).containsExactly(0.1f, 0.2f, 0.3f);

    state.append(2_000, 2f, 10f);
    state.fillRow(batch, 0, 1);
    assertThat(row(batch.stateIn, 0, 3)).containsExactly(0.1f, 0.2f, 0.3f);

    // a stateless lane in a stateful batch gets zeros
    Arrays.fill(batch.stateIn, 9f);
    state.fillRow(batch, 0, 0);
    assertThat(row(batch.stateIn, 0, 3)).containsOnly(0f);

    // and survives a copy
    assertThat(state.copy().recurrentState[1]).containsExactly(0.1f, 0.2f, 0.3f);
  }

  @Test
  void aScheduledStateResetStartsTheLaneOverAtTheFirstSampleAtOrAfterItsTime() {
    LinkForecastState state = LinkForecastState.create(4, 2, 1, new int[] {2, 2});
    state.append(1_000, 5f, 50f);
    state.append(2_000, 6f, 50f);
    state.recurrentState[0] = new float[] {0.5f, 0.5f};
    state.recurrentState[1] = new float[] {0.7f, 0.7f};
    state.scheduleStateReset(0, 3_000);

    state.applyPendingStateReset(0); // the newest sample (2 000) is before the reset: nothing yet
    assertThat(state.recurrentState[0]).containsExactly(0.5f, 0.5f);
    assertThat(state.samplesInState(0)).isEqualTo(2);

    state.append(3_000, 9f, 50f);
    state.applyPendingStateReset(0);
    assertThat(state.recurrentState[0]).containsExactly(0f, 0f);
    assertThat(state.samplesInState(0)).isEqualTo(1);
    assertThat(state.recurrentState[1]).containsExactly(0.7f, 0.7f); // other lanes untouched
    assertThat(state.samplesInState(1)).isEqualTo(3);

    state.append(4_000, 9f, 50f);
    state.applyPendingStateReset(0); // applied once only
    assertThat(state.samplesInState(0)).isEqualTo(2);
    assertThat(state.copy().samplesInState(0)).isEqualTo(2);
  }
}
