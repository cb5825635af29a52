package io.netdrift.core.adaptation;

import io.netdrift.core.adaptation.AdaptationAction.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rollback watch of an {@link AdaptiveLane}: after a promotion, the replaced version keeps
 * forecasting the scope's links in shadow for a window of {@link
 * AdaptationPolicy#rollbackWindowSteps()} samples per link; both versions are scored against the
 * truth, and if the promoted one did worse the scope goes back to its predecessor (and the regime
 * remembers the predecessor). The running sums live in the {@link Scope} (they are checkpointed);
 * the forecasts awaiting their truth live here (they are not: a restore loses at most a few
 * scores). Owned by the task thread of its lane.
 */
final class ShadowComparison {
  private final AdaptationPolicy policy;
  private final long stepMs;

  /** The lane's regime memory: a rollback makes the regime remember the predecessor. */
  private final Map<String, Long> regimeMemory;

  /** Per link, the shadow forecasts awaiting their truth, oldest target first (one per horizon). */
  private final Map<String, java.util.ArrayDeque<ShadowForecast>> pending = new HashMap<>();

  /** The serving and the previous version's forecast of one link for one target time. */
  private record ShadowForecast(float servingMbps, float previousMbps, long targetMs) {}

  ShadowComparison(AdaptationPolicy policy, long stepMs, Map<String, Long> regimeMemory) {
    this.policy = policy;
    this.stepMs = stepMs;
    this.regimeMemory = regimeMemory;
  }

  /** A promoted version starts serving the scope: its predecessor runs in shadow from now. */
  static void start(Scope scope, long previousVersion) {
    scope.previousVersion = previousVersion;
    scope.servingSquares = 0;
    scope.previousSquares = 0;
    scope.shadowScored = 0;
  }

  /** Whether the scope is in its rollback window (its rows are also forecast in shadow). */
  static boolean watching(Scope scope) {
    return scope.previousVersion >= 0;
  }

  /** Both versions' forecasts of a link for the target time, awaiting their truth. */
  void expect(String linkKey, float servingMbps, float previousMbps, long targetMs) {
    pending
        .computeIfAbsent(linkKey, k -> new java.util.ArrayDeque<>())
        .addLast(new ShadowForecast(servingMbps, previousMbps, targetMs));
  }

  /** Drops the link's forecast awaiting its truth (it left its scope, or it is down). */
  void forget(String linkKey) {
    pending.remove(linkKey);
  }

  /**
   * A new sample of a link of the scope: scores the forecasts that were waiting for it.
   *
   * @return a rollback per member link, if the window just ended against the promoted version
   */
  List<AdaptationAction> score(Scope scope, String linkKey, long timestampMs, float loadMbps) {
    java.util.ArrayDeque<ShadowForecast> waiting = pending.get(linkKey);
    if (waiting == null || !watching(scope)) {
      pending.remove(linkKey);
      return List.of();
    }
    // forecasts whose target this sample reaches are scored; earlier ones lost their truth (a
    // gap); later ones (horizon > 1) keep waiting
    while (!waiting.isEmpty() && waiting.peekFirst().targetMs() <= timestampMs + stepMs / 2) {
      ShadowForecast forecast = waiting.pollFirst();
      if (Math.abs(forecast.targetMs() - timestampMs) <= stepMs / 2) {
        double es = forecast.servingMbps() - loadMbps;
        double ep = forecast.previousMbps() - loadMbps;
        scope.servingSquares += es * es;
        scope.previousSquares += ep * ep;
        scope.shadowScored++;
      }
    }
    if (waiting.isEmpty()) {
      pending.remove(linkKey);
    }
    if (scope.shadowScored >= (long) policy.rollbackWindowSteps() * scope.samples.size()) {
      return endRollbackWindow(scope, timestampMs);
    }
    return List.of();
  }

  private List<AdaptationAction> endRollbackWindow(Scope scope, long eventTimeMs) {
    long promoted = scope.servingVersion;
    long previous = scope.previousVersion;
    double servingRmse = Math.sqrt(scope.servingSquares / scope.shadowScored);
    double previousRmse = Math.sqrt(scope.previousSquares / scope.shadowScored);
    long scored = scope.shadowScored;
    scope.previousVersion = -1;
    scope.servingSquares = 0;
    scope.previousSquares = 0;
    scope.shadowScored = 0;
    if (servingRmse <= previousRmse) {
      return List.of();
    }
    scope.servingVersion = previous;
    if (scope.memorable) {
      regimeMemory.put(scope.id, previous);
    }
    List<AdaptationAction> actions = new ArrayList<>();
    AdaptationAction rollback =
        new AdaptationAction(
            Type.ROLLBACK,
            null,
            scope.id,
            promoted,
            previous,
            -1,
            -1,
            previousRmse,
            servingRmse,
            eventTimeMs,
            String.format(
                "version %d did worse than its predecessor in shadow over %d scored forecasts"
                    + " (RMSE %.2f vs %.2f Mbps): back to version %d",
                promoted, scored, servingRmse, previousRmse, previous));
    for (String link : scope.samples.keySet()) {
      actions.add(rollback.forLink(link));
    }
    return actions;
  }
}
