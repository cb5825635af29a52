package io.netdrift.core.adaptation;

/**
 * Something an adaptive lane did, for the operator to publish as an adaptation event: plain data,
 * so the core stays free of the Avro and Flink types.
 *
 * @param type what happened
 * @param linkKey the link direction concerned ({@code linkId:src>dst}), or null for the whole scope
 * @param scope the scope (regime) the action belongs to
 * @param versionBefore model version serving before, or -1
 * @param versionAfter model version serving after, or -1
 * @param samples training samples (retrains), or -1
 * @param latencyMs duration (retrains), or -1
 * @param errorBefore RMSE before (the serving version on the held-back samples), Mbps, or NaN
 * @param errorAfter RMSE after (the candidate on the held-back samples), Mbps, or NaN
 * @param eventTimeMs the event time the action refers to (newest sample it saw)
 * @param detail a sentence for people
 */
public record AdaptationAction(
    Type type,
    String linkKey,
    String scope,
    long versionBefore,
    long versionAfter,
    long samples,
    long latencyMs,
    double errorBefore,
    double errorAfter,
    long eventTimeMs,
    String detail) {

  /** Mirrors the adaptation-event types a lane produces. */
  public enum Type {
    RETRAIN_STARTED,
    RETRAIN_FINISHED,
    MODEL_SWAPPED,
    RETRAIN_REJECTED,
    ROLLBACK,
    REGIME_REUSED
  }

  /** The same action for one member link of the scope. */
  public AdaptationAction forLink(String link) {
    return new AdaptationAction(
        type,
        link,
        scope,
        versionBefore,
        versionAfter,
        samples,
        latencyMs,
        errorBefore,
        errorAfter,
        eventTimeMs,
        detail);
  }
}
