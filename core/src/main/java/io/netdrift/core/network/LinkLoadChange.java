package io.netdrift.core.network;

/**
 * How a re-routing changes the load of one link direction: the "routing prior" a forecaster can
 * jump to when a failure or repair is announced, instead of waiting for the error to show it.
 *
 * @param link the link direction
 * @param loadBeforeMbps routed load before the change, megabits per second
 * @param loadAfterMbps routed load after the change, megabits per second (0 for a failed link)
 */
public record LinkLoadChange(DirectedLink link, double loadBeforeMbps, double loadAfterMbps) {

  /** After minus before. */
  public double deltaMbps() {
    return loadAfterMbps - loadBeforeMbps;
  }
}
