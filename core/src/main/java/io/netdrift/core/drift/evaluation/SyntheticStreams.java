package io.netdrift.core.drift.evaluation;

import java.util.List;
import java.util.Random;
import java.util.function.LongFunction;

/**
 * Seeded synthetic streams of unit Gaussian noise with known change points, the standard test bed
 * of drift detectors (River's {@code test_drift_detectors.py}; Gama et al., "A survey on concept
 * drift adaptation", ACM CSUR 2014, for the kinds of change). Values stand for a link's prediction
 * error in units of its noise level σ.
 */
public final class SyntheticStreams {

  private SyntheticStreams() {}

  /** The five default streams of {@code ./netdrift detect-eval}. */
  public static List<LabeledStreamSource> defaults() {
    return List.of(
        abruptMeanShift(), varianceChange(), gradualRamp(), recurringConcept(), stableNoise());
  }

  /** 10,000 samples; every 2,000 the mean jumps by 3σ up or down (4 change points). */
  public static LabeledStreamSource abruptMeanShift() {
    return source(
        "abrupt-mean-shift",
        "N(mu, 1), mu jumps by +-3 at 2000, 4000, 6000, 8000; tolerance 250",
        seed -> {
          Random random = new Random(seed);
          double[] v = new double[10_000];
          double mean = 0;
          for (int i = 0; i < v.length; i++) {
            if (i > 0 && i % 2000 == 0) {
              mean += random.nextBoolean() ? 3 : -3;
            }
            v[i] = mean + random.nextGaussian();
          }
          return new LabeledStream("abrupt-mean-shift", v, new int[] {2000, 4000, 6000, 8000}, 250);
        });
  }

  /** 10,000 samples of mean 0; σ goes 1 → 3 → 1 → 3 at 2500, 5000, 7500. */
  public static LabeledStreamSource varianceChange() {
    return source(
        "variance-change",
        "N(0, s^2), s goes 1 -> 3 -> 1 -> 3 at 2500, 5000, 7500; tolerance 250",
        seed -> {
          Random random = new Random(seed);
          double[] v = new double[10_000];
          for (int i = 0; i < v.length; i++) {
            double sigma = (i / 2500) % 2 == 0 ? 1 : 3;
            v[i] = sigma * random.nextGaussian();
          }
          return new LabeledStream("variance-change", v, new int[] {2500, 5000, 7500}, 250);
        });
  }

  /** 10,000 samples; the mean ramps 0 → 3 over 500 samples from 2500, back to 0 from 7000. */
  public static LabeledStreamSource gradualRamp() {
    return source(
        "gradual-ramp",
        "N(mu, 1), mu ramps 0 -> 3 over 2500..3000 and 3 -> 0 over 7000..7500; tolerance 750",
        seed -> {
          Random random = new Random(seed);
          double[] v = new double[10_000];
          for (int i = 0; i < v.length; i++) {
            double mean;
            if (i < 2500) {
              mean = 0;
            } else if (i < 3000) {
              mean = 3.0 * (i - 2500) / 500;
            } else if (i < 7000) {
              mean = 3;
            } else if (i < 7500) {
              mean = 3 - 3.0 * (i - 7000) / 500;
            } else {
              mean = 0;
            }
            v[i] = mean + random.nextGaussian();
          }
          return new LabeledStream("gradual-ramp", v, new int[] {2500, 7000}, 750);
        });
  }

  /**
   * 10,000 samples alternating between two concepts every 1,000 (a failure and its repair restoring
   * the old routing): N(0, 1) and N(2, 1.5²), 9 change points.
   */
  public static LabeledStreamSource recurringConcept() {
    return source(
        "recurring-concept",
        "alternates N(0, 1) and N(2, 1.5^2) every 1000 samples (9 change points); tolerance 250",
        seed -> {
          Random random = new Random(seed);
          double[] v = new double[10_000];
          int[] changes = new int[9];
          for (int k = 0; k < changes.length; k++) {
            changes[k] = 1000 * (k + 1);
          }
          for (int i = 0; i < v.length; i++) {
            boolean b = (i / 1000) % 2 == 1;
            v[i] = b ? 2 + 1.5 * random.nextGaussian() : random.nextGaussian();
          }
          return new LabeledStream("recurring-concept", v, changes, 250);
        });
  }

  /** 50,000 samples of N(0, 1), no change: only false alarms can happen. */
  public static LabeledStreamSource stableNoise() {
    return source(
        "stable-noise",
        "N(0, 1), 50000 samples, no change point",
        seed -> {
          Random random = new Random(seed);
          double[] v = new double[50_000];
          for (int i = 0; i < v.length; i++) {
            v[i] = random.nextGaussian();
          }
          return new LabeledStream("stable-noise", v, new int[0], 1);
        });
  }

  private static LabeledStreamSource source(
      String name, String description, LongFunction<LabeledStream> generator) {
    return new LabeledStreamSource() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String description() {
        return description;
      }

      @Override
      public LabeledStream generate(long seed) {
        return generator.apply(seed);
      }
    };
  }
}
