package io.netdrift.core.drift.evaluation;

/**
 * A family of labelled streams, one per seed: the synthetic generators of {@link SyntheticStreams},
 * and any other source with known change points (e.g. a simulator failure scenario, whose change
 * points are the steps of its failures and repairs).
 */
public interface LabeledStreamSource {

  /** Short name used in the report, e.g. {@code abrupt-mean-shift}. */
  String name();

  /** One line for the report: what the stream holds and where it changes. */
  String description();

  /** The stream for this seed; the same seed gives the same stream. */
  LabeledStream generate(long seed);
}
