package io.netdrift.report;

import java.util.List;

/**
 * What a lane's adaptation did over the run, counted from its adaptation events.
 *
 * @param retrains finished retrains, accepted or rejected (RETRAIN_FINISHED / RETRAIN_REJECTED),
 *     each counted once however many links its scope has (by event time)
 * @param meanRetrainMillis mean duration of those retrains that report one; NaN when none does
 * @param modelSwaps MODEL_SWAPPED events
 * @param rejectedRetrains RETRAIN_REJECTED events
 * @param rollbacks ROLLBACK events
 * @param maxModelVersion highest model version seen after an event; null when none was reported
 */
public record AdaptationCounts(
    long retrains,
    double meanRetrainMillis,
    long modelSwaps,
    long rejectedRetrains,
    long rollbacks,
    Long maxModelVersion) {

  static AdaptationCounts of(String lane, List<AdaptationEventRow> events) {
    // A retrain emits its events once per link of its scope, all at the same event time: count
    // each retrain (swap, rollback) once, by event time.
    java.util.Map<Long, Long> retrainMillis = new java.util.HashMap<>();
    java.util.Set<Long> finished = new java.util.HashSet<>();
    java.util.Set<Long> rejected = new java.util.HashSet<>();
    java.util.Set<Long> swaps = new java.util.HashSet<>();
    java.util.Set<Long> rollbacks = new java.util.HashSet<>();
    Long maxVersion = null;
    for (AdaptationEventRow event : events) {
      if (!lane.equals(event.lane())) {
        continue;
      }
      String type = event.type() == null ? "" : event.type();
      long time = event.eventTimeMs();
      switch (type) {
        case "RETRAIN_REJECTED", "RETRAIN_FINISHED" -> {
          finished.add(time);
          if (type.equals("RETRAIN_REJECTED")) {
            rejected.add(time);
          }
          if (event.latencyMs() != null) {
            retrainMillis.putIfAbsent(time, event.latencyMs());
          }
        }
        case "MODEL_SWAPPED" -> swaps.add(time);
        case "ROLLBACK" -> rollbacks.add(time);
        default -> {
          // drift, start, regime and recovery events are not counted here
        }
      }
      if (event.modelVersionAfter() != null
          && (maxVersion == null || event.modelVersionAfter() > maxVersion)) {
        maxVersion = event.modelVersionAfter();
      }
    }
    return new AdaptationCounts(
        finished.size(),
        retrainMillis.isEmpty()
            ? Double.NaN
            : retrainMillis.values().stream()
                .mapToLong(Long::longValue)
                .average()
                .orElse(Double.NaN),
        swaps.size(),
        rejected.size(),
        rollbacks.size(),
        maxVersion);
  }
}
