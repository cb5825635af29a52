package io.netdrift.it;

import io.netdrift.core.validation.InputValidator;
import io.netdrift.schema.AffectedLink;
import io.netdrift.schema.DeadLetter;
import io.netdrift.schema.LinkStatus;
import io.netdrift.schema.LinkTelemetry;
import io.netdrift.schema.LoadPrediction;
import io.netdrift.schema.NetworkEvent;
import io.netdrift.schema.NetworkEventType;
import io.netdrift.schema.TrafficSample;
import io.netdrift.schema.codec.AvroCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * A jqwik generator of hostile input for the whole job, each record of a {@link Kind} with the
 * outcome the job documents for it: a dead letter with a reason code, or {@link #ACCEPTED}
 * (forecast like any sample). Every record is hostile in exactly one way, so its reason is exact.
 *
 * <p>The outcomes of the event-time kinds depend on where the job is: they are drawn against a
 * {@link Scenario} in which valid telemetry arrives one step at a time and, at step {@code
 * phaseTwoStep}, the test has waited until every link has processed step {@code phaseTwoStep - 3}
 * (the watermark trails the newest step by one step, so the last two wait).
 */
final class HostileInput {

  /** The outcome of a record the job forecasts. */
  static final String ACCEPTED = "ACCEPTED";

  /** Which input topic a record goes to. */
  enum Topic {
    TELEMETRY,
    TRAFFIC,
    EVENTS
  }

  /** When the test sends a record. */
  enum Timing {
    /** After the valid telemetry of {@link Hostile#step()}. */
    AFTER_STEP,
    /** Right after the valid sample it repeats. */
    AFTER_ORIGINAL,
    /** Once every link has processed step {@code phaseTwoStep - 3}, before the next step. */
    PHASE_TWO_START
  }

  /** The kinds of hostile input and what the job does with each (the README's table). */
  enum Kind {
    RANDOM_BYTES("dead letter UNDECODABLE"),
    JSON_INSTEAD_OF_AVRO("dead letter UNDECODABLE"),
    TRUNCATED_AVRO("dead letter UNDECODABLE"),
    TRAILING_GARBAGE("dead letter UNDECODABLE"),
    LENGTH_BEYOND_VALUE("dead letter UNDECODABLE (nothing allocated)"),
    OTHER_SCHEMA("dead letter WRONG_SCHEMA"),
    NULL_VALUE("dead letter UNDECODABLE"),
    EMPTY_VALUE("dead letter UNDECODABLE"),
    HUGE_STRING(
        "dead letter IMPOSSIBLE_VALUE (identifier > 256 chars) or UNDECODABLE, cut to 256 KiB"),
    NAN("dead letter NOT_FINITE"),
    INFINITY("dead letter NOT_FINITE"),
    NEGATIVE_LOAD("dead letter NEGATIVE_VALUE"),
    ABSURD_LOAD("dead letter IMPOSSIBLE_VALUE (load > 1.5 x capacity)"),
    ABSURD_CAPACITY("dead letter IMPOSSIBLE_VALUE (outside 1e-3..1e9 Mbps)"),
    ZERO_CAPACITY("dead letter IMPOSSIBLE_VALUE"),
    UNKNOWN_LINK("dead letter UNKNOWN_LINK"),
    UNKNOWN_NODE("dead letter UNKNOWN_NODE"),
    NEGATIVE_TIMESTAMP("dead letter IMPOSSIBLE_VALUE"),
    FAR_FUTURE_TIMESTAMP("dead letter IMPOSSIBLE_VALUE (year >= 2100)"),
    CLOCK_JUMP_FORWARD("dead letter TOO_EARLY (> maxAheadMs ahead)"),
    CLOCK_JUMP_BACK("dead letter TOO_LATE (before the link's last sample)"),
    DUPLICATE("dead letter DUPLICATE"),
    LATE_BEYOND_LATENESS("dead letter TOO_LATE (> maxLatenessMs behind the watermark)"),
    LATE_WITHIN_LATENESS("forecast (served at once); a repeated time: DUPLICATE");

    final String documented;

    Kind(String documented) {
      this.documented = documented;
    }
  }

  /**
   * One hostile record.
   *
   * @param partition the partition it is sent to, {@code null}: the link's own
   * @param expected the reason code of its dead letter, or {@link #ACCEPTED}
   * @param step with {@link Timing#AFTER_STEP} and {@link Timing#AFTER_ORIGINAL}, the step it
   *     follows
   * @param link with {@link Timing#AFTER_ORIGINAL}, the index of the link it repeats
   * @param sample the decoded telemetry of the kinds the forecast operator judges (for matching
   *     their dead letters and predictions), else {@code null}
   */
  record Hostile(
      Kind kind,
      Topic topic,
      Integer partition,
      byte[] key,
      byte[] value,
      String expected,
      Timing timing,
      int step,
      int link,
      LinkTelemetry sample) {

    Hostile withExpected(String outcome) {
      return new Hostile(kind, topic, partition, key, value, outcome, timing, step, link, sample);
    }

    @Override
    public String toString() {
      return kind
          + "->"
          + expected
          + " on "
          + topic
          + " ("
          + (value == null ? -1 : value.length)
          + " bytes)";
    }
  }

  /**
   * What the records are drawn against.
   *
   * @param links the directions that get valid telemetry every step, {@code {linkId, src, dst}}
   * @param servedLate a known direction without telemetry, for samples within the lateness
   * @param rejectedLate another one, for samples beyond it
   */
  record Scenario(
      long startMs,
      long stepMs,
      int steps,
      int phaseTwoStep,
      List<String[]> links,
      String[] servedLate,
      String[] rejectedLate,
      long maxAheadMs,
      long maxLatenessMs) {

    long stepTime(int step) {
      return startMs + step * stepMs;
    }

    /** The valid sample of a link at a step; the same one every time it is asked for. */
    LinkTelemetry validSample(int link, int step) {
      String[] l = links.get(link);
      return telemetry(l, stepTime(step), 400 + 100 * Math.sin(step / 3.0) + link, 1000);
    }

    /** A link's partition: its samples stay in order. */
    int partitionOf(int link) {
      return link % 2;
    }
  }

  private static final AvroCodec<LinkTelemetry> TELEMETRY = AvroCodec.of(LinkTelemetry.class);
  private static final AvroCodec<TrafficSample> TRAFFIC = AvroCodec.of(TrafficSample.class);
  private static final AvroCodec<NetworkEvent> EVENTS = AvroCodec.of(NetworkEvent.class);

  private final Scenario scenario;

  HostileInput(Scenario scenario) {
    this.scenario = scenario;
  }

  /**
   * One record of every kind, then {@code extra} of kinds drawn at random, in one list. Samples
   * within the lateness are sorted by time; one that repeats an earlier time is a duplicate.
   */
  Arbitrary<List<Hostile>> mix(int extra) {
    List<Arbitrary<Hostile>> each = new ArrayList<>();
    for (Kind kind : Kind.values()) {
      each.add(of(kind));
    }
    Arbitrary<List<Hostile>> random =
        Arbitraries.of(Kind.values()).flatMap(this::of).list().ofSize(extra);
    return Combinators.combine(Combinators.combine(each).as(List::copyOf), random)
        .as(
            (one, more) -> {
              List<Hostile> all = new ArrayList<>(one);
              all.addAll(more);
              return resolveRepeatedLateTimes(all);
            });
  }

  private static List<Hostile> resolveRepeatedLateTimes(List<Hostile> all) {
    List<Hostile> late =
        all.stream()
            .filter(h -> h.kind() == Kind.LATE_WITHIN_LATENESS)
            .sorted(Comparator.comparingLong(h -> h.sample().getTimestampMs()))
            .toList();
    List<Hostile> out =
        new ArrayList<>(all.stream().filter(h -> h.kind() != Kind.LATE_WITHIN_LATENESS).toList());
    Set<Long> seen = new HashSet<>();
    for (Hostile h : late) {
      out.add(h.withExpected(seen.add(h.sample().getTimestampMs()) ? ACCEPTED : "DUPLICATE"));
    }
    return out;
  }

  /** Records of one kind. */
  Arbitrary<Hostile> of(Kind kind) {
    Arbitrary<Integer> steps = Arbitraries.integers().between(1, scenario.steps() - 1);
    Arbitrary<Topic> topics = Arbitraries.of(Topic.class);
    return switch (kind) {
      case RANDOM_BYTES ->
          Combinators.combine(topics, steps, noise(2_000))
              .as(
                  (topic, step, bytes) -> {
                    // never the single-object marker: these are not Avro at all
                    bytes[0] = bytes[0] == (byte) 0xC3 ? 0 : bytes[0];
                    return sourceLevel(kind, topic, step, bytes, "UNDECODABLE");
                  });
      case JSON_INSTEAD_OF_AVRO ->
          steps.map(
              step ->
                  sourceLevel(
                      kind,
                      Topic.TELEMETRY,
                      step,
                      validTelemetry(step).toString().getBytes(StandardCharsets.UTF_8),
                      "UNDECODABLE"));
      case TRUNCATED_AVRO ->
          Combinators.combine(topics, steps, Arbitraries.doubles().between(0, 1))
              .as(
                  (topic, step, fraction) -> {
                    byte[] whole = validRecord(topic, step);
                    int length = 1 + (int) (fraction * (whole.length - 2));
                    return sourceLevel(
                        kind, topic, step, Arrays.copyOf(whole, length), "UNDECODABLE");
                  });
      case TRAILING_GARBAGE ->
          Combinators.combine(topics, steps, noise(100))
              .as(
                  (topic, step, garbage) -> {
                    byte[] whole = validRecord(topic, step);
                    byte[] glued = Arrays.copyOf(whole, whole.length + garbage.length);
                    System.arraycopy(garbage, 0, glued, whole.length, garbage.length);
                    return sourceLevel(kind, topic, step, glued, "UNDECODABLE");
                  });
      case LENGTH_BEYOND_VALUE ->
          // the topic's marker and fingerprint, then a first string "of up to 2 GiB"
          // (the first field of telemetry and events is a string)
          Combinators.combine(
                  Arbitraries.of(Topic.TELEMETRY, Topic.EVENTS),
                  steps,
                  Arbitraries.longs().between(100, Integer.MAX_VALUE - 16))
              .as(
                  (topic, step, claimed) -> {
                    byte[] header = Arrays.copyOf(validRecord(topic, step), 10);
                    byte[] length = avroLong(claimed);
                    byte[] value = Arrays.copyOf(header, header.length + length.length + 20);
                    System.arraycopy(length, 0, value, header.length, length.length);
                    return sourceLevel(kind, topic, step, value, "UNDECODABLE");
                  });
      case OTHER_SCHEMA ->
          Combinators.combine(topics, steps, Arbitraries.integers().between(0, 2))
              .as(
                  (topic, step, other) ->
                      sourceLevel(
                          kind, topic, step, otherSchema(topic, step, other), "WRONG_SCHEMA"));
      case NULL_VALUE ->
          Combinators.combine(topics, steps)
              .as((t, s) -> sourceLevel(kind, t, s, null, "UNDECODABLE"));
      case EMPTY_VALUE ->
          Combinators.combine(topics, steps)
              .as((t, s) -> sourceLevel(kind, t, s, new byte[0], "UNDECODABLE"));
      case HUGE_STRING -> hugeString(topics, steps);
      case NAN, INFINITY -> notFinite(kind, topics, steps);
      case NEGATIVE_LOAD ->
          Combinators.combine(
                  Arbitraries.of(Topic.TELEMETRY, Topic.TRAFFIC),
                  steps,
                  magnitudes(-9, 299).map(m -> -m))
              .as(
                  (topic, step, load) ->
                      sourceLevel(
                          kind,
                          topic,
                          step,
                          topic == Topic.TELEMETRY
                              ? TELEMETRY.encode(withLoad(validTelemetry(step), load))
                              : TRAFFIC.encode(traffic(step, "A", "B", load)),
                          "NEGATIVE_VALUE"));
      case ABSURD_LOAD ->
          Combinators.combine(steps, magnitudes(-3, 299).map(m -> 1.5 + m))
              .as(
                  (step, times) ->
                      telemetryWith(
                          kind,
                          step,
                          t -> withLoad(t, times * t.getCapacityMbps()),
                          "IMPOSSIBLE_VALUE"));
      case ABSURD_CAPACITY ->
          Combinators.combine(steps, Arbitraries.oneOf(magnitudes(10, 307), magnitudes(-300, -4)))
              .as((step, capacity) -> withCapacity(kind, step, capacity));
      case ZERO_CAPACITY ->
          Combinators.combine(
                  steps,
                  Arbitraries.oneOf(Arbitraries.of(0.0, -0.0), magnitudes(-9, 12).map(m -> -m)))
              .as((step, capacity) -> withCapacity(kind, step, capacity));
      case UNKNOWN_LINK ->
          unknownElement(kind, Arbitraries.of(Topic.TELEMETRY, Topic.EVENTS), steps);
      case UNKNOWN_NODE -> unknownElement(kind, Arbitraries.of(Topic.TRAFFIC, Topic.EVENTS), steps);
      case NEGATIVE_TIMESTAMP ->
          timestamped(
              kind,
              topics,
              steps,
              Arbitraries.longs().between(Long.MIN_VALUE, 0),
              "IMPOSSIBLE_VALUE");
      case FAR_FUTURE_TIMESTAMP ->
          timestamped(
              kind,
              topics,
              steps,
              Arbitraries.longs()
                  .between(InputValidator.MAX_TIMESTAMP_MS, Long.MAX_VALUE)
                  .withDistribution(RandomDistribution.biased()),
              "IMPOSSIBLE_VALUE");
      case CLOCK_JUMP_FORWARD ->
          Combinators.combine(steps, Arbitraries.longs().between(1, 300L * 86_400_000L))
              .as(
                  (step, beyond) ->
                      telemetryWith(
                          kind,
                          step,
                          t ->
                              withTime(
                                  withLoad(t, 123),
                                  scenario.stepTime(step) + scenario.maxAheadMs() + beyond),
                          "TOO_EARLY"));
      case CLOCK_JUMP_BACK -> clockJumpBack();
      case DUPLICATE ->
          Combinators.combine(steps, Arbitraries.integers().between(0, scenario.links().size() - 1))
              .as(
                  (step, link) -> {
                    LinkTelemetry original = scenario.validSample(link, step);
                    return new Hostile(
                        kind,
                        Topic.TELEMETRY,
                        null,
                        key(kind),
                        TELEMETRY.encode(original),
                        "DUPLICATE",
                        Timing.AFTER_ORIGINAL,
                        step,
                        link,
                        original);
                  });
      case LATE_BEYOND_LATENESS ->
          // the watermark is at least step p-3, so anything before step p-3-lateness is too late
          lateSample(
              kind,
              scenario.rejectedLate(),
              scenario.startMs(),
              scenario.stepTime(scenario.phaseTwoStep() - 3) - scenario.maxLatenessMs() - 1,
              "TOO_LATE");
      case LATE_WITHIN_LATENESS ->
          // the watermark is below step p-2, so from step p-2-lateness on is within the lateness
          lateSample(
              kind,
              scenario.servedLate(),
              scenario.stepTime(scenario.phaseTwoStep() - 2) - scenario.maxLatenessMs(),
              scenario.stepTime(scenario.phaseTwoStep() - 3),
              ACCEPTED);
    };
  }

  private static Arbitrary<byte[]> noise(int maxBytes) {
    return Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(maxBytes);
  }

  /** A long as Avro writes it (zig-zag varint). */
  private static byte[] avroLong(long n) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try {
      org.apache.avro.io.BinaryEncoder encoder =
          EncoderFactory.get().directBinaryEncoder(out, null);
      encoder.writeLong(n);
      encoder.flush();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * Positive doubles m x 10^e, m in [1, 10) and e in [minExponent, maxExponent]: every order of
   * magnitude is as likely (jqwik's own doubles keep two decimals, which would round 1e-9 to 0).
   */
  static Arbitrary<Double> magnitudes(int minExponent, int maxExponent) {
    return Combinators.combine(
            Arbitraries.doubles().between(1, 9.999).ofScale(3),
            Arbitraries.integers().between(minExponent, maxExponent))
        .as((m, e) -> m * Math.pow(10, e));
  }

  private Arbitrary<Hostile> hugeString(Arbitrary<Topic> topics, Arbitrary<Integer> steps) {
    Arbitrary<Integer> lengths =
        Arbitraries.integers()
            .between(InputValidator.MAX_IDENTIFIER_CHARS + 1, 700_000)
            .withDistribution(RandomDistribution.biased());
    return Combinators.combine(topics, steps, lengths, Arbitraries.integers().between(0, 3))
        .as(
            (topic, step, length, where) -> {
              String huge = "N".repeat(length);
              if (where == 3) {
                // not Avro: a huge value of bytes
                byte[] bytes = huge.getBytes(StandardCharsets.US_ASCII);
                return sourceLevel(Kind.HUGE_STRING, topic, step, bytes, "UNDECODABLE");
              }
              byte[] value =
                  switch (topic) {
                    case TELEMETRY ->
                        TELEMETRY.encode(
                            switch (where) {
                              case 0 ->
                                  LinkTelemetry.newBuilder(validTelemetry(step))
                                      .setLinkId(huge)
                                      .build();
                              case 1 ->
                                  LinkTelemetry.newBuilder(validTelemetry(step))
                                      .setSrcNode(huge)
                                      .build();
                              default ->
                                  LinkTelemetry.newBuilder(validTelemetry(step))
                                      .setDstNode(huge)
                                      .build();
                            });
                    case TRAFFIC ->
                        TRAFFIC.encode(
                            traffic(step, where == 0 ? huge : "A", where == 0 ? "B" : huge, 5));
                    case EVENTS ->
                        EVENTS.encode(
                            NetworkEvent.newBuilder(event(step)).setEventId(huge).build());
                  };
              return sourceLevel(Kind.HUGE_STRING, topic, step, value, "IMPOSSIBLE_VALUE");
            });
  }

  private Arbitrary<Hostile> notFinite(
      Kind kind, Arbitrary<Topic> topics, Arbitrary<Integer> steps) {
    Arbitrary<Double> values =
        kind == Kind.NAN
            ? Arbitraries.just(Double.NaN)
            : Arbitraries.of(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
    return Combinators.combine(topics, steps, values, Arbitraries.integers().between(0, 1))
        .as(
            (topic, step, value, field) -> {
              byte[] bytes =
                  switch (topic) {
                    case TELEMETRY ->
                        TELEMETRY.encode(
                            field == 0
                                ? withLoad(validTelemetry(step), value)
                                : LinkTelemetry.newBuilder(validTelemetry(step))
                                    .setCapacityMbps(value)
                                    .build());
                    case TRAFFIC -> TRAFFIC.encode(traffic(step, "A", "B", value));
                    case EVENTS ->
                        EVENTS.encode(
                            field == 0
                                ? NetworkEvent.newBuilder(event(step))
                                    .setDroppedDemandMbps(value)
                                    .build()
                                : NetworkEvent.newBuilder(event(step))
                                    .setAffectedLinks(
                                        List.of(new AffectedLink("A-B", "A", "B", 400.0, value)))
                                    .build());
                  };
              return sourceLevel(kind, topic, step, bytes, "NOT_FINITE");
            });
  }

  private Arbitrary<Hostile> unknownElement(
      Kind kind, Arbitrary<Topic> topics, Arbitrary<Integer> steps) {
    Arbitrary<String> names =
        Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(40).map(s -> "X" + s);
    return Combinators.combine(topics, steps, names)
        .as(
            (topic, step, name) -> {
              byte[] bytes;
              if (kind == Kind.UNKNOWN_LINK) {
                bytes =
                    topic == Topic.TELEMETRY
                        ? TELEMETRY.encode(
                            telemetry(
                                new String[] {name, "A", "B"}, scenario.stepTime(step), 10, 1000))
                        : EVENTS.encode(
                            NetworkEvent.newBuilder(event(step))
                                .setType(NetworkEventType.LINK_DOWN)
                                .setElement(name)
                                .build());
              } else {
                bytes =
                    topic == Topic.TRAFFIC
                        ? TRAFFIC.encode(traffic(step, "A", name, 5))
                        : EVENTS.encode(
                            NetworkEvent.newBuilder(event(step))
                                .setType(NetworkEventType.NODE_DOWN)
                                .setElement(name)
                                .build());
              }
              return sourceLevel(kind, topic, step, bytes, kind.name());
            });
  }

  private Arbitrary<Hostile> timestamped(
      Kind kind,
      Arbitrary<Topic> topics,
      Arbitrary<Integer> steps,
      Arbitrary<Long> times,
      String expected) {
    return Combinators.combine(topics, steps, times)
        .as(
            (topic, step, ts) -> {
              byte[] bytes =
                  switch (topic) {
                    case TELEMETRY -> TELEMETRY.encode(withTime(validTelemetry(step), ts));
                    case TRAFFIC ->
                        TRAFFIC.encode(
                            TrafficSample.newBuilder(traffic(step, "A", "B", 5))
                                .setTimestampMs(ts)
                                .build());
                    case EVENTS ->
                        EVENTS.encode(
                            NetworkEvent.newBuilder(event(step)).setTimestampMs(ts).build());
                  };
              return sourceLevel(kind, topic, step, bytes, expected);
            });
  }

  /** A link's sample from before the last one it processed (a clock set back). */
  private Arbitrary<Hostile> clockJumpBack() {
    int lastProcessed = scenario.phaseTwoStep() - 3;
    return Combinators.combine(
            Arbitraries.integers().between(0, scenario.links().size() - 1),
            Arbitraries.longs().between(1, lastProcessed * scenario.stepMs()),
            Arbitraries.doubles().between(0, 1000))
        .as(
            (link, back, load) -> {
              LinkTelemetry sample =
                  withLoad(
                      withTime(
                          scenario.validSample(link, lastProcessed),
                          scenario.stepTime(lastProcessed) - back),
                      load);
              return new Hostile(
                  Kind.CLOCK_JUMP_BACK,
                  Topic.TELEMETRY,
                  null,
                  key(Kind.CLOCK_JUMP_BACK),
                  TELEMETRY.encode(sample),
                  "TOO_LATE",
                  Timing.PHASE_TWO_START,
                  lastProcessed,
                  link,
                  sample);
            });
  }

  private Arbitrary<Hostile> lateSample(
      Kind kind, String[] direction, long fromMs, long toMs, String expected) {
    return Combinators.combine(
            Arbitraries.longs().between(fromMs, toMs), Arbitraries.doubles().between(0, 1000))
        .as(
            (ts, load) -> {
              LinkTelemetry sample = telemetry(direction, ts, load, 1000);
              return new Hostile(
                  kind,
                  Topic.TELEMETRY,
                  0,
                  key(kind),
                  TELEMETRY.encode(sample),
                  expected,
                  Timing.PHASE_TWO_START,
                  scenario.phaseTwoStep() - 3,
                  -1,
                  sample);
            });
  }

  private Hostile telemetryWith(
      Kind kind,
      int step,
      java.util.function.UnaryOperator<LinkTelemetry> change,
      String expected) {
    return sourceLevel(
        kind,
        Topic.TELEMETRY,
        step,
        TELEMETRY.encode(change.apply(validTelemetry(step))),
        expected);
  }

  /** A zero load on a link of the given capacity. */
  private Hostile withCapacity(Kind kind, int step, double capacity) {
    LinkTelemetry t = validTelemetry(step);
    return sourceLevel(
        kind,
        Topic.TELEMETRY,
        step,
        TELEMETRY.encode(
            LinkTelemetry.newBuilder(t).setLoadMbps(0).setCapacityMbps(capacity).build()),
        "IMPOSSIBLE_VALUE");
  }

  private Hostile sourceLevel(
      Kind kind, Topic topic, int drawnStep, byte[] value, String expected) {
    // Traffic and events carry only hostile records, never a valid timestamp: while one of their
    // partitions is active its watermark is Long.MIN_VALUE, and if the telemetry goes idle
    // meanwhile, the forecast's watermark stays where it was until new telemetry comes. Phase one
    // ends by waiting for forecasts with no telemetry to come, so these go in phase two.
    int step =
        topic == Topic.TELEMETRY || drawnStep >= scenario.phaseTwoStep()
            ? drawnStep
            : scenario.phaseTwoStep() + drawnStep % (scenario.steps() - scenario.phaseTwoStep());
    return new Hostile(
        kind, topic, step % 2, key(kind), value, expected, Timing.AFTER_STEP, step, -1, null);
  }

  private static byte[] key(Kind kind) {
    return kind.name().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * A sample that would be valid (a link, a second after the step, not a step's own time) but for
   * the one thing each kind changes: if a check let it through, an unexpected prediction shows it.
   */
  private LinkTelemetry validTelemetry(int step) {
    return withTime(scenario.validSample(0, step), scenario.stepTime(step) + 1_000);
  }

  private byte[] validRecord(Topic topic, int step) {
    return switch (topic) {
      case TELEMETRY -> TELEMETRY.encode(validTelemetry(step));
      case TRAFFIC -> TRAFFIC.encode(traffic(step, "A", "B", 5));
      case EVENTS -> EVENTS.encode(event(step));
    };
  }

  /** A record of another type than the topic's. */
  private byte[] otherSchema(Topic topic, int step, int which) {
    List<SpecificRecordBase> others = new ArrayList<>();
    if (topic != Topic.TELEMETRY) {
      others.add(validTelemetry(step));
    }
    if (topic != Topic.TRAFFIC) {
      others.add(traffic(step, "A", "B", 5));
    }
    others.add(
        DeadLetter.newBuilder()
            .setSourceTopic("x")
            .setPartition(0)
            .setOffset(0)
            .setKafkaTimestampMs(0)
            .setRawKey(null)
            .setRawValue(ByteBuffer.wrap(new byte[] {1}))
            .setReasonCode("UNDECODABLE")
            .setReason("a dead letter fed back")
            .setDetectedAtMs(0)
            .build());
    others.add(
        LoadPrediction.newBuilder()
            .setLinkId("A-B")
            .setSrcNode("A")
            .setDstNode("B")
            .setEventTimeMs(scenario.stepTime(step))
            .setTargetTimeMs(scenario.stepTime(step + 1))
            .setHorizonSteps(1)
            .setValueMbps(1)
            .setStrategy("persistence")
            .setModelId("persistence")
            .setModelVersion(0L)
            .build());
    SpecificRecordBase other = others.get(which % others.size());
    @SuppressWarnings({"unchecked", "rawtypes"})
    AvroCodec<SpecificRecordBase> codec = AvroCodec.of((Class) other.getClass());
    return codec.encode(other);
  }

  private TrafficSample traffic(int step, String src, String dst, double demand) {
    return new TrafficSample(scenario.stepTime(step) + 1_000, src, dst, demand);
  }

  private NetworkEvent event(int step) {
    return NetworkEvent.newBuilder()
        .setEventId("hostile-" + step)
        .setTimestampMs(scenario.stepTime(step) + 1_000)
        .setType(NetworkEventType.REROUTE)
        .setElement("maintenance")
        .setAffectedLinks(List.of())
        .build();
  }

  static LinkTelemetry telemetry(String[] link, long ts, double load, double capacity) {
    return new LinkTelemetry(link[0], link[1], link[2], ts, load, capacity, LinkStatus.UP);
  }

  private static LinkTelemetry withLoad(LinkTelemetry t, double load) {
    return LinkTelemetry.newBuilder(t).setLoadMbps(load).build();
  }

  private static LinkTelemetry withTime(LinkTelemetry t, long ts) {
    return LinkTelemetry.newBuilder(t).setTimestampMs(ts).build();
  }
}
