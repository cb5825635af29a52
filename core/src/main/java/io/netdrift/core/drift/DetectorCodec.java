package io.netdrift.core.drift;

import java.io.EOFException;
import java.io.IOException;

/**
 * Versioned binary form of a detector's full state (hyper-parameters and running statistics), for
 * Flink keyed state and checkpoints without Java serialization or Kryo. A restored detector
 * continues exactly like the original: same future detections.
 *
 * <p>Layout: one format-version byte ({@link #FORMAT_VERSION}), one type-tag byte (1 ADWIN, 2
 * Page-Hinkley, 3 KSWIN, 4 failure-aware signal), then the type's fields in big-endian {@link
 * java.io.DataOutput} layout. A new layout gets a new version number and {@link #fromBytes} keeps
 * reading the old ones, so savepoints survive upgrades.
 */
public final class DetectorCodec {

  /** Version of the layout written by {@link #toBytes}. */
  public static final byte FORMAT_VERSION = 1;

  static final byte TAG_ADWIN = 1;
  static final byte TAG_PAGE_HINKLEY = 2;
  static final byte TAG_KSWIN = 3;
  static final byte TAG_FAILURE_AWARE_SIGNAL = 4;

  private DetectorCodec() {}

  /** The state of a detector made by {@link DriftDetectors} (or the classes it builds). */
  public static byte[] toBytes(DriftDetector detector) {
    StateWriter out = new StateWriter(sizeHint(detector));
    out.writeByte(FORMAT_VERSION);
    writeDetector(detector, out);
    return out.toByteArray();
  }

  /**
   * Restores a detector written by {@link #toBytes(DriftDetector)}.
   *
   * @throws IllegalArgumentException for an unknown version or type, or truncated/corrupt bytes
   */
  public static DriftDetector fromBytes(byte[] bytes) {
    try {
      StateReader in = new StateReader(bytes);
      readVersion(in);
      DriftDetector d = readDetector(in);
      requireFullyRead(in);
      return d;
    } catch (EOFException e) {
      throw new IllegalArgumentException("truncated detector state (" + bytes.length + " bytes)");
    } catch (IOException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /**
   * A deep, independent copy (through the byte form): what a Flink {@code TypeSerializer#copy} of a
   * detector held as an object in heap keyed state must return.
   */
  public static DriftDetector copy(DriftDetector detector) {
    return fromBytes(toBytes(detector));
  }

  /** A deep, independent copy of a signal and its detector. */
  public static FailureAwareDriftSignal copy(FailureAwareDriftSignal signal) {
    return signalFromBytes(toBytes(signal));
  }

  /** The state of a failure-aware signal, including its statistical detector. */
  public static byte[] toBytes(FailureAwareDriftSignal signal) {
    StateWriter out = new StateWriter(32 + sizeHint(signal.detector()));
    out.writeByte(FORMAT_VERSION);
    out.writeByte(TAG_FAILURE_AWARE_SIGNAL);
    signal.writeState(out);
    writeDetector(signal.detector(), out);
    return out.toByteArray();
  }

  /** Restores a signal written by {@link #toBytes(FailureAwareDriftSignal)}. */
  public static FailureAwareDriftSignal signalFromBytes(byte[] bytes) {
    try {
      StateReader in = new StateReader(bytes);
      readVersion(in);
      byte tag = in.readByte();
      if (tag != TAG_FAILURE_AWARE_SIGNAL) {
        throw new IOException("not a failure-aware signal state (type tag " + tag + ")");
      }
      FailureAwareDriftSignal.Snapshot snapshot = FailureAwareDriftSignal.readState(in);
      DriftDetector detector = readDetector(in);
      requireFullyRead(in);
      return snapshot.restore(detector);
    } catch (EOFException e) {
      throw new IllegalArgumentException("truncated signal state (" + bytes.length + " bytes)");
    } catch (IOException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** Bytes the state will take, so the writer allocates once. */
  private static int sizeHint(DriftDetector detector) {
    if (detector instanceof AdwinDetector adwin) {
      return 96 + 4 * 64 + 16 * adwin.bucketCount();
    }
    if (detector instanceof KswinDetector kswin) {
      return 96 + 8 * kswin.windowSize();
    }
    return 128;
  }

  private static void writeDetector(DriftDetector detector, StateWriter out) {
    if (detector instanceof AdwinDetector adwin) {
      out.writeByte(TAG_ADWIN);
      adwin.writeState(out);
    } else if (detector instanceof PageHinkleyDetector pageHinkley) {
      out.writeByte(TAG_PAGE_HINKLEY);
      pageHinkley.writeState(out);
    } else if (detector instanceof KswinDetector kswin) {
      out.writeByte(TAG_KSWIN);
      kswin.writeState(out);
    } else {
      throw new IllegalArgumentException(
          "no codec for detector type " + detector.getClass().getName());
    }
  }

  private static DriftDetector readDetector(StateReader in) throws IOException {
    byte tag = in.readByte();
    return switch (tag) {
      case TAG_ADWIN -> AdwinDetector.readState(in);
      case TAG_PAGE_HINKLEY -> PageHinkleyDetector.readState(in);
      case TAG_KSWIN -> KswinDetector.readState(in);
      default -> throw new IOException("unknown detector type tag " + tag);
    };
  }

  private static void readVersion(StateReader in) throws IOException {
    byte version = in.readByte();
    if (version != FORMAT_VERSION) {
      throw new IOException(
          "unsupported detector state format version " + version + " (this build reads 1)");
    }
  }

  private static void requireFullyRead(StateReader in) throws IOException {
    if (!in.fullyRead()) {
      throw new IOException("corrupt detector state: trailing bytes");
    }
  }
}
