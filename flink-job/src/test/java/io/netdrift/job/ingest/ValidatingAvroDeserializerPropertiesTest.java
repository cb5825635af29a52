package io.netdrift.job.ingest;

import static io.netdrift.job.ingest.ValidatingAvroDeserializerTest.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.netdrift.core.validation.InputValidator;
import io.netdrift.core.validation.Rejection;
import io.netdrift.job.ingest.ValidatingAvroDeserializerTest.ListCollector;
import io.netdrift.schema.DeadLetter;
import io.netdrift.schema.LinkStatus;
import io.netdrift.schema.LinkTelemetry;
import io.netdrift.schema.codec.AvroCodec;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;
import org.apache.flink.types.Either;

/**
 * Hostile input at the source, without a broker: whatever bytes or field values arrive, the
 * deserializer emits exactly one record, never throws, dead-letters with a reason code of the
 * documented set, and keeps each dead letter small enough for the dead-letter sink. The same kinds
 * go through the real broker and the whole job in {@code HostileInputITCase}.
 */
class ValidatingAvroDeserializerPropertiesTest {
  private static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00Z
  private static final long MAX_AHEAD_MS = 86_400_000L;

  /** The dead-letter sink's default request size (Kafka {@code max.request.size}). */
  private static final int SINK_REQUEST_BYTES = 1_048_576;

  private static final AvroCodec<LinkTelemetry> CODEC = AvroCodec.of(LinkTelemetry.class);
  private static final AvroCodec<DeadLetter> DEAD_LETTER_CODEC = AvroCodec.of(DeadLetter.class);

  private static final Set<String> DECODING_CODES = Set.of("UNDECODABLE", "WRONG_SCHEMA");

  private static ValidatingAvroDeserializer<LinkTelemetry> deserializer() {
    return new ValidatingAvroDeserializer<>(
        LinkTelemetry.class,
        ValidatingAvroDeserializerTest.VALIDATOR::check,
        LinkTelemetry::getTimestampMs,
        MAX_AHEAD_MS);
  }

  private static LinkTelemetry valid(long ts, double load) {
    return ValidatingAvroDeserializerTest.telemetry(ts, load);
  }

  /** Feeds one record (after a valid one that sets the reader's reference time). */
  private static Either<DeadLetter, LinkTelemetry> feed(byte[] key, byte[] value) {
    ValidatingAvroDeserializer<LinkTelemetry> deserializer = deserializer();
    ListCollector<Either<DeadLetter, LinkTelemetry>> out = new ListCollector<>();
    deserializer.deserialize(record(0, 0, T0, null, CODEC.encode(valid(T0, 1))), out);
    deserializer.deserialize(record(1, 7, T0, key, value), out);
    assertThat(out.items).as("one output per record").hasSize(2);
    assertThat(out.items.get(0).isRight()).isTrue();
    Either<DeadLetter, LinkTelemetry> result = out.items.get(1);
    if (result.isLeft()) {
      assertSinkable(result.left(), key, value);
    }
    return result;
  }

  /** A dead letter names its reason, points at its record and fits the sink. */
  private static void assertSinkable(DeadLetter letter, byte[] key, byte[] value) {
    assertThat(letter.getReasonCode()).isIn(names(Rejection.ReasonCode.values()));
    assertThat(letter.getReason()).isNotBlank().hasSizeLessThan(Rejection.MAX_REASON_CHARS + 400);
    assertThat(letter.getPartition()).isEqualTo(1);
    assertThat(letter.getOffset()).isEqualTo(7L);
    assertKeptPrefix(letter.getRawKey(), key);
    assertKeptPrefix(letter.getRawValue(), value);
    assertThat(DEAD_LETTER_CODEC.encode(letter).length).isLessThan(SINK_REQUEST_BYTES / 2 + 4096);
  }

  private static void assertKeptPrefix(ByteBuffer kept, byte[] raw) {
    if (raw == null) {
      assertThat(kept).isNull();
      return;
    }
    byte[] bytes = new byte[kept.remaining()];
    kept.duplicate().get(bytes);
    int expected = Math.min(raw.length, ValidatingAvroDeserializer.MAX_RAW_BYTES_KEPT);
    assertThat(bytes).isEqualTo(Arrays.copyOf(raw, expected));
  }

  private static Set<String> names(Rejection.ReasonCode[] codes) {
    return Arrays.stream(codes).map(Enum::name).collect(java.util.stream.Collectors.toSet());
  }

  @Property(tries = 300, seed = "20261130")
  void randomBytesAreDeadLetteredAsUndecodableOrWrongSchema(
      @ForAll @Size(max = 2_000) byte[] value, @ForAll @Size(max = 64) byte[] key) {
    Either<DeadLetter, LinkTelemetry> result = feed(key, value);

    assertThat(result.isLeft()).isTrue();
    assertThat(result.left().getReasonCode()).isIn(DECODING_CODES);
  }

  @Property(tries = 200, seed = "20261130")
  void aTruncatedRecordIsUndecodable(
      @ForAll("validTelemetry") LinkTelemetry t, @ForAll @IntRange(min = 0, max = 100) int cut) {
    byte[] whole = CODEC.encode(t);
    byte[] truncated = Arrays.copyOf(whole, cut % whole.length);

    assertThat(feed(null, truncated).left().getReasonCode()).isEqualTo("UNDECODABLE");
  }

  @Property(tries = 200, seed = "20261130")
  void aRecordWithTrailingGarbageIsUndecodable(
      @ForAll("validTelemetry") LinkTelemetry t, @ForAll @Size(min = 1, max = 200) byte[] garbage) {
    byte[] whole = CODEC.encode(t);
    byte[] glued = Arrays.copyOf(whole, whole.length + garbage.length);
    System.arraycopy(garbage, 0, glued, whole.length, garbage.length);

    assertThat(feed(null, glued).left().getReasonCode()).isEqualTo("UNDECODABLE");
  }

