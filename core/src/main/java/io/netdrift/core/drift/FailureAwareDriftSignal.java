package io.netdrift.core.drift;

import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/**
 * Fuses what the network announces with what the errors show, for one link direction.
 *
 * <p>A network event (LINK_DOWN/UP, NODE_DOWN/UP, REROUTE) whose re-routing changes this link's
 * load marks it through {@link #markByNetworkEvent(long)}: the link is {@link State#SIGNALLED} at
 * once, so adaptation can start before any statistical test could have enough post-change samples.
 * Which links an event touches (the detour paths, not only the failed link) is decided upstream by
 * the topology/routing state; this class only takes the fact. The statistical detector keeps
 * running on the prediction error; it was not reset by the mark, because it needs the pre-event
 * history to compare with:
 *
 * <ul>
 *   <li>if it fires within {@code confirmationHorizonSamples} updates after the mark, the signal
 *       becomes {@link State#CONFIRMED} (the re-routing really changed what the model must learn);
 *   <li>if the horizon passes without a detection, it becomes {@link State#CLEARED} (the detour did
 *       not change the load enough to matter: an adaptation started on the mark may be rolled
 *       back);
 *   <li>outside a signalled period, a detection alone makes it {@link State#DETECTED} (drift with
 *       no announced cause, e.g. a traffic change).
 * </ul>
 *
 * A second mark restarts the horizon. Detector firings after a confirmation and within the horizon
 * of the mark belong to the same episode and cause no transition (one adaptation per failure, not
 * one per ADWIN cut). Every change is reported as a {@link Transition}, which carries what an
 * adaptation event needs (detector, statistic, times).
 */
public final class FailureAwareDriftSignal {

  /** Name reported as the detector of a transition caused by a network event. */
  public static final String NETWORK_EVENT = "network-event";

  /** Where the link stands. All states but SIGNALLED monitor with the detector alone. */
  public enum State {
    /** Nothing happened since construction or reset. */
    STABLE,
    /** Marked by a network event, waiting for the detector within the horizon. */
    SIGNALLED,
    /** The detector confirmed the network event's drift. */
    CONFIRMED,
    /** The horizon passed without a detection: the event did not change the error. */
    CLEARED,
    /** The detector fired with no network event pending. */
    DETECTED
  }

  /** Why a transition happened. */
  public enum Cause {
    NETWORK_EVENT,
    DETECTOR,
    HORIZON_ELAPSED
  }

  /**
   * One state change.
   *
   * @param from state before
   * @param to state after
   * @param cause what made it
   * @param detector {@value #NETWORK_EVENT} or the statistical detector's name
   * @param statistic the detector's statistic at the time (NaN for a network event)
   * @param sampleIndex 0-based index of the update that caused it (for a mark: updates seen so far)
   * @param eventTimeMs event time of that update or of the network event
   * @param samplesSinceMark updates between the mark and this transition (0 for the mark itself, -1
   *     without a pending mark): the confirmation delay
   */
  public record Transition(
      State from,
      State to,
      Cause cause,
      String detector,
      double statistic,
      long sampleIndex,
      long eventTimeMs,
      long samplesSinceMark) {}

  private final DriftDetector detector;
  private final int confirmationHorizonSamples;

  private State state = State.STABLE;
  private long samplesSeen;
  private long samplesSinceMark = -1;
  private long markEventTimeMs;

  /**
   * @param detector the statistical detector fed with the prediction error (owned by the signal)
   * @param confirmationHorizonSamples updates after a mark within which the detector must fire to
   *     confirm it (≥ 1)
   */
  public FailureAwareDriftSignal(DriftDetector detector, int confirmationHorizonSamples) {
    this.detector = Objects.requireNonNull(detector, "detector");
    if (confirmationHorizonSamples < 1) {
      throw new IllegalArgumentException(
          "confirmationHorizonSamples must be >= 1, got " + confirmationHorizonSamples);
    }
    this.confirmationHorizonSamples = confirmationHorizonSamples;
  }

