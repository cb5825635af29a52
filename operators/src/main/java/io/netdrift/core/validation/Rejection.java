package io.netdrift.core.validation;

/**
 * Why an input record cannot be used: a stable machine-readable code (the dead-letter topic's
 * {@code reasonCode}) and a sentence naming the offending field and value.
 */
public record Rejection(ReasonCode code, String reason) {

  /** The reasons netdrift rejects input for; stable names, consumers may switch on them. */
  public enum ReasonCode {
    UNDECODABLE,
    WRONG_SCHEMA,
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
