package io.netdrift.report;

import java.util.List;

/**
 * What a lane's adaptation did over the run, counted from its adaptation events.
 *
 * @param retrains finished retrains, accepted or rejected (RETRAIN_FINISHED + RETRAIN_REJECTED)
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
    long retrains = 0;
    long timedRetrains = 0;
    double retrainMillis = 0;
    long swaps = 0;
    long rejected = 0;
    long rollbacks = 0;
    Long maxVersion = null;
    for (AdaptationEventRow event : events) {
      if (!lane.equals(event.lane())) {
        continue;
      }
      String type = event.type() == null ? "" : event.type();
      switch (type) {
        case "RETRAIN_REJECTED", "RETRAIN_FINISHED" -> {
          retrains++;
          rejected += type.equals("RETRAIN_REJECTED") ? 1 : 0;
          if (event.latencyMs() != null) {
            timedRetrains++;
            retrainMillis += event.latencyMs();
          }
        }
        case "MODEL_SWAPPED" -> swaps++;
        case "ROLLBACK" -> rollbacks++;
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
        retrains,
        timedRetrains == 0 ? Double.NaN : retrainMillis / timedRetrains,
        swaps,
        rejected,
        rollbacks,
        maxVersion);
  }
}
