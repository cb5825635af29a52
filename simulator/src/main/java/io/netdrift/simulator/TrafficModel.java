package io.netdrift.simulator;

import io.netdrift.core.network.DemandMatrix;
import io.netdrift.core.network.Topology;
import java.util.function.Consumer;

/**
 * A source of origin-destination demand, one matrix per measurement step: generated ({@link
 * GravitySineTrafficModel}) or replayed from measurements ({@link ReplayTrafficModel}).
 */
public interface TrafficModel {

  /** The topology whose nodes the demands refer to. */
  Topology topology();

  /** Whether there is another step (a replay ends; the generator does not). */
  boolean hasNext();

  /**
   * Fills the demands of the next step and returns its timestamp.
   *
   * @param offered the demand actually offered (with noise, if the model has any)
   * @param expected the noise-free demand: what a perfect forecaster could know in advance
   * @return the step's event time, epoch milliseconds UTC
   */
  long next(DemandMatrix offered, DemandMatrix expected);

  /**
   * Hands over noise-free demand matrices that cover the model's range (a week for the generator,
   * every step for a replay), for sizing capacities. The matrix may be reused between calls. Does
   * not advance the model.
   */
  void forEachPlanningSample(Consumer<DemandMatrix> sample);

  /**
   * Timestamp of the step with this 0-based index, or {@link Long#MAX_VALUE} when the model has no
   * such step. Does not advance the model.
   */
  long timestampOfStep(long stepIndex);
}
