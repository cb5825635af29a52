package io.netdrift.core.forecast;

import io.netdrift.core.drift.DetectorCodec;
import io.netdrift.core.drift.FailureAwareDriftSignal;
import io.netdrift.core.metrics.RecoveryTracker;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The binary form of a {@link LinkForecastState} in Flink state and checkpoints, written by the
 * state's dedicated serializer (no POJO reflection, no Kryo).
 *
 * <p>Layout, big-endian {@link DataOutput}: one format-version byte ({@link #FORMAT_VERSION}), then
 * the history ring (capacity; times as the first one and then zigzag varint differences between
 * neighbouring slots, 3 bytes a 15-minute step instead of 8; loads), the sample count and capacity,
 * and per lane: the recurrent state, the pending forecasts, the rolling errors and counts, the
 * drift signal ({@link DetectorCodec} bytes) and the recovery tracker ({@link
 * RecoveryTracker#toBytes()}), each array with its length first ({@code -1} for null); from layout
 * 2 on, then the link's rejected-sample count (a zigzag varint: one byte below 64).
 *
 * <p>Layouts: 1, the first release of this serializer; 2 adds {@code rejectedSamples} at the end (0
 * when read from layout 1). {@code UpgradeITCase} restores a committed savepoint of layout 1.
 *
 * <p>How it evolves: a release that changes the layout (a new field, a wider ring) writes a new
 * version number and keeps reading every older one in {@link #read}, filling what the old layout
 * lacked with the value a fresh link starts with. A savepoint then restores into the newer job
 * unchanged (Flink sees the same serializer class and snapshot, see {@code
 * LinkForecastStateSerializer}). Releases that only read a layout never write an old one.
 */
public final class LinkForecastStateCodec {

  /** Version of the layout {@link #write} writes. */
  public static final byte FORMAT_VERSION = 2;

  /** The oldest layout {@link #read} still reads. */
  static final byte OLDEST_READABLE_VERSION = 1;

  private LinkForecastStateCodec() {}

  public static void write(LinkForecastState s, DataOutput out) throws IOException {
    out.writeByte(FORMAT_VERSION);
    writeTimes(s.timestampsMs, out);
    writeFloats(s.loadsMbps, out);
    out.writeLong(s.count);
    out.writeFloat(s.capacityMbps);
    out.writeInt(s.recurrentState.length);
    for (float[] state : s.recurrentState) {
      writeFloats(state, out);
    }
    writeLongs(s.pendingTargetMs, out);
    writeFloats(s.pendingValueMbps, out);
    writeDoubles(s.meanSquaredError, out);
    writeDoubles(s.meanAbsolutePercentError, out);
    writeLongs(s.scoredCount, out);
    writeLongs(s.percentScoredCount, out);
    out.writeLong(s.driftSignalledAtMs);
    out.writeInt(s.driftSignals.length);
    for (FailureAwareDriftSignal signal : s.driftSignals) {
      writeBytes(signal == null ? null : DetectorCodec.toBytes(signal), out);
    }
    writeDoubles(s.recentSquaredError, out);
    out.writeInt(s.recoveryTrackers.length);
    for (RecoveryTracker tracker : s.recoveryTrackers) {
      writeBytes(tracker == null ? null : tracker.toBytes(), out);
    }
    writeLongs(s.stateResetAtMs, out);
    writeLongs(s.stateStartCount, out);
    writeVarLong(s.rejectedSamples, out);
  }

  /**
   * Reads a state written by {@link #write} of this or an earlier release.
   *
   * @throws IOException for an unknown version or corrupt bytes
   */
  public static LinkForecastState read(DataInput in) throws IOException {
    byte version = in.readByte();
    if (version < OLDEST_READABLE_VERSION || version > FORMAT_VERSION) {
      throw new IOException(
          "link forecast state of layout version "
              + version
              + ", this release reads versions "
              + OLDEST_READABLE_VERSION
              + " to "
              + FORMAT_VERSION
              + " (restore from a savepoint of a release that knows it)");
    }
    LinkForecastState s = new LinkForecastState();
    s.timestampsMs = readTimes(in);
    s.loadsMbps = readFloats(in);
    s.count = in.readLong();
    s.capacityMbps = in.readFloat();
    s.recurrentState = new float[readLength(in)][];
    for (int i = 0; i < s.recurrentState.length; i++) {
      s.recurrentState[i] = readFloats(in);
    }
    s.pendingTargetMs = readLongs(in);
    s.pendingValueMbps = readFloats(in);
    s.meanSquaredError = readDoubles(in);
    s.meanAbsolutePercentError = readDoubles(in);
    s.scoredCount = readLongs(in);
    s.percentScoredCount = readLongs(in);
    s.driftSignalledAtMs = in.readLong();
    s.driftSignals = new FailureAwareDriftSignal[readLength(in)];
    for (int i = 0; i < s.driftSignals.length; i++) {
      byte[] bytes = readBytes(in);
      s.driftSignals[i] = bytes == null ? null : DetectorCodec.signalFromBytes(bytes);
    }
    s.recentSquaredError = readDoubles(in);
    s.recoveryTrackers = new RecoveryTracker[readLength(in)];
    for (int i = 0; i < s.recoveryTrackers.length; i++) {
      byte[] bytes = readBytes(in);
      s.recoveryTrackers[i] = bytes == null ? null : RecoveryTracker.fromBytes(bytes);
    }
    s.stateResetAtMs = readLongs(in);
    s.stateStartCount = readLongs(in);
    // layout 2 added the count at the end; a layout-1 state starts it at 0, as a fresh link does
    s.rejectedSamples = version >= 2 ? readVarLong(in) : 0;
    return s;
  }

  private static int readLength(DataInput in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > 1 << 24) {
      throw new IOException("corrupt link forecast state: array length " + n);
    }
    return n;
  }

  /** -1 for null, else the length. */
  private static int readNullableLength(DataInput in) throws IOException {
    int n = in.readInt();
    return n == -1 ? -1 : n < 0 || n > 1 << 24 ? badLength(n) : n;
  }

  private static int badLength(int n) throws IOException {
    throw new IOException("corrupt link forecast state: array length " + n);
  }

  /** The ring's times: its length, the first, then each slot's difference to the one before. */
  private static void writeTimes(long[] times, DataOutput out) throws IOException {
    out.writeInt(times.length);
    long previous = 0;
    for (int i = 0; i < times.length; i++) {
      if (i == 0) {
        out.writeLong(times[0]);
      } else {
        writeVarLong(times[i] - previous, out);
      }
      previous = times[i];
    }
  }

  private static long[] readTimes(DataInput in) throws IOException {
    long[] times = new long[readLength(in)];
    long previous = 0;
    for (int i = 0; i < times.length; i++) {
      if (i == 0) {
        times[0] = in.readLong();
      } else {
        times[i] = previous + readVarLong(in);
      }
      previous = times[i];
    }
    return times;
  }

  /** A zigzag varint: 1 byte for -64..63, 3 bytes for a 15-minute step in ms. */
  private static void writeVarLong(long value, DataOutput out) throws IOException {
    long zigzag = (value << 1) ^ (value >> 63);
    while ((zigzag & ~0x7FL) != 0) {
      out.writeByte((int) ((zigzag & 0x7F) | 0x80));
      zigzag >>>= 7;
    }
    out.writeByte((int) zigzag);
  }

  private static long readVarLong(DataInput in) throws IOException {
    long zigzag = 0;
    for (int shift = 0; ; shift += 7) {
      if (shift > 63) {
        throw new IOException("corrupt link forecast state: varint longer than 10 bytes");
      }
      byte b = in.readByte();
      zigzag |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return (zigzag >>> 1) ^ -(zigzag & 1);
      }
    }
  }

  private static void writeLongs(long[] values, DataOutput out) throws IOException {
    if (values == null) {
      out.writeInt(-1);
      return;
    }
    out.writeInt(values.length);
    for (long v : values) {
      out.writeLong(v);
    }
  }

  private static long[] readLongs(DataInput in) throws IOException {
    int n = readNullableLength(in);
    if (n < 0) {
      return null;
    }
    long[] values = new long[n];
    for (int i = 0; i < n; i++) {
      values[i] = in.readLong();
    }
    return values;
  }

  private static void writeFloats(float[] values, DataOutput out) throws IOException {
    if (values == null) {
      out.writeInt(-1);
      return;
    }
    out.writeInt(values.length);
    for (float v : values) {
      out.writeFloat(v);
    }
  }

  private static float[] readFloats(DataInput in) throws IOException {
    int n = readNullableLength(in);
    if (n < 0) {
      return null;
    }
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = in.readFloat();
    }
    return values;
  }

  private static void writeDoubles(double[] values, DataOutput out) throws IOException {
    if (values == null) {
      out.writeInt(-1);
      return;
    }
    out.writeInt(values.length);
    for (double v : values) {
      out.writeDouble(v);
    }
  }

  private static double[] readDoubles(DataInput in) throws IOException {
    int n = readNullableLength(in);
    if (n < 0) {
      return null;
    }
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = in.readDouble();
    }
    return values;
  }

  private static void writeBytes(byte[] bytes, DataOutput out) throws IOException {
    if (bytes == null) {
      out.writeInt(-1);
      return;
    }
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private static byte[] readBytes(DataInput in) throws IOException {
    int n = readNullableLength(in);
    if (n < 0) {
      return null;
    }
    byte[] bytes = new byte[n];
    in.readFully(bytes);
    return bytes;
  }
}
