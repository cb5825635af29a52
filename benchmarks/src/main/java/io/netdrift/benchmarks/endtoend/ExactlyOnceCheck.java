package io.netdrift.benchmarks.endtoend;

import io.netdrift.schema.LinkTelemetry;
import io.netdrift.schema.LoadPrediction;
import io.netdrift.schema.codec.AvroCodec;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The end-to-end benchmark's check after a run (untimed): the outputs decoded and counted against
 * what exactly-once promises. A result starts with {@code OK} or {@code MISMATCH}.
 */
final class ExactlyOnceCheck {
  private ExactlyOnceCheck() {}

  /** Every telemetry record exactly once in the copy. */
  static String passthrough(List<byte[]> values, long telemetryRecords)
      throws AvroCodec.DecodeException {
    AvroCodec<LinkTelemetry> codec = AvroCodec.of(LinkTelemetry.class);
    Set<String> distinct = new HashSet<>();
    for (byte[] value : values) {
      LinkTelemetry t = codec.decode(value);
      distinct.add(
          t.getLinkId() + ":" + t.getSrcNode() + ">" + t.getDstNode() + "@" + t.getTimestampMs());
    }
    return verdict(
        "%d copies, %d distinct of %d", values.size(), distinct.size(), telemetryRecords);
  }

  /** One prediction per (link direction, step, strategy), none twice. */
  static String predictions(List<byte[]> values, long expected) throws AvroCodec.DecodeException {
    AvroCodec<LoadPrediction> codec = AvroCodec.of(LoadPrediction.class);
    Set<String> distinct = new HashSet<>();
    for (byte[] value : values) {
      LoadPrediction p = codec.decode(value);
      distinct.add(
          p.getLinkId()
              + ":"
              + p.getSrcNode()
              + ">"
              + p.getDstNode()
              + "@"
              + p.getEventTimeMs()
              + "/"
              + p.getStrategy());
    }
    return verdict(
        "%d predictions, %d distinct of %d expected", values.size(), distinct.size(), expected);
  }

  /** OK when every value is distinct and there are as many as expected. */
  private static String verdict(String format, int values, int distinct, long expected) {
    boolean ok = values == expected && distinct == expected;
    return (ok ? "OK: " : "MISMATCH: ")
        + String.format(Locale.ROOT, format, values, distinct, expected);
  }
}
