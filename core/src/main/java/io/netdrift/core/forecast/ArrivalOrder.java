package io.netdrift.core.forecast;

import io.netdrift.core.validation.Rejection.ReasonCode;

/**
 * Event-time order per link: decides where an arriving sample of a link goes, given the link's last
 * processed sample and the watermark. A sample ahead of the watermark waits until the watermark
 * passes it (so the link's samples are served in event-time order); one already behind it but in
 * order for its link, and within {@code maxLatenessMs}, is served at once; a duplicate, one older
 * than the link's last processed sample, or one too far behind the watermark is rejected.
 */
public final class ArrivalOrder {

  /** Where a sample goes. */
  public enum Route {
    /** Into the micro-batch now. */
    SERVE_NOW,
    /** Kept until the watermark passes its event time. */
    WAIT_FOR_WATERMARK,
    /** To the dead letters, with a {@link Decision#reasonCode()} and a reason. */
    REJECT
  }

  /** Where a sample goes and, for a rejection, why. */
  public record Decision(Route route, ReasonCode reasonCode, String reason) {
    private static final Decision SERVE_NOW = new Decision(Route.SERVE_NOW, null, null);
    private static final Decision WAIT = new Decision(Route.WAIT_FOR_WATERMARK, null, null);

    static Decision reject(ReasonCode code, String reason) {
      return new Decision(Route.REJECT, code, reason);
    }
  }

  private final long maxLatenessMs;

  /**
   * @param maxLatenessMs how far behind the watermark a sample may still be served
   */
  public ArrivalOrder(long maxLatenessMs) {
    this.maxLatenessMs = maxLatenessMs;
  }

  /**
   * Routes an arriving sample.
   *
   * @param lastProcessedMs event time of the link's last processed sample, or {@code
   *     Long.MIN_VALUE}
   * @param watermark the current watermark, {@code Long.MIN_VALUE} before the first one
   * @param alreadyReceived a sample of the link at this event time was processed, is waiting or is
   *     buffered
   */
  public Decision onArrival(
      String linkKey,
      long timestampMs,
      long lastProcessedMs,
      long watermark,
      boolean alreadyReceived) {
    if (alreadyReceived) {
      return Decision.reject(
          ReasonCode.DUPLICATE,
          "a sample for " + linkKey + " at " + timestampMs + " was already received");
    }
    if (timestampMs < lastProcessedMs) {
      return Decision.reject(
          ReasonCode.TOO_LATE,
          "event time "
              + timestampMs
              + " is before the link's last processed sample "
              + lastProcessedMs);
    }
    if (watermark != Long.MIN_VALUE && timestampMs < watermark - maxLatenessMs) {
      return Decision.reject(
          ReasonCode.TOO_LATE,
          "event time "
              + timestampMs
              + " is more than "
              + maxLatenessMs
              + " ms behind the watermark "
              + watermark);
    }
    // already behind the watermark but in order for this link: no reason to wait
    return timestampMs <= watermark ? Decision.SERVE_NOW : Decision.WAIT;
  }

  /**
   * Checks a buffered sample again when it is served, against the link's state at that moment.
   *
   * @param lastProcessedMs event time of the link's last processed sample
   */
  public static Decision onServing(long timestampMs, long lastProcessedMs) {
    if (timestampMs > lastProcessedMs) {
      return Decision.SERVE_NOW;
    }
    return Decision.reject(
        timestampMs == lastProcessedMs ? ReasonCode.DUPLICATE : ReasonCode.TOO_LATE,
        "event time "
            + timestampMs
            + " is not after the link's last processed sample "
            + lastProcessedMs);
  }
}
