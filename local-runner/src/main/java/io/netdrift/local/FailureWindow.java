package io.netdrift.local;

import io.netdrift.core.metrics.PhaseErrors;
import io.netdrift.simulator.FailureEvent;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * When the simulated scenario's element went down and came back up (from its failure schedule);
 * {@code Long.MAX_VALUE} for what does not happen.
 */
record FailureWindow(long failureTimeMs, long repairTimeMs, String element) {
  static FailureWindow of(List<FailureEvent> events) {
    long failure = Long.MAX_VALUE;
    long repair = Long.MAX_VALUE;
    String element = null;
    for (FailureEvent event : events) {
      boolean down = event.type().name().endsWith("_DOWN");
      if (down && element == null) {
        failure = event.timestampMs();
        element = event.element();
      } else if (!down && element != null && event.element().equals(element)) {
        repair = event.timestampMs();
        break;
      }
    }
    return new FailureWindow(failure, repair, element);
  }

  Map<String, Object> json(long stepMs) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("element", element);
    json.put(
        "failureTime",
        failureTimeMs == Long.MAX_VALUE ? null : Instant.ofEpochMilli(failureTimeMs).toString());
    json.put(
        "repairTime",
        repairTimeMs == Long.MAX_VALUE ? null : Instant.ofEpochMilli(repairTimeMs).toString());
    json.put("rollingWindowSteps", PhaseErrors.ROLLING_WINDOW_STEPS);
    json.put("recoveryTolerance", PhaseErrors.RECOVERY_TOLERANCE);
    json.put("recoveryConfirmationSteps", PhaseErrors.RECOVERY_CONFIRMATION_STEPS);
    json.put("stepSeconds", stepMs / 1000);
    return json;
  }
}
