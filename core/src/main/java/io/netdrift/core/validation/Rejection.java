package io.netdrift.core.validation;

/**
 * Why an input record cannot be used: a stable machine-readable code (the dead-letter topic's
 * {@code reasonCode}) and a sentence naming the offending field and value.
 */
public record Rejection(ReasonCode code, String reason) {

  /**
   * Longest reason kept: reasons quote input values, and a dead letter must stay far below the
   * sink's request size whatever a producer sent.
   */
  public static final int MAX_REASON_CHARS = 1024;

  public Rejection {
    if (reason != null && reason.length() > MAX_REASON_CHARS) {
      reason = reason.substring(0, MAX_REASON_CHARS - 3) + "...";
    }
  }

  /** The reasons netdrift rejects input for; stable names, consumers may switch on them. */
  public enum ReasonCode {
    UNDECODABLE,
    WRONG_SCHEMA,
    /** The schema registry did not answer for the record's schema id: replayable once it does. */
    REGISTRY_UNAVAILABLE,
    NOT_FINITE,
    NEGATIVE_VALUE,
    IMPOSSIBLE_VALUE,
    UNKNOWN_LINK,
    UNKNOWN_NODE,
    TOO_LATE,
    TOO_EARLY,
    DUPLICATE
  }

  public static Rejection of(ReasonCode code, String reason) {
    return new Rejection(code, reason);
  }
}
