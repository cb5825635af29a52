package io.netdrift.report;

/**
 * One adaptation event of a lane, as the report needs it.
 *
 * @param eventTimeMs event time it refers to, epoch milliseconds UTC
 * @param lane the lane (strategy) it concerns
 * @param link link direction key, null unless the event has link scope
 * @param type an {@code AdaptationEventType} name: DRIFT_DETECTED, RETRAIN_STARTED,
 *     RETRAIN_FINISHED, MODEL_SWAPPED, RETRAIN_REJECTED, ROLLBACK, REGIME_REUSED, RECOVERED, ...
 * @param modelVersionAfter model version serving after the event, when known
 * @param latencyMs retrain duration for RETRAIN_FINISHED and RETRAIN_REJECTED, when known
 */
public record AdaptationEventRow(
    long eventTimeMs,
    String lane,
    String link,
    String type,
    Long modelVersionAfter,
    Long latencyMs) {}
