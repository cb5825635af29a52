package io.netdrift.job.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdrift.core.network.DirectedLink;
import io.netdrift.core.validation.InputValidator;
import io.netdrift.core.validation.NetworkCatalog;
import io.netdrift.schema.DeadLetter;
import io.netdrift.schema.LinkStatus;
import io.netdrift.schema.LinkTelemetry;
import io.netdrift.schema.TrafficSample;
import io.netdrift.schema.codec.AvroCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class ValidatingAvroDeserializerTest {
  private static final String TOPIC = "link-telemetry";
  private static final long MAX_AHEAD_MS = 3_600_000;
  private static final long T0 = 1_700_000_000_000L;

  static final InputValidator VALIDATOR =
      new InputValidator(
          NetworkCatalog.of(
              List.of(new DirectedLink("A-B", "A", "B"), new DirectedLink("A-B", "B", "A"))),
          1.5);

  private static final AvroCodec<LinkTelemetry> CODEC = AvroCodec.of(LinkTelemetry.class);

  /** Collects everything the deserializer emits. */
  static final class ListCollector<T> implements Collector<T> {
    final List<T> items = new ArrayList<>();

    @Override
    public void collect(T record) {
      items.add(record);
    }

    @Override
    public void close() {}
  }

  private final ValidatingAvroDeserializer<LinkTelemetry> deserializer = newDeserializer();
  private final ListCollector<Either<DeadLetter, LinkTelemetry>> out = new ListCollector<>();
  private long nextOffset = 100;

  private static ValidatingAvroDeserializer<LinkTelemetry> newDeserializer() {
    return new ValidatingAvroDeserializer<>(
        LinkTelemetry.class, VALIDATOR::check, LinkTelemetry::getTimestampMs, MAX_AHEAD_MS);
  }

  static LinkTelemetry telemetry(long timestampMs, double loadMbps) {
    return LinkTelemetry.newBuilder()
        .setLinkId("A-B")
        .setSrcNode("A")
        .setDstNode("B")
        .setTimestampMs(timestampMs)
        .setLoadMbps(loadMbps)
        .setCapacityMbps(1000.0)
        .setStatus(LinkStatus.UP)
        .build();
  }

  static ConsumerRecord<byte[], byte[]> record(
      int partition, long offset, long kafkaTimestamp, byte[] key, byte[] value) {
    return new ConsumerRecord<>(
        TOPIC,
        partition,
        offset,
        kafkaTimestamp,
        TimestampType.CREATE_TIME,
        key == null ? -1 : key.length,
        value == null ? -1 : value.length,
        key,
        value,
        new RecordHeaders(),
        Optional.empty());
  }

  /** Feeds one value on partition 2 and returns what came out for it. */
  private Either<DeadLetter, LinkTelemetry> feed(byte[] value) throws Exception {
    int before = out.items.size();
    deserializer.deserialize(
        record(2, nextOffset++, T0 + 5, "A-B:A>B".getBytes(StandardCharsets.UTF_8), value), out);
    assertThat(out.items).as("exactly one output per record").hasSize(before + 1);
    return out.items.get(before);
  }

  private Either<DeadLetter, LinkTelemetry> feed(LinkTelemetry t) throws Exception {
    return feed(CODEC.encode(t));
  }

  private static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer copy = buffer.duplicate();
    byte[] b = new byte[copy.remaining()];
    copy.get(b);
    return b;
  }

  @Test
  void aValidRecordGoesRight() throws Exception {
    LinkTelemetry t = telemetry(T0, 400);

    Either<DeadLetter, LinkTelemetry> result = feed(t);

    assertThat(result.isRight()).isTrue();
    assertThat(result.right()).isEqualTo(t);
  }

  @Test
  void garbageBecomesADeadLetterKeepingWhereItCameFromAndItsBytes() throws Exception {
    byte[] garbage = {0x00, 0x13, 0x37, (byte) 0xFF};
    byte[] key = "k".getBytes(StandardCharsets.UTF_8);

    deserializer.deserialize(record(7, 4242, 123_456L, key, garbage), out);

    assertThat(out.items).hasSize(1);
    assertThat(out.items.get(0).isLeft()).isTrue();
    DeadLetter letter = out.items.get(0).left();
    assertThat(letter.getSourceTopic()).isEqualTo(TOPIC);
    assertThat(letter.getPartition()).isEqualTo(7);
    assertThat(letter.getOffset()).isEqualTo(4242L);
    assertThat(letter.getKafkaTimestampMs()).isEqualTo(123_456L);
    assertThat(bytes(letter.getRawValue())).containsExactly(garbage);
    assertThat(bytes(letter.getRawKey())).containsExactly(key);
    assertThat(letter.getReasonCode()).isEqualTo("UNDECODABLE");
    assertThat(letter.getReason()).isNotBlank();
    assertThat(letter.getDetectedAtMs()).isPositive();
  }

  @Test
  void aTombstoneWithoutKeyIsUndecodable() throws Exception {
    deserializer.deserialize(record(0, 1, 2, null, null), out);

    DeadLetter letter = out.items.get(0).left();
    assertThat(letter.getReasonCode()).isEqualTo("UNDECODABLE");
    assertThat(letter.getRawValue()).isNull();
    assertThat(letter.getRawKey()).isNull();
  }

  @Test
  void anotherRecordTypeIsWrongSchema() throws Exception {
    byte[] sample =
        AvroCodec.of(TrafficSample.class)
            .encode(
                TrafficSample.newBuilder()
                    .setTimestampMs(T0)
                    .setSrcNode("A")
                    .setDstNode("B")
                    .setDemandMbps(1.0)
                    .build());

    DeadLetter letter = feed(sample).left();

    assertThat(letter.getReasonCode()).isEqualTo("WRONG_SCHEMA");
    assertThat(bytes(letter.getRawValue())).containsExactly(sample);
  }

  @Test
  void aRecordTheValidatorRejectsCarriesItsReasonCode() throws Exception {
    LinkTelemetry negative = telemetry(T0, -1);
    LinkTelemetry unknown = LinkTelemetry.newBuilder(telemetry(T0, 1)).setLinkId("X-Y").build();
    LinkTelemetry impossible = telemetry(T0, 5_000);

    DeadLetter first = feed(negative).left();
    assertThat(first.getReasonCode()).isEqualTo("NEGATIVE_VALUE");
    assertThat(first.getReason()).contains("loadMbps");
    assertThat(first.getOffset()).isEqualTo(100L);
    assertThat(bytes(first.getRawValue())).containsExactly(CODEC.encode(negative));
    assertThat(feed(unknown).left().getReasonCode()).isEqualTo("UNKNOWN_LINK");
    assertThat(feed(impossible).left().getReasonCode()).isEqualTo("IMPOSSIBLE_VALUE");
  }

  @Test
  void aRecordTooFarAheadOfTheNewestAcceptedIsTooEarly() throws Exception {
    assertThat(feed(telemetry(T0, 1)).isRight()).as("first record sets the reference").isTrue();
    assertThat(feed(telemetry(T0 + MAX_AHEAD_MS, 1)).isRight()).as("exactly max ahead").isTrue();

    Either<DeadLetter, LinkTelemetry> skewed = feed(telemetry(T0 + 3 * MAX_AHEAD_MS, 1));
    assertThat(skewed.isLeft()).isTrue();
    assertThat(skewed.left().getReasonCode()).isEqualTo("TOO_EARLY");
    assertThat(skewed.left().getReason()).contains(String.valueOf(T0 + 3 * MAX_AHEAD_MS));

    // the rejected record did not move the reference: the next normal one still passes
    assertThat(feed(telemetry(T0 + MAX_AHEAD_MS + 1_000, 1)).isRight()).isTrue();
    // and the reference is the newest ACCEPTED event time, older records are not too early
    assertThat(feed(telemetry(T0, 1)).isRight()).isTrue();
    assertThat(feed(telemetry(T0 + 2 * MAX_AHEAD_MS + 1_000, 1)).isRight()).isTrue();
    assertThat(feed(telemetry(T0 + 3 * MAX_AHEAD_MS + 1_001, 1)).left().getReasonCode())
        .isEqualTo("TOO_EARLY");
  }

  @Test
  void theFirstRecordIsNeverTooEarly() throws Exception {
    assertThat(feed(telemetry(T0 + 100 * MAX_AHEAD_MS, 1)).isRight()).isTrue();
  }

  @Test
  void rejectedRecordsDoNotSetTheReference() throws Exception {
    // an invalid record far in the future must not make the valid present look early or late
    assertThat(feed(telemetry(T0 + 100 * MAX_AHEAD_MS, -1)).left().getReasonCode())
        .isEqualTo("NEGATIVE_VALUE");
    assertThat(feed(new byte[] {1, 2, 3}).isLeft()).isTrue();
    assertThat(feed(telemetry(T0, 1)).isRight()).isTrue();
    assertThat(feed(telemetry(T0 + 2 * MAX_AHEAD_MS, 1)).left().getReasonCode())
        .isEqualTo("TOO_EARLY");
  }

  @Test
  void aValidationFailureWinsOverTooEarly() throws Exception {
    feed(telemetry(T0, 1));
    assertThat(feed(telemetry(T0 + 10 * MAX_AHEAD_MS, Double.NaN)).left().getReasonCode())
        .isEqualTo("NOT_FINITE");
  }

  @Test
  void survivesJavaSerializationAndStartsAfresh() throws Exception {
    feed(telemetry(T0, 1));
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (ObjectOutputStream stream = new ObjectOutputStream(buffer)) {
      stream.writeObject(deserializer);
    }
    @SuppressWarnings("unchecked")
    ValidatingAvroDeserializer<LinkTelemetry> copy;
    try (ObjectInputStream stream =
        new ObjectInputStream(new ByteArrayInputStream(buffer.toByteArray()))) {
      copy = (ValidatingAvroDeserializer<LinkTelemetry>) stream.readObject();
    }
    ListCollector<Either<DeadLetter, LinkTelemetry>> copyOut = new ListCollector<>();

    copy.deserialize(
        record(0, 0, 0, null, CODEC.encode(telemetry(T0 + 10 * MAX_AHEAD_MS, 1))), copyOut);
    copy.deserialize(
        record(0, 1, 0, null, CODEC.encode(telemetry(T0 + 12 * MAX_AHEAD_MS, 1))), copyOut);
    copy.deserialize(record(0, 2, 0, null, CODEC.encode(telemetry(T0, -5))), copyOut);

    assertThat(copyOut.items.get(0).isRight()).as("a fresh reader has no reference yet").isTrue();
    assertThat(copyOut.items.get(1).left().getReasonCode()).isEqualTo("TOO_EARLY");
    assertThat(copyOut.items.get(2).left().getReasonCode()).isEqualTo("NEGATIVE_VALUE");
  }

  @Test
  void producedTypeIsAnEitherOfDeadLetterAndTheRecord() {
    TypeInformation<Either<DeadLetter, LinkTelemetry>> type = deserializer.getProducedType();

    assertThat(type).isInstanceOf(EitherTypeInfo.class);
    EitherTypeInfo<?, ?> either = (EitherTypeInfo<?, ?>) type;
    assertThat(either.getLeftType().getTypeClass()).isEqualTo(DeadLetter.class);
    assertThat(either.getRightType().getTypeClass()).isEqualTo(LinkTelemetry.class);
  }

  @Test
  void inTheRegistryFormatAWrongMagicByteAndAnUnreachableRegistryAreDeadLetters() throws Exception {
    int closedPort;
    try (java.net.ServerSocket socket =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    ValidatingAvroDeserializer<LinkTelemetry> registry =
        new ValidatingAvroDeserializer<>(
            LinkTelemetry.class,
            io.netdrift.schema.codec.ValueFormat.registry("http://127.0.0.1:" + closedPort),
            TOPIC,
            VALIDATOR::check,
            LinkTelemetry::getTimestampMs,
            MAX_AHEAD_MS);
    registry.open(null);
    byte[] key = "A-B:A>B".getBytes(StandardCharsets.UTF_8);
    byte[] wireFormat = {0, 0, 0, 0, 7, 2, 'x'};
    byte[] singleObject = CODEC.encode(telemetry(T0, 400));

    for (byte[] value : new byte[][] {singleObject, wireFormat}) {
      registry.deserialize(record(1, nextOffset++, T0, key, value), out);
    }

    assertThat(out.items).hasSize(2).allSatisfy(e -> assertThat(e.isLeft()).isTrue());
    DeadLetter wrongMagic = out.items.get(0).left();
    assertThat(wrongMagic.getReasonCode()).isEqualTo("UNDECODABLE");
    assertThat(wrongMagic.getReason()).contains("single-object", "valueFormat registry");
    assertThat(bytes(wrongMagic.getRawValue())).isEqualTo(singleObject);
    DeadLetter unavailable = out.items.get(1).left();
    assertThat(unavailable.getReasonCode()).isEqualTo("REGISTRY_UNAVAILABLE");
    assertThat(unavailable.getReason()).contains("schema id 7", "unreachable");
    assertThat(bytes(unavailable.getRawValue())).isEqualTo(wireFormat);
    assertThat(unavailable.getOffset()).isEqualTo(wrongMagic.getOffset() + 1);
  }
}
