package io.netdrift.core.drift;

import java.io.IOException;

/** Checks shared by the detectors and their codec. */
final class DetectorArguments {

  private DetectorArguments() {}

  static void requireFinite(double x) {
    if (!Double.isFinite(x)) {
      throw new IllegalArgumentException("a drift detector takes finite values, got " + x);
    }
  }

  /** Guards array sizes read from serialized state, so corrupt bytes fail clearly. */
  static int requireStateSize(int size, int max, String what) throws IOException {
    if (size < 0 || size > max) {
      throw new IOException("corrupt detector state: " + what + " size " + size);
    }
    return size;
  }
}
