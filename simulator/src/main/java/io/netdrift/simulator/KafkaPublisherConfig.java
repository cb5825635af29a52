package io.netdrift.simulator;

import java.util.Map;
import java.util.Objects;

/**
 * Where and how fast {@link KafkaStepPublisher} writes.
 *
 * @param bootstrapServers Kafka bootstrap servers, e.g. {@code localhost:9092}
 * @param telemetryTopic topic of {@code LinkTelemetry} (default {@code link-telemetry})
 * @param trafficTopic topic of {@code TrafficSample} (default {@code traffic-matrix})
 * @param eventsTopic topic of {@code NetworkEvent} (default {@code network-events})
 * @param stepsPerSecond pace; 0 means as fast as possible (default 0)
 * @param flushEveryStep whether to wait until each step is acknowledged before the next (default
 *     true when paced, so a paced stream is visible step by step; false for max speed, where the
 *     producer batches)
 * @param producerProperties extra producer settings (override the defaults)
 */
public record KafkaPublisherConfig(
    String bootstrapServers,
    String telemetryTopic,
    String trafficTopic,
    String eventsTopic,
    double stepsPerSecond,
    boolean flushEveryStep,
    Map<String, String> producerProperties) {

  public static final String DEFAULT_TELEMETRY_TOPIC = "link-telemetry";
  public static final String DEFAULT_TRAFFIC_TOPIC = "traffic-matrix";
  public static final String DEFAULT_EVENTS_TOPIC = "network-events";

  public KafkaPublisherConfig {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(telemetryTopic, "telemetryTopic");
    Objects.requireNonNull(trafficTopic, "trafficTopic");
    Objects.requireNonNull(eventsTopic, "eventsTopic");
    if (bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("bootstrapServers must not be empty");
    }
    if (!(stepsPerSecond >= 0) || Double.isInfinite(stepsPerSecond)) {
      throw new IllegalArgumentException(
          "stepsPerSecond must be >= 0 (0 = as fast as possible), was " + stepsPerSecond);
    }
    producerProperties = Map.copyOf(producerProperties);
  }

  /** Default topics, as fast as possible, batched. */
  public static KafkaPublisherConfig defaults(String bootstrapServers) {
    return new KafkaPublisherConfig(
        bootstrapServers,
        DEFAULT_TELEMETRY_TOPIC,
        DEFAULT_TRAFFIC_TOPIC,
        DEFAULT_EVENTS_TOPIC,
        0,
        false,
        Map.of());
  }

  /** The same, at a pace of {@code steps} per second (0: max), flushing every step if paced. */
  public KafkaPublisherConfig withStepsPerSecond(double steps) {
    return new KafkaPublisherConfig(
        bootstrapServers,
        telemetryTopic,
        trafficTopic,
        eventsTopic,
        steps,
        steps > 0,
        producerProperties);
  }

  public KafkaPublisherConfig withTopics(String telemetry, String traffic, String events) {
    return new KafkaPublisherConfig(
        bootstrapServers,
        telemetry,
        traffic,
        events,
        stepsPerSecond,
        flushEveryStep,
        producerProperties);
  }

  public KafkaPublisherConfig withFlushEveryStep(boolean flush) {
    return new KafkaPublisherConfig(
        bootstrapServers,
        telemetryTopic,
        trafficTopic,
        eventsTopic,
        stepsPerSecond,
        flush,
        producerProperties);
  }

  public KafkaPublisherConfig withProducerProperties(Map<String, String> properties) {
    return new KafkaPublisherConfig(
        bootstrapServers,
        telemetryTopic,
        trafficTopic,
        eventsTopic,
        stepsPerSecond,
        flushEveryStep,
        properties);
  }
}
