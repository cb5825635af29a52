/**
 * Adaptation strategies, plain Java: the {@code liquid} and {@code incremental} lanes ({@link
 * io.netdrift.core.adaptation.AdaptiveLane}), the {@code hybrid} blend ({@link
 * io.netdrift.core.adaptation.HybridBlend}), versioned models in a {@link
 * io.netdrift.core.adaptation.ModelStore}, champion/challenger on held-back samples ({@link
 * io.netdrift.core.adaptation.HoldoutEvaluation}), rollback and regime memory. An adaptive lane
 * keeps its scopes and regime memory and composes the package-private parts: {@link
 * io.netdrift.core.adaptation.VersionRouter} (serving each row by its link's version), {@link
 * io.netdrift.core.adaptation.ShadowComparison} (the rollback watch), {@link
 * io.netdrift.core.adaptation.RetrainScheduler} (retrains in a {@link
 * io.netdrift.core.adaptation.BackgroundTrainer}, promotion or rejection) and {@link
 * io.netdrift.core.adaptation.AdaptiveLaneCodec} (the snapshot's bytes). The Flink operator only
 * feeds them samples and drift marks, checkpoints their {@link
 * io.netdrift.core.adaptation.AdaptiveLane#snapshot() snapshots} and turns their {@link
 * io.netdrift.core.adaptation.AdaptationAction actions} into adaptation events. See {@code
 * docs/adaptation.md}.
 */
package io.netdrift.core.adaptation;
