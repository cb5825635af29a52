package io.netdrift.benchmarks.endtoend;

import io.netdrift.job.config.JobConfig;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The baseline: the telemetry topic copied byte for byte (values only, no decoding) to another
 * topic, with the same source settings as netdrift's sources ({@code read_committed}, earliest,
 * offsets committed on checkpoint), the same checkpoint interval and mode, the same parallelism and
 * an EXACTLY_ONCE {@link KafkaSink} with the same transaction timeout.
 */
final class PassthroughJob {

  private PassthroughJob() {}

  /** The value as it came (a class, not a lambda: Flink infers the type from it). */
  static final class Identity implements SerializationSchema<byte[]> {
    private static final long serialVersionUID = 1L;

    @Override
    public byte[] serialize(byte[] value) {
      return value;
    }
  }

  static void attach(StreamExecutionEnvironment env, JobConfig config, String outputTopic) {
    env.setParallelism(config.get(JobConfig.PARALLELISM));
    env.enableCheckpointing(
        config.get(JobConfig.CHECKPOINT_INTERVAL_MS), CheckpointingMode.EXACTLY_ONCE);
    KafkaSource<byte[]> source =
        KafkaSource.<byte[]>builder()
            .setBootstrapServers(config.get(JobConfig.BOOTSTRAP_SERVERS))
            .setTopics(config.get(JobConfig.TELEMETRY_TOPIC))
            .setGroupId(config.get(JobConfig.CONSUMER_GROUP_ID))
            .setStartingOffsets(OffsetsInitializer.earliest())
            .setDeserializer(
                KafkaRecordDeserializationSchema.valueOnly(ByteArrayDeserializer.class))
            .setProperty("isolation.level", "read_committed")
            .setProperty("commit.offsets.on.checkpoint", "true")
            .build();
    KafkaSink<byte[]> sink =
        KafkaSink.<byte[]>builder()
            .setBootstrapServers(config.get(JobConfig.BOOTSTRAP_SERVERS))
            .setRecordSerializer(
                KafkaRecordSerializationSchema.<byte[]>builder()
                    .setTopic(outputTopic)
                    .setValueSerializationSchema(new Identity())
                    .build())
            .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
            .setTransactionalIdPrefix(
                config.get(JobConfig.TRANSACTIONAL_ID_PREFIX) + "-passthrough")
            .setProperty(
                "transaction.timeout.ms",
                String.valueOf(config.get(JobConfig.TRANSACTION_TIMEOUT_MS)))
            .build();
    env.fromSource(source, WatermarkStrategy.noWatermarks(), "kafka-telemetry")
        .uid("source-telemetry")
        .sinkTo(sink)
        .name("kafka-passthrough")
        .uid("sink-passthrough");
  }
}
