package io.netdrift.core.adaptation;

/**
 * When a re-route makes a liquid lane re-warm a link's recurrent state.
 *
 * <p>The state remembers the link's recent load relative to its capacity. After a re-route that
 * moves the link's expected load a lot (the detour of a drastic failure) the old state is stale and
 * re-warming it from the new samples pays; after a small move the old state still fits, and a reset
 * would only cost its warm-up, during which the lane serves persistence. Measured with {@code
 * netdrift evaluate} on Euro28: re-warming after every signal left the liquid lane 1.6 % behind
 * {@code static} after a moderate failure (+25 % on the detour links); see docs/adaptation.md.
 */
public final class RewarmRule {

  /** Re-warm when the expected load moves by at least this fraction of its larger value. */
  public static final double MIN_RELATIVE_CHANGE = 0.5;

  private RewarmRule() {}

  /**
   * @param beforeMbps expected load before the re-route (NaN: unknown)
   * @param afterMbps expected load after it (NaN: unknown)
   * @return whether to re-warm; yes when a load is unknown (the safe choice after a failure)
   */
  public static boolean rewarm(double beforeMbps, double afterMbps) {
    if (!Double.isFinite(beforeMbps) || !Double.isFinite(afterMbps)) {
      return true;
    }
    double larger = Math.max(Math.abs(beforeMbps), Math.abs(afterMbps));
    return larger > 0 && Math.abs(afterMbps - beforeMbps) >= MIN_RELATIVE_CHANGE * larger;
  }
}