  @Property(tries = 20, seed = "20261130")
  void aHugeValueOrKeyIsDeadLetteredCutToWhatTheSinkCanWrite(
      @ForAll @IntRange(min = 200_000, max = 1_040_000) int valueBytes,
      @ForAll @IntRange(min = 0, max = 600_000) int keyBytes,
      @ForAll boolean asAvro) {
    byte[] value = new byte[valueBytes];
    Arrays.fill(value, (byte) 'v');
    if (asAvro) {
      // a real record whose link id is the bulk of the value
      value =
          CODEC.encode(
              LinkTelemetry.newBuilder(valid(T0, 1))
                  .setLinkId("L".repeat(valueBytes - 40))
                  .build());
    }
    byte[] key = new byte[keyBytes];

    DeadLetter letter = feed(key, value).left();

    assertThat(letter.getReasonCode()).isEqualTo(asAvro ? "IMPOSSIBLE_VALUE" : "UNDECODABLE");
    if (value.length > ValidatingAvroDeserializer.MAX_RAW_BYTES_KEPT) {
      assertThat(letter.getReason()).contains("rawValue cut to its first", "/1@7");
    }
  }

  /**
   * Any field values: a record is accepted only if every documented bound holds; anything else is
   * dead-lettered with one of the documented validation codes.
   */
  @Property(tries = 1_000, seed = "20261130")
  void arbitraryFieldValuesAreAcceptedOnlyWithinTheDocumentedBounds(
      @ForAll("hostileTelemetry") LinkTelemetry t) {
    Either<DeadLetter, LinkTelemetry> result = feed("k".getBytes(), CODEC.encode(t));
    Statistics.collect(result.isRight() ? "accepted" : result.left().getReasonCode());

    if (result.isRight()) {
      LinkTelemetry accepted = result.right();
      assertThat(accepted).isEqualTo(t);
      assertThat(accepted.getTimestampMs())
          .isPositive()
          .isLessThan(InputValidator.MAX_TIMESTAMP_MS)
          .isLessThanOrEqualTo(T0 + MAX_AHEAD_MS);
      assertThat(accepted.getCapacityMbps())
          .isBetween(InputValidator.MIN_CAPACITY_MBPS, InputValidator.MAX_CAPACITY_MBPS);
      // -0.0 is a zero load, not a negative one
      double load = accepted.getLoadMbps();
      assertThat(load >= 0 && load <= 1.5 * accepted.getCapacityMbps())
          .as("load %s", load)
          .isTrue();
      assertThat(accepted.getLinkId()).isEqualTo("A-B");
    } else {
      assertThat(result.left().getReasonCode())
          .isIn("NOT_FINITE", "NEGATIVE_VALUE", "IMPOSSIBLE_VALUE", "UNKNOWN_LINK", "TOO_EARLY");
    }
  }

  @Provide
  Arbitrary<LinkTelemetry> validTelemetry() {
    return Combinators.combine(
            Arbitraries.longs().between(T0, T0 + MAX_AHEAD_MS),
            Arbitraries.doubles().between(0, 1500),
            Arbitraries.of(LinkStatus.class))
        .as(
            (ts, load, status) ->
                LinkTelemetry.newBuilder(valid(ts, load)).setStatus(status).build());
  }

  @Provide
  Arbitrary<LinkTelemetry> hostileTelemetry() {
    Arbitrary<String> names =
        Arbitraries.oneOf(
            Arbitraries.of("A-B", "A", "B", "", "X-Y"),
            Arbitraries.strings().ofMaxLength(20),
            Arbitraries.strings().withCharRange('a', 'z').ofMinLength(250).ofMaxLength(300));
    Arbitrary<String[]> directions =
        Arbitraries.frequencyOf(
            Tuple.of(
                3, Arbitraries.of(new String[] {"A-B", "A", "B"}, new String[] {"A-B", "B", "A"})),
            Tuple.of(
                1,
                Combinators.combine(names, names, names).as((l, s, d) -> new String[] {l, s, d})));
    Arbitrary<Long> times =
        Arbitraries.frequencyOf(
            Tuple.of(3, Arbitraries.longs().between(T0 - MAX_AHEAD_MS, T0 + 2 * MAX_AHEAD_MS)),
            Tuple.of(1, Arbitraries.longs()),
            Tuple.of(
                1,
                Arbitraries.of(
                    0L, -1L, Long.MIN_VALUE, Long.MAX_VALUE, InputValidator.MAX_TIMESTAMP_MS)));
    Arbitrary<Double> hostileAmounts =
        Arbitraries.oneOf(
            Arbitraries.doubles(),
            Arbitraries.of(
                Double.NaN,
                Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY,
                -0.0,
                0.0,
                -1.0,
                Double.MIN_VALUE,
                Double.MAX_VALUE,
                1e-300,
                1e300));
    Arbitrary<Double> loads =
        Arbitraries.frequencyOf(
            Tuple.of(3, Arbitraries.doubles().between(0, 2_000)), Tuple.of(1, hostileAmounts));
    Arbitrary<Double> capacities =
        Arbitraries.frequencyOf(
            Tuple.of(3, Arbitraries.doubles().between(500, 2_000)), Tuple.of(1, hostileAmounts));
    return Combinators.combine(
            directions, times, loads, capacities, Arbitraries.of(LinkStatus.class))
        .as(
            (direction, ts, load, capacity, status) ->
                new LinkTelemetry(
                    direction[0], direction[1], direction[2], ts, load, capacity, status));
  }
}
