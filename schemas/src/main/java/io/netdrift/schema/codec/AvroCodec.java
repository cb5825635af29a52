package io.netdrift.schema.codec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Encodes and decodes one record type of a topic with Avro's single-object encoding: the two marker
 * bytes {@code C3 01}, the 8-byte CRC-64-AVRO fingerprint of the writer schema, then the Avro
 * binary body. The fingerprint lets a reader tell "not Avro at all" from "Avro, but another
 * schema", and lets it resolve records written with an older, registered version of the schema.
 *
 * <p>Decoding is safe on hostile bytes: before anything is materialised, the body is walked once
 * with the writer schema without allocating ({@link GenericDatumReader#skip}), so a length prefix
 * that claims more bytes than the value holds (a string "of 1 GiB" in a 20-byte record) is an
 * {@link Failure#UNDECODABLE} value, not an {@link OutOfMemoryError} that would fail the task on
 * every retry; and bytes left over after the record (trailing garbage, two records glued together)
 * make it {@link Failure#UNDECODABLE} too, where Avro's message decoder would silently ignore them.
 *
 * <p>Thread-safe: Avro's message encoder and decoder are, and the schema map is concurrent.
 */
public final class AvroCodec<T extends SpecificRecordBase> implements ValueCodec<T> {

  /** Why a value could not be decoded. */
  public enum Failure {
    /** Not single-object encoded Avro, or truncated / corrupt body. */
    UNDECODABLE,
    /** Avro single-object encoding, but written with a schema this reader does not know. */
    WRONG_SCHEMA,
    /**
     * Confluent wire format naming a schema id that could not be looked up because the schema
     * registry did not answer (unreachable, timed out, or a server error): the record itself may be
     * fine and can be replayed from its dead letter once the registry is back.
     */
    REGISTRY_UNAVAILABLE
  }

  /** Thrown by {@link #decode(byte[])}: carries the {@link Failure} kind and a readable reason. */
  public static final class DecodeException extends Exception {
    private final Failure failure;

    DecodeException(Failure failure, String message, Throwable cause) {
      super(message, cause);
      this.failure = failure;
    }

    public Failure failure() {
      return failure;
    }
  }

  private final Class<T> type;
  private final BinaryMessageEncoder<T> encoder;
  private final BinaryMessageDecoder<T> decoder;

  /** The writer schemas this codec reads, by their CRC-64-AVRO fingerprint. */
  private final Map<Long, Schema> writerSchemas = new ConcurrentHashMap<>();

  /** Marker (2 bytes) and fingerprint (8 bytes) of the single-object encoding. */
  private static final int HEADER_BYTES = 10;

  private AvroCodec(Class<T> type, Schema schema) {
    this.type = type;
    SpecificData model = SpecificData.getForClass(type);
    this.encoder = new BinaryMessageEncoder<>(model, schema);
    this.decoder = new BinaryMessageDecoder<>(model, schema);
    writerSchemas.put(SchemaNormalization.parsingFingerprint64(schema), schema);
  }

  /** A codec for a generated record class, reading and writing its current schema. */
  public static <T extends SpecificRecordBase> AvroCodec<T> of(Class<T> type) {
    return new AvroCodec<>(type, SpecificData.get().getSchema(type));
  }

  /** Lets this codec also read records written with an older version of the schema. */
  public AvroCodec<T> acceptingWriterSchema(Schema olderSchema) {
    decoder.addSchema(olderSchema);
    writerSchemas.put(SchemaNormalization.parsingFingerprint64(olderSchema), olderSchema);
    return this;
  }

  @Override
  public Class<T> type() {
    return type;
  }

  @Override
  public byte[] encode(T record) {
    try {
      ByteBuffer buffer = encoder.encode(record);
      return Arrays.copyOfRange(
          buffer.array(),
          buffer.arrayOffset() + buffer.position(),
          buffer.arrayOffset() + buffer.limit());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode " + type.getSimpleName(), e);
    }
  }

  @Override
  public T decode(byte[] bytes) throws DecodeException {
    if (bytes == null || bytes.length == 0) {
      throw new DecodeException(Failure.UNDECODABLE, "empty value", null);
    }
    checkBodyFits(bytes);
    try {
      return decoder.decode(bytes);
    } catch (MissingSchemaException e) {
      throw new DecodeException(
          Failure.WRONG_SCHEMA,
          "written with an unknown schema (fingerprint not registered for "
              + type.getSimpleName()
              + ")",
          e);
    } catch (BadHeaderException e) {
      throw new DecodeException(
          Failure.UNDECODABLE, "not Avro single-object encoding: " + e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      throw AvroBodies.corrupt(type, bytes, e);
    }
  }

  /**
   * Walks the body with its writer schema, allocating nothing: every length prefix must fit in the
   * bytes that are there, and nothing may be left over. A header that is not single-object encoding
   * or names an unknown schema is left to the message decoder, which reports it.
   */
  private void checkBodyFits(byte[] bytes) throws DecodeException {
    if (bytes.length < HEADER_BYTES || bytes[0] != (byte) 0xC3 || bytes[1] != (byte) 0x01) {
      return;
    }
    long fingerprint = 0;
    for (int i = HEADER_BYTES - 1; i >= 2; i--) {
      fingerprint = (fingerprint << 8) | (bytes[i] & 0xFFL); // little-endian
    }
    Schema writer = writerSchemas.get(fingerprint);
    if (writer == null) {
      return;
    }
    AvroBodies.checkFits(writer, bytes, HEADER_BYTES, type);
  }
}
