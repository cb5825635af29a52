package io.netdrift.core.drift;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * A drift detector as configured: its registry name and hyper-parameters, checked once, when the
 * setting is made (unknown name, unknown parameter or bad value: an {@link
 * IllegalArgumentException} naming it). Whoever holds one can build detectors from it without
 * checking again: the job's configuration makes it, the forecast operator makes one detector per
 * link and lane from it.
 *
 * @param name a name of {@link DriftDetectors#names()}
 * @param params hyper-parameters by name; absent ones take their defaults
 */
public record DetectorSetting(String name, Map<String, String> params) implements Serializable {
  private static final long serialVersionUID = 1L;

  public DetectorSetting {
    if (name == null) {
      throw new IllegalArgumentException(
          "a drift detector is required: one of " + String.join(", ", DriftDetectors.names()));
    }
    params = Map.copyOf(params == null ? Map.of() : params);
    DriftDetectors.create(name, params); // the one check: fails here, with a message, if bad
  }

  /** The detector with its default hyper-parameters. */
  public static DetectorSetting of(String name) {
    return new DetectorSetting(name, Map.of());
  }

  /** A new detector of this setting, in its initial state. */
  public DriftDetector create() {
    return DriftDetectors.create(name, params);
  }

  @Override
  public String toString() {
    return params.isEmpty() ? name : name + " " + new TreeMap<>(params);
  }
}
