package io.netdrift.job.ingest;

import io.netdrift.schema.codec.AvroCodec;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.serialization.SerializationSchema;

/** Writes a record as Avro single-object encoding (see {@link AvroCodec}) for a Kafka sink. */
public final class AvroValueSerializer<T extends SpecificRecordBase>
    implements SerializationSchema<T> {
  private static final long serialVersionUID = 1L;

  private final Class<T> type;
  private transient AvroCodec<T> codec;

  public AvroValueSerializer(Class<T> type) {
    this.type = type;
  }

  @Override
  public void open(InitializationContext context) {
    codec = AvroCodec.of(type);
  }

  @Override
  public byte[] serialize(T element) {
    if (codec == null) {
      codec = AvroCodec.of(type);
    }
    return codec.encode(element);
  }
}