  /** Marks the link as drifted now because a network event re-routes its load. */
  public Transition markByNetworkEvent(long eventTimeMs) {
    State from = state;
    state = State.SIGNALLED;
    samplesSinceMark = 0;
    markEventTimeMs = eventTimeMs;
    return new Transition(
        from,
        State.SIGNALLED,
        Cause.NETWORK_EVENT,
        NETWORK_EVENT,
        Double.NaN,
        samplesSeen,
        eventTimeMs,
        0);
  }

  /**
   * Feeds one value (the link's prediction error) to the detector and advances the state.
   *
   * @return the transition this update caused, if any
   */
  public Optional<Transition> update(long eventTimeMs, double value) {
    long index = samplesSeen++;
    boolean fired = detector.update(value).driftDetected();
    if (state == State.SIGNALLED) {
      samplesSinceMark++;
      if (fired) {
        return Optional.of(settle(State.CONFIRMED, Cause.DETECTOR, index, eventTimeMs));
      }
      if (samplesSinceMark >= confirmationHorizonSamples) {
        return Optional.of(settle(State.CLEARED, Cause.HORIZON_ELAPSED, index, eventTimeMs));
      }
      return Optional.empty();
    }
    if (samplesSinceMark >= 0) {
      // CONFIRMED, still within the horizon of its mark: further firings (ADWIN keeps cutting as
      // its window sheds the old concept) belong to the same episode.
      samplesSinceMark++;
      if (samplesSinceMark >= confirmationHorizonSamples) {
        samplesSinceMark = -1;
      }
      return Optional.empty();
    }
    if (fired) {
      State from = state;
      state = State.DETECTED;
      return Optional.of(
          new Transition(
              from,
              State.DETECTED,
              Cause.DETECTOR,
              detector.name(),
              detector.statistic(),
              index,
              eventTimeMs,
              -1));
    }
    return Optional.empty();
  }

  private Transition settle(State to, Cause cause, long index, long eventTimeMs) {
    Transition t =
        new Transition(
            state,
            to,
            cause,
            detector.name(),
            detector.statistic(),
            index,
            eventTimeMs,
            samplesSinceMark);
    state = to;
    // A confirmed episode lasts until the horizon of its mark; a cleared one is over.
    samplesSinceMark = to == State.CONFIRMED ? samplesSinceMark : -1;
    return t;
  }

  public State state() {
    return state;
  }

  /** Whether a network-event mark waits for confirmation. */
  public boolean isSignalled() {
    return state == State.SIGNALLED;
  }

  /** Event time of the pending (or last) mark; meaningful after a mark. */
  public long markEventTimeMs() {
    return markEventTimeMs;
  }

  public int confirmationHorizonSamples() {
    return confirmationHorizonSamples;
  }

  /** The statistical detector (read it; feed it only through {@link #update}). */
  public DriftDetector detector() {
    return detector;
  }

  /** Updates fed since construction or reset. */
  public long samplesSeen() {
    return samplesSeen;
  }

  /** Back to STABLE with a fresh detector (e.g. when the link is removed and re-added). */
  public void reset() {
    detector.reset();
    state = State.STABLE;
    samplesSeen = 0;
    samplesSinceMark = -1;
    markEventTimeMs = 0;
  }

  void writeState(StateWriter out) {
    out.writeInt(confirmationHorizonSamples);
    out.writeByte(state.ordinal());
    out.writeLong(samplesSeen);
    out.writeLong(samplesSinceMark);
    out.writeLong(markEventTimeMs);
  }

  static Snapshot readState(StateReader in) throws IOException {
    int horizon = in.readInt();
    int stateOrdinal =
        DetectorArguments.requireStateSize(in.readByte(), State.values().length - 1, "state");
    return new Snapshot(
        horizon, State.values()[stateOrdinal], in.readLong(), in.readLong(), in.readLong());
  }

  /** The signal's own fields, read before its detector. */
  record Snapshot(
      int horizon, State state, long samplesSeen, long samplesSinceMark, long markEventTimeMs) {

    FailureAwareDriftSignal restore(DriftDetector detector) {
      FailureAwareDriftSignal s = new FailureAwareDriftSignal(detector, horizon);
      s.state = state;
      s.samplesSeen = samplesSeen;
      s.samplesSinceMark = samplesSinceMark;
      s.markEventTimeMs = markEventTimeMs;
      return s;
    }
  }
}
