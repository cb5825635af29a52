package io.netdrift.schema.codec;

import io.netdrift.schema.codec.AvroCodec.DecodeException;
import io.netdrift.schema.codec.AvroCodec.Failure;
import io.netdrift.schema.codec.SchemaRegistry.SchemaRegistryException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Encodes and decodes one record type of a topic in the schema-registry wire format that
 * Confluent's serializers and the tools around them use: the magic byte {@code 0}, the writer
 * schema's registry id as a 4-byte big-endian integer, then the Avro binary body.
 *
 * <p>Writing registers the record class's schema under the topic's subject ({@code <topic>-value},
 * the registry's default naming) once and reuses its id. Reading looks up the writer schema of each
 * id once and resolves the body to the record class's schema (Avro schema resolution): a producer
 * on an older or newer compatible schema version is read, fields it lacks get their defaults; one
 * whose schema cannot be resolved (another record type, a removed field without a default) is
 * {@link Failure#WRONG_SCHEMA} with Avro's explanation.
 *
 * <p>Failures are values, as in {@link AvroCodec}: a first byte other than {@code 0} or a value
 * shorter than the header is {@link Failure#UNDECODABLE}, an id the registry does not know is
 * {@link Failure#WRONG_SCHEMA}, a registry that does not answer is {@link
 * Failure#REGISTRY_UNAVAILABLE}; the body is checked for length prefixes beyond the value and
 * trailing bytes before it is materialised ({@link AvroBodies}).
 *
 * <p>Meant for one thread (one per source or sink subtask).
 */
public final class RegistryAvroCodec<T extends SpecificRecordBase> implements ValueCodec<T> {

  /** First byte of every value in the wire format. */
  public static final byte MAGIC_BYTE = 0;

  /** Magic byte (1) and schema id (4). */
  public static final int HEADER_BYTES = 5;

  private final Class<T> type;
  private final Schema readerSchema;
  private final SpecificData model;
  private final SchemaRegistry registry;
  private final String subject;
  private final SpecificDatumWriter<T> writer;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
  private BinaryEncoder encoder;
  private int writerId = -1;

  /** Per writer schema id: a reader resolving it to {@link #readerSchema}, or why there is none. */
  private final Map<Integer, Resolution<T>> resolutions = new ConcurrentHashMap<>();

  private record Resolution<T>(Schema writer, SpecificDatumReader<T> reader, String mismatch) {}

  /**
   * A codec for a generated record class on {@code topic}: writes register its schema under subject
   * {@code <topic>-value}.
   */
  public RegistryAvroCodec(Class<T> type, String topic, SchemaRegistry registry) {
    this.type = type;
    this.model = SpecificData.getForClass(type);
    this.readerSchema = model.getSchema(type);
    this.registry = registry;
    this.subject = subjectOf(topic);
    this.writer = new SpecificDatumWriter<>(readerSchema, model);
  }

  /** The subject a topic's values are registered under (TopicNameStrategy). */
  public static String subjectOf(String topic) {
    return topic + "-value";
  }

  @Override
  public Class<T> type() {
    return type;
  }

  /**
   * Registers the record class's schema under the subject (once; later calls answer the cached id).
   * A sink calls it when it opens, so a registry that refuses the schema (incompatible with the
   * subject's earlier versions) or does not answer fails the job at start, with the reason.
   */
  public int registerWriterSchema() throws SchemaRegistryException {
    if (writerId < 0) {
      writerId = registry.register(subject, readerSchema);
    }
    return writerId;
  }

  @Override
  public byte[] encode(T record) {
    int id;
    try {
      id = registerWriterSchema();
    } catch (SchemaRegistryException e) {
      throw new IllegalStateException(
          "cannot write " + type.getSimpleName() + " without a schema id: " + e.getMessage(), e);
    }
    buffer.reset();
    buffer.write(MAGIC_BYTE);
    buffer.write(id >>> 24);
    buffer.write(id >>> 16);
    buffer.write(id >>> 8);
    buffer.write(id);
    encoder = EncoderFactory.get().directBinaryEncoder(buffer, encoder);
    try {
      writer.write(record, encoder);
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode " + type.getSimpleName(), e);
    }
    return buffer.toByteArray();
  }

  @Override
  public T decode(byte[] bytes) throws DecodeException {
    if (bytes == null || bytes.length == 0) {
      throw new DecodeException(Failure.UNDECODABLE, "empty value", null);
    }
    if (bytes[0] != MAGIC_BYTE) {
      boolean singleObject = bytes.length > 1 && bytes[0] == (byte) 0xC3 && bytes[1] == 0x01;
      throw new DecodeException(
          Failure.UNDECODABLE,
          singleObject
              ? "Avro single-object encoding (C3 01), but this topic is read in the"
                  + " schema-registry wire format (valueFormat registry)"
              : String.format(
                  "not the schema-registry wire format: first byte 0x%02X, expected the magic"
                      + " byte 0x00",
                  bytes[0]),
          null);
    }
    if (bytes.length < HEADER_BYTES) {
      throw new DecodeException(
          Failure.UNDECODABLE,
          bytes.length
              + " bytes, shorter than the wire format's header (magic byte and 4-byte schema id)",
          null);
    }
    int id =
        ((bytes[1] & 0xFF) << 24)
            | ((bytes[2] & 0xFF) << 16)
            | ((bytes[3] & 0xFF) << 8)
            | (bytes[4] & 0xFF);
    Resolution<T> resolution = resolution(id);
    if (resolution.reader() == null) {
      throw new DecodeException(Failure.WRONG_SCHEMA, resolution.mismatch(), null);
    }
    AvroBodies.checkFits(resolution.writer(), bytes, HEADER_BYTES, type);
    try {
      return resolution
          .reader()
          .read(
              null,
              DecoderFactory.get()
                  .binaryDecoder(bytes, HEADER_BYTES, bytes.length - HEADER_BYTES, null));
    } catch (IOException | RuntimeException e) {
      throw AvroBodies.corrupt(type, bytes, e);
    }
  }

  private Resolution<T> resolution(int id) throws DecodeException {
    Resolution<T> known = resolutions.get(id);
    if (known != null) {
      return known;
    }
    Schema writerSchema;
    try {
      writerSchema = registry.schemaById(id);
    } catch (SchemaRegistryException e) {
      // not cached: an unknown id may be registered later, an unavailable registry may come back
      throw new DecodeException(
          e.kind() == SchemaRegistryException.Kind.UNAVAILABLE
              ? Failure.REGISTRY_UNAVAILABLE
              : Failure.WRONG_SCHEMA,
          e.getMessage(),
          e);
    }
    SchemaPairCompatibility compatibility =
        SchemaCompatibility.checkReaderWriterCompatibility(readerSchema, writerSchema);
    Resolution<T> resolution =
        compatibility.getType() == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE
            ? new Resolution<>(
                writerSchema, new SpecificDatumReader<>(writerSchema, readerSchema, model), null)
            : new Resolution<>(
                writerSchema,
                null,
                "schema id "
                    + id
                    + " ("
                    + writerSchema.getFullName()
                    + ") cannot be read as "
                    + type.getSimpleName()
                    + ": "
                    + compatibility.getResult().getIncompatibilities().stream()
                        .map(i -> i.getType() + " at " + i.getLocation() + " " + i.getMessage())
                        .toList());
    resolutions.put(id, resolution);
    return resolution;
  }
}
