/**
 * Adaptation strategies, plain Java: the {@code liquid} and {@code incremental} lanes ({@link
 * io.netdrift.core.adaptation.AdaptiveLane}), the {@code hybrid} blend ({@link
 * io.netdrift.core.adaptation.HybridBlend}), versioned models in a {@link
 * io.netdrift.core.adaptation.ModelStore}, champion/challenger on held-back samples ({@link
 * io.netdrift.core.adaptation.HoldoutEvaluation}), rollback and regime memory. The Flink operator
 * only feeds them samples and drift marks, checkpoints their {@link
 * io.netdrift.core.adaptation.AdaptiveLane#snapshot() snapshots} and turns their {@link
 * io.netdrift.core.adaptation.AdaptationAction actions} into adaptation events. See {@code
 * docs/adaptation.md}.
 */
package io.netdrift.core.adaptation;
