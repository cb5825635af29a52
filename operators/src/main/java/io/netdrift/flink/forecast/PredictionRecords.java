package io.netdrift.flink.forecast;

import io.netdrift.schema.LinkTelemetry;
import io.netdrift.schema.LoadPrediction;

/**
 * Builds the forecast operator's main output: one Avro {@link LoadPrediction} per sample and lane.
 */
final class PredictionRecords {
  private PredictionRecords() {}

  /** The lane's forecast made at the sample's event time for {@code horizonSteps} steps ahead. */
  static LoadPrediction of(
      LinkTelemetry sample,
      int horizonSteps,
      long stepMs,
      float valueMbps,
      String strategy,
      String modelId,
      long modelVersion) {
    long ts = sample.getTimestampMs();
    return LoadPrediction.newBuilder()
        .setLinkId(sample.getLinkId())
        .setSrcNode(sample.getSrcNode())
        .setDstNode(sample.getDstNode())
        .setEventTimeMs(ts)
        .setTargetTimeMs(ts + horizonSteps * stepMs)
        .setHorizonSteps(horizonSteps)
        .setValueMbps(valueMbps)
        .setStrategy(strategy)
        .setModelId(modelId)
        .setModelVersion(modelVersion)
        .build();
  }
}
