package io.netdrift.simulator;

import io.netdrift.schema.LinkTelemetry;
import io.netdrift.schema.NetworkEvent;
import io.netdrift.schema.TrafficSample;
import java.util.List;
import java.util.Map;

/**
 * Everything the simulated network emits at one measurement step.
 *
 * @param timestampMs event time of the step, epoch milliseconds UTC
 * @param telemetry one measurement per link direction (noisy load)
 * @param traffic the offered OD demands of the step
 * @param events network events (failures, repairs) that happened at this step
 * @param expectedLoadMbps noise-free load per directed link key (the best a forecaster can do)
 */
public record SimulationStep(
    long timestampMs,
    List<LinkTelemetry> telemetry,
    List<TrafficSample> traffic,
    List<NetworkEvent> events,
    Map<String, Double> expectedLoadMbps) {}
