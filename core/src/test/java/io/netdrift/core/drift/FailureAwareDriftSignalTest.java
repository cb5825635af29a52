package io.netdrift.core.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netdrift.core.drift.FailureAwareDriftSignal.Cause;
import io.netdrift.core.drift.FailureAwareDriftSignal.State;
import io.netdrift.core.drift.FailureAwareDriftSignal.Transition;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailureAwareDriftSignalTest {

  private static List<Transition> feed(
      FailureAwareDriftSignal signal, double[] v, int from, int to) {
    List<Transition> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      signal.update(1000L * i, v[i]).ifPresent(out::add);
    }
    return out;
  }

  @Test
  void aNetworkEventSignalsAtOnceAndTheDetectorConfirms() {
    FailureAwareDriftSignal signal = new FailureAwareDriftSignal(new AdwinDetector(), 100);
    double[] errors = TestStreams.meanShift(1, 1300, 1000, 3);
    assertThat(feed(signal, errors, 0, 1000)).isEmpty();

    Transition mark = signal.markByNetworkEvent(999_500);
    assertThat(mark.from()).isEqualTo(State.STABLE);
    assertThat(mark.to()).isEqualTo(State.SIGNALLED);
    assertThat(mark.cause()).isEqualTo(Cause.NETWORK_EVENT);
    assertThat(mark.detector()).isEqualTo("network-event");
    assertThat(signal.isSignalled()).isTrue();

    List<Transition> after = feed(signal, errors, 1000, 1300);
    assertThat(after).isNotEmpty();
    Transition confirmed = after.get(0);
    assertThat(confirmed.from()).isEqualTo(State.SIGNALLED);
    assertThat(confirmed.to()).isEqualTo(State.CONFIRMED);
    assertThat(confirmed.cause()).isEqualTo(Cause.DETECTOR);
    assertThat(confirmed.detector()).isEqualTo("adwin");
    assertThat(confirmed.statistic()).isGreaterThan(2);
    assertThat(confirmed.sampleIndex()).isBetween(1000L, 1049L);
    assertThat(confirmed.samplesSinceMark()).isEqualTo(confirmed.sampleIndex() - 999);
    assertThat(confirmed.eventTimeMs()).isEqualTo(1000L * confirmed.sampleIndex());
  }

  @Test
  void firingsAfterAConfirmationBelongToTheSameEpisodeUntilTheHorizon() {
    FailureAwareDriftSignal signal = new FailureAwareDriftSignal(new AdwinDetector(), 300);
    // Mark at 1000, shift at 1000, a second shift at 2000: far after the horizon.
    double[] errors = TestStreams.meanShift(6, 3000, 1000, 3);
    for (int i = 2000; i < errors.length; i++) {
      errors[i] += 3;
    }
    feed(signal, errors, 0, 1000);
    signal.markByNetworkEvent(0);
    List<Transition> after = feed(signal, errors, 1000, 3000);
    assertThat(after).extracting(Transition::to).startsWith(State.CONFIRMED, State.DETECTED);
    assertThat(after.get(0).sampleIndex()).isBetween(1000L, 1049L);
    assertThat(after.get(1).sampleIndex()).isBetween(2000L, 2049L);
    assertThat(after.get(1).from()).isEqualTo(State.CONFIRMED);
  }

  @Test
  void anEventThatDoesNotChangeTheErrorIsClearedAfterTheHorizon() {
    FailureAwareDriftSignal signal = new FailureAwareDriftSignal(new AdwinDetector(), 100);
    double[] errors = TestStreams.stable(2, 1200);
    feed(signal, errors, 0, 1000);
    signal.markByNetworkEvent(0);
    List<Transition> after = feed(signal, errors, 1000, 1200);
    assertThat(after).hasSize(1);
    assertThat(after.get(0).to()).isEqualTo(State.CLEARED);
    assertThat(after.get(0).cause()).isEqualTo(Cause.HORIZON_ELAPSED);
    assertThat(after.get(0).sampleIndex()).isEqualTo(1099);
    assertThat(after.get(0).samplesSinceMark()).isEqualTo(100);
    assertThat(signal.isSignalled()).isFalse();
  }

  @Test
  void aDriftWithoutAnEventIsReportedAsDetected() {
    FailureAwareDriftSignal signal = new FailureAwareDriftSignal(new AdwinDetector(), 100);
    List<Transition> t = feed(signal, TestStreams.meanShift(3, 1200, 1000, 3), 0, 1200);
    assertThat(t).isNotEmpty();
    assertThat(t.get(0).from()).isEqualTo(State.STABLE);
    assertThat(t.get(0).to()).isEqualTo(State.DETECTED);
    assertThat(t.get(0).samplesSinceMark()).isEqualTo(-1);
  }

  @Test
  void aSecondEventRestartsTheHorizon() {
    FailureAwareDriftSignal signal = new FailureAwareDriftSignal(new AdwinDetector(), 100);
    double[] errors = TestStreams.stable(4, 1300);
    feed(signal, errors, 0, 1000);
    signal.markByNetworkEvent(1);
    assertThat(feed(signal, errors, 1000, 1080)).isEmpty();
    Transition again = signal.markByNetworkEvent(2);
    assertThat(again.from()).isEqualTo(State.SIGNALLED);
    List<Transition> after = feed(signal, errors, 1080, 1300);
    assertThat(after).extracting(Transition::sampleIndex).containsExactly(1179L);
  }

  @Test
  void resetReturnsToStable() {
    FailureAwareDriftSignal signal = new FailureAwareDriftSignal(new AdwinDetector(), 10);
    signal.markByNetworkEvent(5);
    signal.update(6, 1.0);
    signal.reset();
    assertThat(signal.state()).isEqualTo(State.STABLE);
    assertThat(signal.samplesSeen()).isZero();
    assertThat(signal.detector().samplesSeen()).isZero();
  }

  @Test
  void rejectsABadHorizon() {
    assertThatThrownBy(() -> new FailureAwareDriftSignal(new AdwinDetector(), 0))
        .hasMessageContaining("confirmationHorizonSamples");
  }
}
