package io.netdrift.core.drift;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Seeded synthetic streams with known change points, River {@code test_drift_detectors} style. */
final class TestStreams {

  private TestStreams() {}

  /** N(0, 1) noise whose mean jumps by {@code shift} at index {@code changeAt}. */
  static double[] meanShift(long seed, int length, int changeAt, double shift) {
    Random random = new Random(seed);
    double[] values = new double[length];
    for (int i = 0; i < length; i++) {
      values[i] = random.nextGaussian() + (i >= changeAt ? shift : 0);
    }
    return values;
  }

  /** N(0, 1) noise whose standard deviation becomes {@code sigma} at {@code changeAt}. */
  static double[] varianceChange(long seed, int length, int changeAt, double sigma) {
    Random random = new Random(seed);
    double[] values = new double[length];
    for (int i = 0; i < length; i++) {
      values[i] = random.nextGaussian() * (i >= changeAt ? sigma : 1);
    }
    return values;
  }

  static double[] stable(long seed, int length) {
    return meanShift(seed, length, length, 0);
  }

  /** 0-based indices at which the detector fired. */
  static List<Integer> detections(DriftDetector detector, double[] values) {
    List<Integer> fired = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      if (detector.update(values[i]).driftDetected()) {
        fired.add(i);
      }
    }
    return fired;
  }
}
