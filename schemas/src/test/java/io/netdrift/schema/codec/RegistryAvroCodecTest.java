package io.netdrift.schema.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import io.netdrift.schema.LinkStatus;
import io.netdrift.schema.LinkTelemetry;
import io.netdrift.schema.TrafficSample;
import io.netdrift.schema.codec.AvroCodec.DecodeException;
import io.netdrift.schema.codec.AvroCodec.Failure;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificRecordBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RegistryAvroCodecTest {
  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();

  private <T extends SpecificRecordBase> RegistryAvroCodec<T> codec(Class<T> type, String topic) {
    return new RegistryAvroCodec<>(type, topic, registry);
  }

  static java.util.stream.Stream<SpecificRecordBase> oneOfEveryType() {
    return AvroCodecTest.oneOfEveryType();
  }

  @ParameterizedTest
  @MethodSource("oneOfEveryType")
  <T extends SpecificRecordBase> void everyRecordTypeRoundTripsInTheWireFormat(T record)
      throws Exception {
    @SuppressWarnings("unchecked")
    RegistryAvroCodec<T> codec = codec((Class<T>) record.getClass(), "topic-a");

    byte[] bytes = codec.encode(record);

    int id = registry.idOf("topic-a-value");
    assertThat(bytes[0]).isEqualTo((byte) 0);
    assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).as("big-endian schema id").isEqualTo(id);
    assertThat(codec.decode(bytes)).isEqualTo(record).isNotSameAs(record);
    // a reader that never wrote resolves the id through the registry
    @SuppressWarnings("unchecked")
    RegistryAvroCodec<T> reader = codec((Class<T>) record.getClass(), "other-topic");
    assertThat(reader.decode(bytes)).isEqualTo(record);
  }

  @Test
  void theBodyIsPlainAvroBinaryOfTheRegisteredSchema() throws Exception {
    RegistryAvroCodec<LinkTelemetry> codec = codec(LinkTelemetry.class, "telemetry");
    byte[] bytes = codec.encode(AvroCodecTest.telemetry());
    byte[] body = Arrays.copyOfRange(bytes, 5, bytes.length);
    // the single-object encoding has the same body behind its 10-byte header
    byte[] singleObject = AvroCodec.of(LinkTelemetry.class).encode(AvroCodecTest.telemetry());
    assertThat(body).isEqualTo(Arrays.copyOfRange(singleObject, 10, singleObject.length));
    assertThat(registry.schemaById(registry.idOf("telemetry-value")))
        .isEqualTo(LinkTelemetry.getClassSchema());
  }

  @Test
  void theWriterSchemaIsRegisteredOnceAndLookedUpOnce() throws Exception {
    RegistryAvroCodec<LinkTelemetry> writer = codec(LinkTelemetry.class, "telemetry");
    RegistryAvroCodec<LinkTelemetry> reader = codec(LinkTelemetry.class, "telemetry");
    registry.lookups = 0;
    for (int i = 0; i < 50; i++) {
      reader.decode(writer.encode(AvroCodecTest.telemetry()));
    }
    assertThat(registry.registrations).isEqualTo(1);
    assertThat(registry.lookups).isEqualTo(1);
  }

  @Test
  void aWrongMagicByteIsUndecodableAndNamesTheByte() {
    RegistryAvroCodec<LinkTelemetry> codec = codec(LinkTelemetry.class, "telemetry");
    assertFails(
        () -> codec.decode(new byte[] {7, 0, 0, 0, 1, 2}),
        Failure.UNDECODABLE,
        "first byte 0x07",
        "magic byte 0x00");
  }

  @Test
  void singleObjectEncodingIsRecognisedAndNamed() {
    byte[] singleObject = AvroCodec.of(LinkTelemetry.class).encode(AvroCodecTest.telemetry());
    assertFails(
        () -> codec(LinkTelemetry.class, "telemetry").decode(singleObject),
        Failure.UNDECODABLE,
        "single-object",
        "valueFormat");
  }

  @Test
  void emptyAndShortValuesAreUndecodable() {
    RegistryAvroCodec<LinkTelemetry> codec = codec(LinkTelemetry.class, "telemetry");
    for (byte[] value : new byte[][] {null, {}, {0}, {0, 0, 0, 1}}) {
      assertFails(() -> codec.decode(value), Failure.UNDECODABLE);
    }
  }

  @Test
  void anUnknownSchemaIdIsWrongSchemaAndNamesTheId() {
    RegistryAvroCodec<LinkTelemetry> codec = codec(LinkTelemetry.class, "telemetry");
    byte[] bytes = codec.encode(AvroCodecTest.telemetry());
    bytes[4] = 99;
    assertFails(() -> codec.decode(bytes), Failure.WRONG_SCHEMA, "schema id 99");
  }

  @Test
  void anotherRecordTypeIsWrongSchemaWithAvrosReason() {
    byte[] traffic =
        codec(TrafficSample.class, "traffic").encode(new TrafficSample(1L, "Paris", "Berlin", 3.0));
    assertFails(
        () -> codec(LinkTelemetry.class, "telemetry").decode(traffic),
        Failure.WRONG_SCHEMA,
        "io.netdrift.schema.TrafficSample",
        "cannot be read as LinkTelemetry");
  }

  @Test
  void anUnreachableRegistryIsRegistryUnavailableAndTheIdIsRetriedLater() throws Exception {
    RegistryAvroCodec<LinkTelemetry> writer = codec(LinkTelemetry.class, "telemetry");
    byte[] bytes = writer.encode(AvroCodecTest.telemetry());
    RegistryAvroCodec<LinkTelemetry> reader = codec(LinkTelemetry.class, "telemetry");

    registry.down(true);
    assertFails(() -> reader.decode(bytes), Failure.REGISTRY_UNAVAILABLE, "unreachable");

    registry.down(false);
    assertThat(reader.decode(bytes)).isEqualTo(AvroCodecTest.telemetry());
    // a schema already resolved keeps being read while the registry is down
    registry.down(true);
    assertThat(reader.decode(bytes)).isEqualTo(AvroCodecTest.telemetry());
  }

  @Test
  void writingWithoutARegistryFailsWithTheReason() {
    registry.down(true);
    RegistryAvroCodec<LinkTelemetry> writer = codec(LinkTelemetry.class, "telemetry");
    assertThatThrownBy(() -> writer.encode(AvroCodecTest.telemetry()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("LinkTelemetry")
        .hasMessageContaining("unreachable");
  }

  @Test
  void anOlderWriterSchemaIsResolvedToTheCurrentClass() throws Exception {
    Schema older = AvroCodecTest.LINK_TELEMETRY_WITH_REMOVED_UNIT;
    GenericRecord old = new GenericData.Record(older);
    old.put("linkId", "Amsterdam-Brussels");
    old.put("srcNode", "Amsterdam");
    old.put("dstNode", "Brussels");
    old.put("unit", "Mbps");
    old.put("timestampMs", 42L);
    old.put("loadMbps", 12.5);
    old.put("capacityMbps", 100.0);
    old.put("status", new GenericData.EnumSymbol(older.getField("status").schema(), "DOWN"));
    int id = registry.register("telemetry-value", older);

    LinkTelemetry decoded =
        codec(LinkTelemetry.class, "telemetry").decode(wireFormat(id, older, old));

    assertThat(decoded.getLinkId()).isEqualTo("Amsterdam-Brussels");
    assertThat(decoded.getTimestampMs()).isEqualTo(42L);
    assertThat(decoded.getLoadMbps()).isEqualTo(12.5);
    assertThat(decoded.getStatus()).isEqualTo(LinkStatus.DOWN);

    Schema withoutStatus = AvroCodecTest.LINK_TELEMETRY_WITHOUT_STATUS;
    GenericRecord older2 = new GenericData.Record(withoutStatus);
    withoutStatus.getFields().forEach(f -> older2.put(f.name(), old.get(f.name())));
    int id2 = registry.register("telemetry-value", withoutStatus);
    assertThat(
            codec(LinkTelemetry.class, "telemetry")
                .decode(wireFormat(id2, withoutStatus, older2))
                .getStatus())
        .as("default of a field the writer lacked")
        .isEqualTo(LinkStatus.UP);
  }

  @Test
  void aWriterSchemaMissingARequiredFieldIsWrongSchema() throws Exception {
    Schema noLoad =
        new Schema.Parser()
            .parse(
                """
                {"type": "record", "name": "LinkTelemetry", "namespace": "io.netdrift.schema",
                 "fields": [{"name": "linkId", "type": "string"}]}
                """);
    GenericRecord record = new GenericData.Record(noLoad);
    record.put("linkId", "A-B");
    int id = registry.register("telemetry-value", noLoad);
    assertFails(
        () -> codec(LinkTelemetry.class, "telemetry").decode(wireFormat(id, noLoad, record)),
        Failure.WRONG_SCHEMA,
        "READER_FIELD_MISSING_DEFAULT_VALUE");
  }

  @Test
  void truncatedAndTrailingBodiesAreUndecodable() {
    RegistryAvroCodec<LinkTelemetry> codec = codec(LinkTelemetry.class, "telemetry");
    byte[] whole = codec.encode(AvroCodecTest.telemetry());
    byte[] glued = Arrays.copyOf(whole, whole.length + 2);
    for (byte[] bad : new byte[][] {Arrays.copyOf(whole, 5), Arrays.copyOf(whole, 12), glued}) {
      assertFails(() -> codec.decode(bad), Failure.UNDECODABLE);
    }
  }

  @Property(tries = 500, seed = "20261201")
  void arbitraryBodiesAreDecodedOrRejectedNeverThrownOtherwise(@ForAll byte[] noise) {
    RegistryAvroCodec<LinkTelemetry> codec = codec(LinkTelemetry.class, "telemetry");
    byte[] header = Arrays.copyOf(codec.encode(AvroCodecTest.telemetry()), 5);
    byte[] value = Arrays.copyOf(header, 5 + noise.length);
    System.arraycopy(noise, 0, value, 5, noise.length);
    try {
      LinkTelemetry decoded = codec.decode(value);
      assertThat(codec.encode(decoded))
          .as("a decoded value is exactly one record")
          .isEqualTo(value);
    } catch (DecodeException e) {
      assertThat(e.failure()).isEqualTo(Failure.UNDECODABLE);
      assertThat(e.getMessage()).isNotBlank();
    }
  }

  /** Decoding fails with this kind of failure, and its reason contains these words. */
  private static void assertFails(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable decode,
      Failure failure,
      String... reasonContains) {
    assertThatThrownBy(decode)
        .asInstanceOf(type(DecodeException.class))
        .satisfies(
            e -> {
              assertThat(e.getMessage()).as("every failure says why").isNotBlank();
              for (String word : reasonContains) {
                assertThat(e.getMessage()).contains(word);
              }
            })
        .extracting(DecodeException::failure)
        .isEqualTo(failure);
  }

  /** A value as any Confluent-format producer writes it, by hand: magic, big-endian id, body. */
  static byte[] wireFormat(int id, Schema schema, GenericRecord record) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0);
    out.write(ByteBuffer.allocate(4).putInt(id).array());
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
    encoder.flush();
    return out.toByteArray();
  }
}
