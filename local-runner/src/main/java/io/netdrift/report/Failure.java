package io.netdrift.report;

/**
 * One failure of the scenario.
 *
 * @param element the failed element (a link or a node id)
 * @param failureTimeMs when it failed, epoch milliseconds UTC
 * @param repairTimeMs when it was repaired; {@link Long#MAX_VALUE} when never
 */
public record Failure(String element, long failureTimeMs, long repairTimeMs) {
  public Failure {
    if (repairTimeMs < failureTimeMs) {
      throw new IllegalArgumentException("repair before failure of " + element);
    }
  }

  public boolean repaired() {
    return repairTimeMs != Long.MAX_VALUE;
  }
}
