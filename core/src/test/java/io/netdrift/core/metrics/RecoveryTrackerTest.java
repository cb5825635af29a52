package io.netdrift.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.netdrift.core.metrics.RecoveryTracker.Recovery;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RecoveryTrackerTest {

  private static final int MARK_AT = 500;
  private static final int ERROR_FALLS_AT = 600;

  /**
   * Forecast errors of a link in Mbps: N(0, 10²) before {@code MARK_AT}, N(0, 50²) from the drift
   * to {@code ERROR_FALLS_AT} (the model adapts there), N(0, 10²) after, unless {@code staysHigh}.
   */
  private static double[] errors(long seed, int length, boolean staysHigh) {
    Random random = new Random(seed);
    double[] e = new double[length];
    for (int i = 0; i < length; i++) {
      boolean high = i >= MARK_AT && (staysHigh || i < ERROR_FALLS_AT);
      e[i] = random.nextGaussian() * (high ? 50 : 10);
    }
    return e;
  }

  /** Feeds forecast = 1000 + error against actual 1000, marking before step {@code MARK_AT}. */
  private static List<Recovery> run(RecoveryTracker tracker, double[] errors) {
    List<Recovery> recoveries = new ArrayList<>();
    for (int i = 0; i < errors.length; i++) {
      if (i == MARK_AT) {
        assertThat(tracker.markDrift(60_000L * i)).isTrue();
      }
      tracker.update(1000 + errors[i], 1000).ifPresent(recoveries::add);
    }
    return recoveries;
  }

  /** A tracker whose rolling RMSE is the last error alone (window 1). */
  private static RecoveryTracker lastErrorTracker(int confirmSteps) {
    return new RecoveryTracker(1, 16, 0.2, confirmSteps, 1.0);
  }

  /** Squared errors of {@code value} Mbps, {@code times} times; recoveries seen. */
  private static List<Recovery> feed(RecoveryTracker t, double value, int times) {
    List<Recovery> out = new ArrayList<>();
    for (int i = 0; i < times; i++) {
      t.updateSquaredError(value * value).ifPresent(out::add);
    }
    return out;
  }

  @Test
  void reportsTheRecoveryOnceWithinTheExpectedStepWindow() {
    // After the error falls back, the rolling mean square decays by 7/9 a step from ~2500 to the
    // band (1.2 x 10)² = 144: about 16 steps, so the run starts ~116 steps after the mark.
    for (long seed = 0; seed < 20; seed++) {
      RecoveryTracker tracker = new RecoveryTracker();
      List<Recovery> recoveries = run(tracker, errors(seed, 1200, false));

      assertThat(recoveries).as("seed %d", seed).hasSize(1);
      Recovery r = recoveries.get(0);
      assertThat(r.stepsToRecover()).as("seed %d", seed).isBetween(108L, 140L);
      assertThat(r.stepsToConfirm()).isEqualTo(r.stepsToRecover() + 2);
      assertThat(r.preDriftRmse()).as("seed %d", seed).isBetween(8.0, 12.0);
      assertThat(r.worstRmse()).as("seed %d", seed).isBetween(35.0, 120.0);
      assertThat(r.driftEventTimeMs()).isEqualTo(60_000L * MARK_AT);
      assertThat(r.marks()).isEqualTo(1);
      assertThat(tracker.inEpisode()).isFalse();
      assertThat(tracker.preDriftRmse()).isNaN();
    }
  }

  @Test
  void neverRecoversWhileTheErrorStaysHigh() {
    for (long seed = 0; seed < 5; seed++) {
      RecoveryTracker tracker = new RecoveryTracker();
      double[] errors = errors(seed, 3000, true);
      List<Recovery> recoveries = run(tracker, errors);

      assertThat(recoveries).as("seed %d", seed).isEmpty();
      assertThat(tracker.inEpisode()).isTrue();
      assertThat(tracker.stepsSinceMark()).isEqualTo(3000 - MARK_AT);
      assertThat(tracker.worstRmse()).isGreaterThan(tracker.rollingRmse());
      // The baseline was frozen at the mark: the high errors did not become the level.
      assertThat(tracker.baselineRmse()).isEqualTo(tracker.preDriftRmse()).isLessThan(12);
    }
  }

  @Test
  void oneLuckySampleIsNotARecovery() {
    RecoveryTracker t = lastErrorTracker(3);
    feed(t, 10, 50);
    assertThat(t.markDrift(0)).isTrue();
    assertThat(t.preDriftRmse()).isCloseTo(10, within(1e-9));
    feed(t, 100, 5);
    // Lucky samples of 11 Mbps (within 1.2 x 10), alone or in pairs, between high errors.
    assertThat(feed(t, 11, 1)).isEmpty();
    assertThat(feed(t, 100, 1)).isEmpty();
    assertThat(feed(t, 11, 2)).isEmpty();
    assertThat(feed(t, 100, 1)).isEmpty();
    assertThat(t.inEpisode()).isTrue();
    // Steps 1-5 high, 6 lucky, 7 high, 8-9 lucky, 10 high; 11, 12, 13 in band: recovered at 13.
    List<Recovery> recovered = feed(t, 11.5, 3);
    assertThat(recovered).hasSize(1);
    assertThat(recovered.get(0).stepsToRecover()).isEqualTo(11);
    assertThat(recovered.get(0).stepsToConfirm()).isEqualTo(13);
    assertThat(recovered.get(0).worstRmse()).isCloseTo(100, within(1e-9));
    assertThat(feed(t, 11.5, 20)).as("exactly once").isEmpty();
  }

  @Test
  void stepsBeforeTheErrorRisesAreNotARecovery() {
    // A network event marks the link before its error rises: the steps still in band between the
    // mark and the rise must not confirm a recovery.
    RecoveryTracker t = new RecoveryTracker();
    feed(t, 10, 100);
    t.markDrift(0);
    assertThat(feed(t, 10, 5)).isEmpty();
    assertThat(feed(t, 100, 30)).isEmpty();
    List<Recovery> recovered = feed(t, 10, 60);
    assertThat(recovered).hasSize(1);
    assertThat(recovered.get(0).degraded()).isTrue();
    assertThat(recovered.get(0).stepsToRecover()).isBetween(36L, 60L);
  }

  @Test
  void anEpisodeThatNeverDegradesEndsAfterAWindowWithZeroSteps() {
    RecoveryTracker t = new RecoveryTracker(); // window 8, 3 confirming steps
    feed(t, 10, 100);
    t.markDrift(0);
    List<Recovery> recovered = feed(t, 10, 20);
    assertThat(recovered).hasSize(1);
    assertThat(recovered.get(0).degraded()).isFalse();
    assertThat(recovered.get(0).stepsToRecover()).isZero();
    assertThat(recovered.get(0).stepsToConfirm()).isEqualTo(8 + 3);
    assertThat(t.inEpisode()).isFalse();
  }

  @Test
  void withoutConfirmationTheLuckySampleWouldCount() {
    RecoveryTracker t = lastErrorTracker(1);
    feed(t, 10, 50);
    t.markDrift(0);
    feed(t, 100, 5);
    List<Recovery> recovered = feed(t, 11, 1);
    assertThat(recovered).hasSize(1);
    assertThat(recovered.get(0).stepsToRecover()).isEqualTo(6);
  }

  @Test
  void aSecondMarkBeforeTheRecoveryKeepsTheEpisode() {
    RecoveryTracker t = lastErrorTracker(3);
    feed(t, 10, 50);
    t.markDrift(1_000);
    feed(t, 100, 10); // the failure
    feed(t, 11, 2); // nearly recovered...
    assertThat(t.markDrift(2_000)).isTrue(); // ...when the repair comes
    assertThat(feed(t, 11, 1)).as("the in-band run restarted at the mark").isEmpty();
    feed(t, 60, 4); // the repair disturbs the adapted model
    assertThat(t.preDriftRmse()).isCloseTo(10, within(1e-9));
    List<Recovery> recovered = feed(t, 9, 3);
    assertThat(recovered)
        .containsExactly(new Recovery(1_000, 2, 18, 20, 10.0, 100.0))
        .allSatisfy(r -> assertThat(r.preDriftRmse()).isEqualTo(10.0));
  }

  @Test
  void aMarkAfterTheRecoveryStartsANewEpisodeFromTheBaseline() {
    RecoveryTracker t = lastErrorTracker(2);
    feed(t, 10, 50);
    t.markDrift(0);
    feed(t, 100, 30);
    assertThat(feed(t, 10, 2)).hasSize(1);
    // Fed again after the recovery, the baseline (window 16) forgets the old level.
    feed(t, 5, 200);
    assertThat(t.baselineRmse()).isCloseTo(5, within(1e-6));
    t.markDrift(1);
    assertThat(t.preDriftRmse()).isCloseTo(5, within(1e-6));
    assertThat(t.worstRmse()).isCloseTo(5, within(1e-9));
  }

  @Test
  void aLevelOfZeroIsFlooredSoTheLinkCanRecover() {
    RecoveryTracker t = new RecoveryTracker(4, 16, 0.2, 3, 2.0);
    feed(t, 0, 100); // a perfect model on an idle link
    t.markDrift(0);
    assertThat(t.preDriftRmse()).isEqualTo(2.0);
    feed(t, 40, 10);
    List<Recovery> recovered = feed(t, 0.5, 40);
    assertThat(recovered).hasSize(1);
    assertThat(recovered.get(0).preDriftRmse()).isEqualTo(2.0);
  }

  @Test
  void aMarkBeforeAnyScoredStepIsIgnored() {
    RecoveryTracker t = new RecoveryTracker();
    assertThat(t.markDrift(5)).isFalse();
    assertThat(t.inEpisode()).isFalse();
    assertThat(feed(t, 100, 50)).isEmpty();
  }

  @Test
  void rollingRmseUsesTheWeightsOfRollingError() {
    RecoveryTracker t = new RecoveryTracker(8, 64, 0.2, 3, 1.0);
    RollingError reference = new RollingError(8);
    double[] e = errors(3, 300, false);
    for (double v : e) {
      t.update(1000 + v, 1000);
      reference.update(1000 + v, 1000);
      assertThat(t.rollingRmse()).isCloseTo(reference.rmse(), within(1e-9));
    }
    RecoveryTracker squared = new RecoveryTracker(8, 64, 0.2, 3, 1.0);
    for (double v : e) {
      squared.updateSquaredError(v * v);
    }
    assertThat(squared.rollingRmse()).isCloseTo(t.rollingRmse(), within(1e-9));
    assertThat(squared.baselineRmse()).isCloseTo(t.baselineRmse(), within(1e-9));
  }

  @Test
  void rejectsNonFiniteValuesAndLeavesTheStateUnchanged() {
    RecoveryTracker t = new RecoveryTracker();
    feed(t, 3, 5);
    byte[] before = t.toBytes();
    assertThatThrownBy(() -> t.update(Double.NaN, 1)).hasMessageContaining("finite");
    assertThatThrownBy(() -> t.update(1, Double.POSITIVE_INFINITY)).hasMessageContaining("finite");
    assertThatThrownBy(() -> t.updateSquaredError(-1)).hasMessageContaining(">= 0");
    assertThatThrownBy(() -> t.updateSquaredError(Double.NaN)).hasMessageContaining("finite");
    assertThat(t.toBytes()).isEqualTo(before);
  }

  @Test
  void rejectsBadHyperParametersNamingThem() {
    assertThatThrownBy(() -> new RecoveryTracker(0, 64, 0.2, 3, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("windowSteps");
    assertThatThrownBy(() -> new RecoveryTracker(8, 4, 0.2, 3, 1))
        .hasMessageContaining("baselineSteps must be >= windowSteps (8)");
    assertThatThrownBy(() -> new RecoveryTracker(8, 64, -0.1, 3, 1))
        .hasMessageContaining("tolerance");
    assertThatThrownBy(() -> new RecoveryTracker(8, 64, Double.NaN, 3, 1))
        .hasMessageContaining("tolerance");
    assertThatThrownBy(() -> new RecoveryTracker(8, 64, 0.2, 0, 1))
        .hasMessageContaining("confirmSteps");
    assertThatThrownBy(() -> new RecoveryTracker(8, 64, 0.2, 3, 0))
        .hasMessageContaining("minLevelMbps");
  }

  @Test
  void restoredAtAnyStepContinuesExactlyLikeTheOriginal() {
    double[] e = errors(7, 900, false);
    for (int snapshotAt : new int[] {0, 3, 499, 500, 550, 610, 620, 700, 899}) {
      RecoveryTracker original = new RecoveryTracker();
      List<Optional<Recovery>> before = new ArrayList<>();
      RecoveryTracker restored = null;
      List<Optional<Recovery>> after = new ArrayList<>();
      for (int i = 0; i < e.length; i++) {
        if (i == snapshotAt) {
          byte[] bytes = original.toBytes();
          assertThat(bytes).hasSize(RecoveryTracker.STATE_BYTES);
          restored = RecoveryTracker.fromBytes(bytes);
          assertThat(restored.toBytes()).isEqualTo(bytes);
        }
        if (i == MARK_AT) {
          original.markDrift(i);
          if (restored != null) {
            restored.markDrift(i);
          }
        }
        before.add(original.update(1000 + e[i], 1000));
        if (restored != null) {
          after.add(restored.update(1000 + e[i], 1000));
        }
      }
      assertThat(after).as("snapshot at %d", snapshotAt).isEqualTo(before.subList(snapshotAt, 900));
      assertThat(before).filteredOn(Optional::isPresent).hasSize(1);
      assertThat(restored.toBytes()).isEqualTo(original.toBytes());
    }
    RecoveryTracker custom = new RecoveryTracker(2, 5, 0.5, 4, 0.25);
    RecoveryTracker copy = RecoveryTracker.fromBytes(custom.toBytes());
    assertThat(copy.windowSteps()).isEqualTo(2);
    assertThat(copy.baselineSteps()).isEqualTo(5);
    assertThat(copy.tolerance()).isEqualTo(0.5);
    assertThat(copy.confirmSteps()).isEqualTo(4);
    assertThat(copy.minLevelMbps()).isEqualTo(0.25);
  }

  @Test
  void rejectsForeignOrCorruptState() {
    byte[] bytes = new RecoveryTracker().toBytes();
    byte[] future = bytes.clone();
    future[0] = 9;
    assertThatThrownBy(() -> RecoveryTracker.fromBytes(future)).hasMessageContaining("version 9");
    assertThatThrownBy(() -> RecoveryTracker.fromBytes(new byte[bytes.length - 1]))
        .hasMessageContaining("bytes");
    byte[] badFlags = bytes.clone();
    badFlags[1 + 28 + 32] = 8;
    assertThatThrownBy(() -> RecoveryTracker.fromBytes(badFlags)).hasMessageContaining("flags 8");
    byte[] badWindow = bytes.clone();
    badWindow[4] = 0; // windowSteps 8 -> 0
    assertThatThrownBy(() -> RecoveryTracker.fromBytes(badWindow))
        .hasMessageContaining("windowSteps");
  }

  @Test
  void resetForgetsEverything() {
    RecoveryTracker t = new RecoveryTracker();
    feed(t, 10, 50);
    t.markDrift(1);
    feed(t, 100, 5);
    t.reset();
    assertThat(t.toBytes()).isEqualTo(new RecoveryTracker().toBytes());
  }
}
