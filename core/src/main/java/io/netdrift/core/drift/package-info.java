/**
 * Concept-drift detection on a link's prediction error and input distribution, in plain Java (no
 * Flink): the {@link io.netdrift.core.drift.DriftDetector} API in River's style, ADWIN ({@link
 * io.netdrift.core.drift.AdwinDetector}), Page-Hinkley ({@link
 * io.netdrift.core.drift.PageHinkleyDetector}) and KSWIN ({@link
 * io.netdrift.core.drift.KswinDetector}), the factory {@link io.netdrift.core.drift.DriftDetectors}
 * used by the CLI and the job, the versioned state codec {@link
 * io.netdrift.core.drift.DetectorCodec} the Flink wrapper stores in keyed state, and the
 * failure-aware signal {@link io.netdrift.core.drift.FailureAwareDriftSignal} that fuses network
 * events with a statistical detector.
 */
package io.netdrift.core.drift;
