package io.netdrift.job.ingest;

import io.netdrift.core.validation.Rejection;
import io.netdrift.core.validation.Rejection.ReasonCode;
import io.netdrift.schema.DeadLetter;
import io.netdrift.schema.codec.AvroCodec;
import io.netdrift.schema.codec.ValueCodec;
import io.netdrift.schema.codec.ValueFormat;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns each Kafka record into either a valid decoded record (right) or a {@link DeadLetter} (left)
 * that keeps the raw bytes, topic, partition and offset with the reason. Values are read in the
 * job's {@link ValueFormat}: single-object encoding, or the schema-registry wire format, where a
 * wrong magic byte ({@code UNDECODABLE}), a schema id the registry does not know or that cannot be
 * read as the record type ({@code WRONG_SCHEMA}) and a registry that does not answer ({@code
 * REGISTRY_UNAVAILABLE}) make dead letters like any other undecodable value. Decoding and the
 * stateless checks happen here, in the source, so event-time watermarks are generated per partition
 * from the decoded timestamps and no record is ever dropped: a poison record becomes data, not an
 * exception that would restart the job forever.
 *
 * <p>A record whose event time lies more than {@code maxAheadMs} beyond the newest event time this
 * reader has accepted is rejected as {@code TOO_EARLY} here, before watermark generation: let
 * through, one clock-skewed record would drag the partition's watermark into the future and make
 * every later record late.
 *
 * <p>A dead letter keeps at most {@link #MAX_RAW_BYTES_KEPT} bytes of the record's key and of its
 * value: a value near the broker's message size limit plus its reason would exceed the dead-letter
 * sink's request size, and a sink that cannot write fails the job on every retry. The reason then
 * says so, and the topic, partition and offset still point at the whole record.
 */
public final class ValidatingAvroDeserializer<T extends SpecificRecordBase>
    implements KafkaRecordDeserializationSchema<Either<DeadLetter, T>> {
  private static final long serialVersionUID = 1L;

  /** Most bytes of a record's key, and of its value, that its dead letter keeps. */
  public static final int MAX_RAW_BYTES_KEPT = 256 * 1024;

  private final Class<T> type;
  private final ValueFormat format;
  private final String topic;
  private final RecordCheck<T> check;
  private final EventTime<T> eventTime;
  private final long maxAheadMs;
  private transient ValueCodec<T> codec;
  private transient long newestAcceptedMs;

  /** Reads Avro single-object encoding. */
  public ValidatingAvroDeserializer(
      Class<T> type, RecordCheck<T> check, EventTime<T> eventTime, long maxAheadMs) {
    this(type, ValueFormat.singleObject(), "", check, eventTime, maxAheadMs);
  }

  /** Reads {@code topic}'s values in {@code format}. */
  public ValidatingAvroDeserializer(
      Class<T> type,
      ValueFormat format,
      String topic,
      RecordCheck<T> check,
      EventTime<T> eventTime,
      long maxAheadMs) {
    this.type = type;
    this.format = format;
    this.topic = topic;
    this.check = check;
    this.eventTime = eventTime;
    this.maxAheadMs = maxAheadMs;
  }

  @Override
  public void open(DeserializationSchema.InitializationContext context) {
    codec = format.codec(type, topic);
    newestAcceptedMs = Long.MIN_VALUE;
  }

  @Override
  public void deserialize(
      ConsumerRecord<byte[], byte[]> record, Collector<Either<DeadLetter, T>> out) {
    if (codec == null) {
      open(null);
    }
    Either<DeadLetter, T> result;
    try {
      T value = codec.decode(record.value());
      Rejection rejection = check.check(value);
      long ts = eventTime.of(value);
      if (rejection == null
          && newestAcceptedMs != Long.MIN_VALUE
          && ts - newestAcceptedMs > maxAheadMs) {
        rejection =
            Rejection.of(
                ReasonCode.TOO_EARLY,
                "event time "
                    + ts
                    + " is more than "
                    + maxAheadMs
                    + " ms ahead of the newest accepted "
                    + newestAcceptedMs);
      }
      if (rejection == null) {
        newestAcceptedMs = Math.max(newestAcceptedMs, ts);
      }
      result = rejection == null ? Either.Right(value) : Either.Left(deadLetter(record, rejection));
    } catch (AvroCodec.DecodeException e) {
      ReasonCode code =
          switch (e.failure()) {
            case WRONG_SCHEMA -> ReasonCode.WRONG_SCHEMA;
            case REGISTRY_UNAVAILABLE -> ReasonCode.REGISTRY_UNAVAILABLE;
            case UNDECODABLE -> ReasonCode.UNDECODABLE;
          };
      result = Either.Left(deadLetter(record, Rejection.of(code, e.getMessage())));
    }
    out.collect(result);
  }

  private static DeadLetter deadLetter(ConsumerRecord<byte[], byte[]> record, Rejection rejection) {
    String reason = rejection.reason();
    for (String part : new String[] {"rawKey", "rawValue"}) {
      byte[] raw = part.equals("rawKey") ? record.key() : record.value();
      if (raw != null && raw.length > MAX_RAW_BYTES_KEPT) {
        reason +=
            " ["
                + part
                + " cut to its first "
                + MAX_RAW_BYTES_KEPT
                + " of "
                + raw.length
                + " bytes; the whole record is at "
                + record.topic()
                + "/"
                + record.partition()
                + "@"
                + record.offset()
                + "]";
      }
    }
    return DeadLetter.newBuilder()
        .setSourceTopic(record.topic())
        .setPartition(record.partition())
        .setOffset(record.offset())
        .setKafkaTimestampMs(record.timestamp())
        .setRawKey(kept(record.key()))
        .setRawValue(kept(record.value()))
        .setReasonCode(rejection.code().name())
        .setReason(reason)
        .setDetectedAtMs(System.currentTimeMillis())
        .build();
  }

  private static ByteBuffer kept(byte[] raw) {
    if (raw == null) {
      return null;
    }
    return ByteBuffer.wrap(
        raw.length > MAX_RAW_BYTES_KEPT ? Arrays.copyOf(raw, MAX_RAW_BYTES_KEPT) : raw);
  }

  @Override
  public TypeInformation<Either<DeadLetter, T>> getProducedType() {
    return new EitherTypeInfo<>(new AvroTypeInfo<>(DeadLetter.class), new AvroTypeInfo<>(type));
  }
}
