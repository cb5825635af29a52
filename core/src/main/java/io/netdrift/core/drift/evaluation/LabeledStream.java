package io.netdrift.core.drift.evaluation;

import java.util.Arrays;
import java.util.Objects;

/**
 * A finite stream of values with its true change points, the ground truth a detector is scored
 * against.
 *
 * @param name what the stream shows, e.g. {@code abrupt-mean-shift}
 * @param values the samples, in order
 * @param changePoints 0-based indices of the first sample of each new concept, strictly increasing,
 *     in {@code (0, values.length)}
 * @param toleranceSamples how many samples after a change point a detection still counts as finding
 *     it (≥ 1); later ones are false alarms. Gradual changes need a longer tolerance.
 */
public record LabeledStream(
    String name, double[] values, int[] changePoints, int toleranceSamples) {

  public LabeledStream {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(values, "values");
    Objects.requireNonNull(changePoints, "changePoints");
    if (toleranceSamples < 1) {
      throw new IllegalArgumentException("toleranceSamples must be >= 1, got " + toleranceSamples);
    }
    for (int i = 0; i < changePoints.length; i++) {
      if (changePoints[i] <= 0 || changePoints[i] >= values.length) {
        throw new IllegalArgumentException(
            "change point " + changePoints[i] + " outside (0, " + values.length + ")");
      }
      if (i > 0 && changePoints[i] <= changePoints[i - 1]) {
        throw new IllegalArgumentException("change points must be strictly increasing");
      }
    }
    for (double v : values) {
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException("stream " + name + " holds a non-finite value");
      }
    }
  }

  public int length() {
    return values.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LabeledStream s
        && name.equals(s.name)
        && Arrays.equals(values, s.values)
        && Arrays.equals(changePoints, s.changePoints)
        && toleranceSamples == s.toleranceSamples;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        name, Arrays.hashCode(values), Arrays.hashCode(changePoints), toleranceSamples);
  }

  @Override
  public String toString() {
    return "LabeledStream["
        + name
        + ", "
        + values.length
        + " samples, change points "
        + Arrays.toString(changePoints)
        + ", tolerance "
        + toleranceSamples
        + "]";
  }
}
