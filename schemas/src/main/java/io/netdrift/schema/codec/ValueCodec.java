package io.netdrift.schema.codec;

import io.netdrift.schema.codec.AvroCodec.DecodeException;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Writes and reads the values of one topic's record type in one of the value formats ({@link
 * ValueFormat}): Avro single-object encoding ({@link AvroCodec}) or the Confluent schema-registry
 * wire format ({@link RegistryAvroCodec}).
 */
public interface ValueCodec<T extends SpecificRecordBase> {

  /** The generated record class this codec reads and writes. */
  Class<T> type();

  /** The value bytes of a record. */
  byte[] encode(T record);

  /**
   * The record of a value, or a {@link DecodeException} saying why not: never another exception,
   * whatever the bytes.
   */
  T decode(byte[] bytes) throws DecodeException;
}
