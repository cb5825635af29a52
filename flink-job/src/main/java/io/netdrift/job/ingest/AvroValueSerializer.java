package io.netdrift.job.ingest;

import io.netdrift.schema.codec.AvroCodec;
import io.netdrift.schema.codec.RegistryAvroCodec;
import io.netdrift.schema.codec.SchemaRegistry.SchemaRegistryException;
import io.netdrift.schema.codec.ValueCodec;
import io.netdrift.schema.codec.ValueFormat;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.serialization.SerializationSchema;

/**
 * Writes a record for a Kafka sink in the job's {@link ValueFormat}: Avro single-object encoding
 * (see {@link AvroCodec}), or the schema-registry wire format ({@link RegistryAvroCodec}), whose
 * schema is registered under {@code <topic>-value} when the sink opens: a registry that refuses it
 * or does not answer fails the task there, with the reason, and Flink's restart strategy retries.
 */
public final class AvroValueSerializer<T extends SpecificRecordBase>
    implements SerializationSchema<T> {
  private static final long serialVersionUID = 1L;

  private final Class<T> type;
  private final ValueFormat format;
  private final String topic;
  private transient ValueCodec<T> codec;

  /** Writes Avro single-object encoding. */
  public AvroValueSerializer(Class<T> type) {
    this(type, ValueFormat.singleObject(), "");
  }

  /** Writes {@code topic}'s values in {@code format}. */
  public AvroValueSerializer(Class<T> type, ValueFormat format, String topic) {
    this.type = type;
    this.format = format;
    this.topic = topic;
  }

  @Override
  public void open(InitializationContext context) throws SchemaRegistryException {
    codec = format.codec(type, topic);
    if (codec instanceof RegistryAvroCodec<T> registry) {
      registry.registerWriterSchema();
    }
  }

  @Override
  public byte[] serialize(T element) {
    if (codec == null) {
      codec = format.codec(type, topic);
    }
    return codec.encode(element);
  }
}
