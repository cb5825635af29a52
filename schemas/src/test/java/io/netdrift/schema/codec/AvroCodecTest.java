package io.netdrift.schema.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import io.netdrift.schema.AdaptationEvent;
import io.netdrift.schema.AdaptationEventType;
import io.netdrift.schema.AffectedLink;
import io.netdrift.schema.DeadLetter;
import io.netdrift.schema.LinkStatus;
import io.netdrift.schema.LinkTelemetry;
import io.netdrift.schema.LoadPrediction;
import io.netdrift.schema.NetworkEvent;
import io.netdrift.schema.NetworkEventType;
import io.netdrift.schema.TrafficSample;
import io.netdrift.schema.codec.AvroCodec.DecodeException;
import io.netdrift.schema.codec.AvroCodec.Failure;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificRecordBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AvroCodecTest {

  static LinkTelemetry telemetry() {
    return LinkTelemetry.newBuilder()
        .setLinkId("Amsterdam-Brussels")
        .setSrcNode("Amsterdam")
        .setDstNode("Brussels")
        .setTimestampMs(1_700_000_000_000L)
        .setLoadMbps(1234.5)
        .setCapacityMbps(10_000.0)
        .setStatus(LinkStatus.DOWN)
        .build();
  }

  static Stream<SpecificRecordBase> oneOfEveryType() {
    return Stream.of(
        telemetry(),
        TrafficSample.newBuilder()
            .setTimestampMs(1_700_000_000_000L)
            .setSrcNode("Paris")
            .setDstNode("Berlin")
            .setDemandMbps(42.25)
            .build(),
        NetworkEvent.newBuilder()
            .setEventId("ev-1")
            .setTimestampMs(1_700_000_000_000L)
            .setType(NetworkEventType.LINK_DOWN)
            .setElement("Amsterdam-Brussels")
            .setAffectedLinks(
                List.of(
                    AffectedLink.newBuilder()
                        .setLinkId("Paris-Brussels")
                        .setSrcNode("Paris")
                        .setDstNode("Brussels")
                        .setLoadBeforeMbps(10.0)
                        .setLoadAfterMbps(null)
                        .build()))
            .setDroppedDemandMbps(3.5)
            .build(),
        LoadPrediction.newBuilder()
            .setLinkId("Amsterdam-Brussels")
            .setSrcNode("Amsterdam")
            .setDstNode("Brussels")
            .setEventTimeMs(1L)
            .setTargetTimeMs(900_001L)
            .setHorizonSteps(1)
            .setValueMbps(99.5)
            .setStrategy("persistence")
            .setModelId("persistence")
            .setModelVersion(7L)
            .build(),
        AdaptationEvent.newBuilder()
            .setType(AdaptationEventType.MODEL_SWAPPED)
            .setScope("link")
            .setLinkId("Amsterdam-Brussels")
            .setSrcNode("Amsterdam")
            .setDstNode("Brussels")
            .setStatistic(0.5)
            .setModelVersionBefore(1L)
            .setModelVersionAfter(2L)
            .setEventTimeMs(5L)
            .setProcessingTimeMs(6L)
            .setDetail("swap")
            .build(),
        DeadLetter.newBuilder()
            .setSourceTopic("link-telemetry")
            .setPartition(3)
            .setOffset(17L)
            .setKafkaTimestampMs(8L)
            .setRawKey(ByteBuffer.wrap(new byte[] {1, 2}))
            .setRawValue(null)
            .setReasonCode("UNDECODABLE")
            .setReason("garbage")
            .setDetectedAtMs(9L)
            .build());
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static <T extends SpecificRecordBase> AvroCodec<T> codecFor(T record) {
    return AvroCodec.of((Class) record.getClass());
  }

  @ParameterizedTest
  @MethodSource("oneOfEveryType")
  <T extends SpecificRecordBase> void everyRecordTypeRoundTrips(T record) throws Exception {
    AvroCodec<T> codec = codecFor(record);
    byte[] bytes = codec.encode(record);

    assertThat(bytes).startsWith((byte) 0xC3, (byte) 0x01);
    T decoded = codec.decode(bytes);
    assertThat(decoded).isEqualTo(record).isNotSameAs(record);
    assertThat(codec.type()).isEqualTo(record.getClass());
  }

  @Test
  void garbageBytesAreUndecodable() {
    byte[] garbage = "this is not avro".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> AvroCodec.of(LinkTelemetry.class).decode(garbage))
        .asInstanceOf(type(DecodeException.class))
        .extracting(DecodeException::failure)
        .isEqualTo(Failure.UNDECODABLE);
  }

  @Test
  void aRecordOfAnotherTypeIsWrongSchema() {
    byte[] sample =
        AvroCodec.of(TrafficSample.class)
            .encode(
                TrafficSample.newBuilder()
                    .setTimestampMs(1L)
                    .setSrcNode("Paris")
                    .setDstNode("Berlin")
                    .setDemandMbps(1.0)
                    .build());
    assertThatThrownBy(() -> AvroCodec.of(LinkTelemetry.class).decode(sample))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("LinkTelemetry")
        .extracting(e -> ((DecodeException) e).failure())
        .isEqualTo(Failure.WRONG_SCHEMA);
  }

  @Test
  void emptyAndNullValuesAreUndecodable() {
    AvroCodec<LinkTelemetry> codec = AvroCodec.of(LinkTelemetry.class);
    for (byte[] value : new byte[][] {null, new byte[0]}) {
      assertThatThrownBy(() -> codec.decode(value))
          .asInstanceOf(type(DecodeException.class))
          .extracting(DecodeException::failure)
          .isEqualTo(Failure.UNDECODABLE);
    }
  }

  @Test
  void aTruncatedBodyIsUndecodable() {
    AvroCodec<LinkTelemetry> codec = AvroCodec.of(LinkTelemetry.class);
    byte[] whole = codec.encode(telemetry());
    // header (2) + fingerprint (8) intact, body cut in the middle of the strings
    for (int length : new int[] {10, 15, whole.length - 10}) {
      byte[] truncated = Arrays.copyOf(whole, length);
      assertThatThrownBy(() -> codec.decode(truncated))
          .as("truncated to %d of %d bytes", length, whole.length)
          .asInstanceOf(type(DecodeException.class))
          .extracting(DecodeException::failure)
          .isEqualTo(Failure.UNDECODABLE);
    }
  }

  @Test
  void trailingBytesAfterTheRecordAreUndecodable() {
    AvroCodec<LinkTelemetry> codec = AvroCodec.of(LinkTelemetry.class);
    byte[] whole = codec.encode(telemetry());
    // Avro's message decoder stops after the last field and ignores the rest
    for (byte[] garbage : new byte[][] {{0}, {1, 2, 3}, whole}) {
      byte[] glued = Arrays.copyOf(whole, whole.length + garbage.length);
      System.arraycopy(garbage, 0, glued, whole.length, garbage.length);
      assertThatThrownBy(() -> codec.decode(glued))
          .asInstanceOf(type(DecodeException.class))
          .satisfies(e -> assertThat(e.getMessage()).contains("trailing bytes"))
          .extracting(DecodeException::failure)
          .isEqualTo(Failure.UNDECODABLE);
    }
  }

  @Test
  void aStringLengthBeyondTheValueIsUndecodableWithoutAllocatingIt() {
    AvroCodec<LinkTelemetry> codec = AvroCodec.of(LinkTelemetry.class);
    byte[] header = Arrays.copyOf(codec.encode(telemetry()), 10);
    // linkId claims ~2 GiB, the most Avro allows: decoding it naively allocates that much
    byte[] claim = zigZagVarint(Integer.MAX_VALUE - 16);
    byte[] hostile = Arrays.copyOf(header, header.length + claim.length + 3);
    System.arraycopy(claim, 0, hostile, header.length, claim.length);

    assertThatThrownBy(() -> codec.decode(hostile))
        .asInstanceOf(type(DecodeException.class))
        .extracting(DecodeException::failure)
        .isEqualTo(Failure.UNDECODABLE);
  }

  /** Avro's encoding of a long: zig-zag, then 7 bits per byte, low bits first. */
  private static byte[] zigZagVarint(long n) {
    long z = (n << 1) ^ (n >> 63);
    byte[] out = new byte[10];
    int i = 0;
    while ((z & ~0x7FL) != 0) {
      out[i++] = (byte) ((z & 0x7F) | 0x80);
      z >>>= 7;
    }
    out[i++] = (byte) z;
    return Arrays.copyOf(out, i);
  }

  @Property(tries = 500, seed = "20261130")
  void arbitraryBytesAreDecodedOrRejectedNeverThrownOtherwise(
      @ForAll byte[] noise, @ForAll boolean withHeader) {
    AvroCodec<LinkTelemetry> codec = AvroCodec.of(LinkTelemetry.class);
    byte[] value = noise;
    if (withHeader) {
      // a valid marker and fingerprint make the decoder read the noise as a body
      value = Arrays.copyOf(Arrays.copyOf(codec.encode(telemetry()), 10), 10 + noise.length);
      System.arraycopy(noise, 0, value, 10, noise.length);
    }
    try {
      LinkTelemetry decoded = codec.decode(value);
      assertThat(codec.encode(decoded))
          .as("a decoded value is exactly one record")
          .isEqualTo(value);
    } catch (DecodeException e) {
      assertThat(e.failure()).isNotNull();
      assertThat(e.getMessage()).isNotBlank();
    }
  }

  @Test
  void aHeaderCutInsideTheFingerprintIsUndecodable() {
    AvroCodec<LinkTelemetry> codec = AvroCodec.of(LinkTelemetry.class);
    byte[] cut = Arrays.copyOf(codec.encode(telemetry()), 5);
    assertThatThrownBy(() -> codec.decode(cut))
        .asInstanceOf(type(DecodeException.class))
        .extracting(DecodeException::failure)
        .isEqualTo(Failure.UNDECODABLE);
  }

  /** LinkTelemetry as it was before the {@code status} field was added. */
  static final Schema LINK_TELEMETRY_WITHOUT_STATUS =
      new Schema.Parser()
          .parse(
              """
              {"type": "record", "name": "LinkTelemetry", "namespace": "io.netdrift.schema",
               "fields": [
                 {"name": "linkId", "type": "string"},
                 {"name": "srcNode", "type": "string"},
                 {"name": "dstNode", "type": "string"},
                 {"name": "timestampMs", "type": "long"},
                 {"name": "loadMbps", "type": "double"},
                 {"name": "capacityMbps", "type": "double"}
               ]}
              """);

  /** A LinkTelemetry version that also carried a field since removed ({@code unit}). */
  static final Schema LINK_TELEMETRY_WITH_REMOVED_UNIT =
      new Schema.Parser()
          .parse(
              """
              {"type": "record", "name": "LinkTelemetry", "namespace": "io.netdrift.schema",
               "fields": [
                 {"name": "linkId", "type": "string"},
                 {"name": "srcNode", "type": "string"},
                 {"name": "dstNode", "type": "string"},
                 {"name": "unit", "type": "string"},
                 {"name": "timestampMs", "type": "long"},
                 {"name": "loadMbps", "type": "double"},
                 {"name": "capacityMbps", "type": "double"},
                 {"name": "status", "type": {"type": "enum", "name": "LinkStatus",
                   "symbols": ["UP", "DOWN"], "default": "UP"}}
               ]}
              """);

  private static GenericRecord olderTelemetry(Schema schema) {
    GenericRecord old = new GenericData.Record(schema);
    old.put("linkId", "Amsterdam-Brussels");
    old.put("srcNode", "Amsterdam");
    old.put("dstNode", "Brussels");
    old.put("timestampMs", 42L);
    old.put("loadMbps", 12.5);
    old.put("capacityMbps", 100.0);
    if (schema.getField("unit") != null) {
      old.put("unit", "Mbps");
    }
    if (schema.getField("status") != null) {
      old.put("status", new GenericData.EnumSymbol(schema.getField("status").schema(), "DOWN"));
    }
    return old;
  }

  private static byte[] writeGeneric(Schema schema, GenericRecord record) throws Exception {
    ByteBuffer buffer =
        new BinaryMessageEncoder<GenericRecord>(GenericData.get(), schema).encode(record);
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    return bytes;
  }

  @Test
  void aRecordWrittenWithAnUnregisteredOlderSchemaIsWrongSchema() throws Exception {
    byte[] bytes =
        writeGeneric(
            LINK_TELEMETRY_WITH_REMOVED_UNIT, olderTelemetry(LINK_TELEMETRY_WITH_REMOVED_UNIT));
    assertThatThrownBy(() -> AvroCodec.of(LinkTelemetry.class).decode(bytes))
        .asInstanceOf(type(DecodeException.class))
        .extracting(DecodeException::failure)
        .isEqualTo(Failure.WRONG_SCHEMA);
  }

  @Test
  void acceptingWriterSchemaReadsARecordWrittenWithARegisteredOlderSchema() throws Exception {
    byte[] bytes =
        writeGeneric(
            LINK_TELEMETRY_WITH_REMOVED_UNIT, olderTelemetry(LINK_TELEMETRY_WITH_REMOVED_UNIT));
    AvroCodec<LinkTelemetry> codec =
        AvroCodec.of(LinkTelemetry.class).acceptingWriterSchema(LINK_TELEMETRY_WITH_REMOVED_UNIT);

    LinkTelemetry decoded = codec.decode(bytes);

    assertThat(decoded.getLinkId()).isEqualTo("Amsterdam-Brussels");
    assertThat(decoded.getSrcNode()).isEqualTo("Amsterdam");
    assertThat(decoded.getDstNode()).isEqualTo("Brussels");
    assertThat(decoded.getTimestampMs()).isEqualTo(42L);
    assertThat(decoded.getLoadMbps()).isEqualTo(12.5);
    assertThat(decoded.getCapacityMbps()).isEqualTo(100.0);
    assertThat(decoded.getStatus()).isEqualTo(LinkStatus.DOWN);
    // the current schema is still read as before
    assertThat(codec.decode(codec.encode(telemetry()))).isEqualTo(telemetry());
  }

  @Test
  void acceptingWriterSchemaFillsFieldDefaultsOfANetworkEventWrittenBeforeTheyExisted()
      throws Exception {
    Schema older =
        new Schema.Parser()
            .parse(
                """
                {"type": "record", "name": "NetworkEvent", "namespace": "io.netdrift.schema",
                 "fields": [
                   {"name": "eventId", "type": "string"},
                   {"name": "timestampMs", "type": "long"},
                   {"name": "type", "type": {"type": "enum", "name": "NetworkEventType",
                     "symbols": ["LINK_DOWN", "LINK_UP", "NODE_DOWN", "NODE_UP", "REROUTE"]}},
                   {"name": "element", "type": "string"}
                 ]}
                """);
    GenericRecord record = new GenericData.Record(older);
    record.put("eventId", "ev-9");
    record.put("timestampMs", 77L);
    record.put("type", new GenericData.EnumSymbol(older.getField("type").schema(), "NODE_DOWN"));
    record.put("element", "Paris");

    NetworkEvent decoded =
        AvroCodec.of(NetworkEvent.class)
            .acceptingWriterSchema(older)
            .decode(writeGeneric(older, record));

    assertThat(decoded.getEventId()).isEqualTo("ev-9");
    assertThat(decoded.getType()).isEqualTo(NetworkEventType.NODE_DOWN);
    assertThat(decoded.getElement()).isEqualTo("Paris");
    assertThat(decoded.getAffectedLinks()).isEmpty();
    assertThat(decoded.getDroppedDemandMbps()).isEqualTo(0.0);
  }

  @Test
  void acceptingWriterSchemaReadsLinkTelemetryWrittenBeforeStatusExisted() throws Exception {
    byte[] bytes =
        writeGeneric(LINK_TELEMETRY_WITHOUT_STATUS, olderTelemetry(LINK_TELEMETRY_WITHOUT_STATUS));
    AvroCodec<LinkTelemetry> codec =
        AvroCodec.of(LinkTelemetry.class).acceptingWriterSchema(LINK_TELEMETRY_WITHOUT_STATUS);

    LinkTelemetry decoded = codec.decode(bytes);

    assertThat(decoded.getLinkId()).isEqualTo("Amsterdam-Brussels");
    assertThat(decoded.getLoadMbps()).isEqualTo(12.5);
    assertThat(decoded.getStatus()).as("default of the added field").isEqualTo(LinkStatus.UP);
  }

  @Property(tries = 300, seed = "20261128")
  void linkTelemetryRoundTripsForArbitraryFieldValues(
      @ForAll String linkId,
      @ForAll String srcNode,
      @ForAll String dstNode,
      @ForAll long timestampMs,
      @ForAll double loadMbps,
      @ForAll double capacityMbps,
      @ForAll LinkStatus status)
      throws Exception {
    LinkTelemetry record =
        LinkTelemetry.newBuilder()
            .setLinkId(linkId)
            .setSrcNode(srcNode)
            .setDstNode(dstNode)
            .setTimestampMs(timestampMs)
            .setLoadMbps(loadMbps)
            .setCapacityMbps(capacityMbps)
            .setStatus(status)
            .build();
    AvroCodec<LinkTelemetry> codec = AvroCodec.of(LinkTelemetry.class);

    LinkTelemetry decoded = codec.decode(codec.encode(record));

    assertThat(decoded).isEqualTo(record);
    assertThat(decoded.getLinkId()).isEqualTo(linkId);
    assertThat(decoded.getSrcNode()).isEqualTo(srcNode);
    assertThat(decoded.getDstNode()).isEqualTo(dstNode);
    assertThat(decoded.getTimestampMs()).isEqualTo(timestampMs);
    assertThat(Double.doubleToRawLongBits(decoded.getLoadMbps()))
        .isEqualTo(Double.doubleToRawLongBits(loadMbps));
    assertThat(decoded.getCapacityMbps()).isEqualTo(capacityMbps);
    assertThat(decoded.getStatus()).isEqualTo(status);
  }
}
