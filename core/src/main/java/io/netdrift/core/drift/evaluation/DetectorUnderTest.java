package io.netdrift.core.drift.evaluation;

import io.netdrift.core.drift.DriftDetector;
import io.netdrift.core.drift.DriftDetectors;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A labelled detector configuration: a fresh detector per stream and repetition.
 *
 * @param label name in the report, e.g. {@code adwin} or {@code page-hinkley(lambda=25)}
 * @param factory makes a new, untouched detector
 */
public record DetectorUnderTest(String label, Supplier<DriftDetector> factory) {

  public DetectorUnderTest {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(factory, "factory");
  }

  /** A detector of {@link DriftDetectors} with its defaults, labelled by its name. */
  public static DetectorUnderTest of(String name) {
    DriftDetectors.create(name); // fail now on an unknown name
    return new DetectorUnderTest(name, () -> DriftDetectors.create(name));
  }

  /** A detector of {@link DriftDetectors} with parameters, labelled {@code name(k=v,...)}. */
  public static DetectorUnderTest of(String name, Map<String, String> params) {
    if (params.isEmpty()) {
      return of(name);
    }
    DriftDetectors.create(name, params);
    StringBuilder label = new StringBuilder(name).append('(');
    new java.util.TreeMap<>(params)
        .forEach((k, v) -> label.append(k).append('=').append(v).append(','));
    label.setCharAt(label.length() - 1, ')');
    Map<String, String> copy = Map.copyOf(params);
    return new DetectorUnderTest(label.toString(), () -> DriftDetectors.create(name, copy));
  }
}
