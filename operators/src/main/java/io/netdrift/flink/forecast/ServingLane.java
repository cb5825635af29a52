package io.netdrift.flink.forecast;

import io.netdrift.core.adaptation.AdaptiveLane;
import io.netdrift.core.forecast.BatchForecaster;
import io.netdrift.core.forecast.ForecastBatch;
import io.netdrift.core.forecast.ForecasterSpec;

/**
 * One strategy lane as the forecast operator runs it in a subtask: exactly one of a plain {@link
 * BatchForecaster} (baselines, static models), an {@link AdaptiveLane} (liquid, incremental), or
 * the hybrid blend of two other lanes; plus its reusable batch.
 */
final class ServingLane {
  final ForecasterSpec spec;
  final BatchForecaster forecaster;
  final AdaptiveLane adaptive;

  /** Hybrid only: indexes of the liquid and incremental lanes it blends; else -1. */
  final int liquidLane;

  final int incrementalLane;
  ForecastBatch batch;

  private ServingLane(
      ForecasterSpec spec,
      BatchForecaster forecaster,
      AdaptiveLane adaptive,
      int liquidLane,
      int incrementalLane) {
    this.spec = spec;
    this.forecaster = forecaster;
    this.adaptive = adaptive;
    this.liquidLane = liquidLane;
    this.incrementalLane = incrementalLane;
  }

  static ServingLane plain(ForecasterSpec spec, BatchForecaster forecaster) {
    return new ServingLane(spec, forecaster, null, -1, -1);
  }

  static ServingLane adaptive(ForecasterSpec spec, AdaptiveLane lane) {
    return new ServingLane(spec, null, lane, -1, -1);
  }

  static ServingLane hybrid(ForecasterSpec spec, int liquidLane, int incrementalLane) {
    return new ServingLane(spec, null, null, liquidLane, incrementalLane);
  }

  /**
   * Trained, adaptive and hybrid lanes forecast 0 for a link whose telemetry says it is down (the
   * trivial references stay trivial: they do not read the status).
   */
  boolean knowsLinkStatus() {
    return adaptive != null || isHybrid() || spec.model().equals(ForecasterSpec.TRAINED);
  }

  /**
   * A liquid lane re-warms a link's recurrent state after a re-route: the state carried the old
   * routing, and the model was trained on states that saw at most its burn-in plus window of one
   * regime. During the warm-up it serves persistence, the residual base of the model.
   */
  boolean rewarmsAfterReroute() {
    return adaptive != null
        && adaptive.policy().kind() == io.netdrift.core.adaptation.AdaptationPolicy.Kind.LIQUID
        && adaptive.stateSize() > 0;
  }

  boolean isHybrid() {
    return liquidLane >= 0;
  }

  String name() {
    return spec.strategy();
  }

  int window() {
    return forecaster != null ? forecaster.window() : adaptive != null ? adaptive.window() : 1;
  }

  int warmUpSamples() {
    return forecaster != null
        ? forecaster.warmUpSamples()
        : adaptive != null ? adaptive.warmUpSamples() : 0;
  }

  int stateSize() {
    return forecaster != null
        ? forecaster.stateSize()
        : adaptive != null ? adaptive.stateSize() : 0;
  }

  String modelId() {
    return forecaster != null
        ? forecaster.modelId()
        : adaptive != null ? adaptive.modelId() : "liquid+incremental";
  }

  /** The version serving a link ({@code 0} for the hybrid: it has no model of its own). */
  long modelVersion(String linkKey) {
    return forecaster != null
        ? forecaster.modelVersion()
        : adaptive != null ? adaptive.servingVersion(linkKey) : 0;
  }

  /** For the dashboard: the newest version serving any link. */
  long newestModelVersion() {
    return forecaster != null
        ? forecaster.modelVersion()
        : adaptive != null ? adaptive.newestServingVersion() : 0;
  }

  void close() {
    if (forecaster != null) {
      forecaster.close();
    }
    if (adaptive != null) {
      adaptive.close();
    }
  }
}
