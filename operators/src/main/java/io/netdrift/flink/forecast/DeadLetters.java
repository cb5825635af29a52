package io.netdrift.flink.forecast;

import io.netdrift.core.network.DirectedLink;
import io.netdrift.core.validation.Rejection.ReasonCode;
import io.netdrift.schema.DeadLetter;
import io.netdrift.schema.LinkTelemetry;
import io.netdrift.schema.codec.AvroCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Builds the forecast operator's {@link DeadLetter}s: a telemetry sample it rejects (late or
 * duplicate), re-encoded as it came from the telemetry topic, with the reason.
 */
final class DeadLetters {
  private final String sourceTopic;
  private final AvroCodec<LinkTelemetry> telemetryCodec = AvroCodec.of(LinkTelemetry.class);

  DeadLetters(String sourceTopic) {
    this.sourceTopic = sourceTopic;
  }

  DeadLetter of(LinkTelemetry sample, ReasonCode code, String reason, long nowMs) {
    return DeadLetter.newBuilder()
        .setSourceTopic(sourceTopic)
        // the operator no longer knows the record's Kafka coordinates
        .setPartition(-1)
        .setOffset(-1)
        .setKafkaTimestampMs(sample.getTimestampMs())
        .setRawKey(
            ByteBuffer.wrap(
                DirectedLink.key(sample.getLinkId(), sample.getSrcNode(), sample.getDstNode())
                    .getBytes(StandardCharsets.UTF_8)))
        .setRawValue(ByteBuffer.wrap(telemetryCodec.encode(sample)))
        .setReasonCode(code.name())
        .setReason(reason)
        .setDetectedAtMs(nowMs)
        .build();
  }
}
