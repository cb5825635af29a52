package io.netdrift.job.config;

import io.netdrift.core.forecast.ForecasterSpec;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One item of the {@code strategies} setting, parsed once: a model-free lane ({@code persistence},
 * {@code seasonal-naive}, {@code hybrid}) or {@code name=MODEL_DIR}, a lane on a trained model
 * ({@code liquid} and {@code incremental} adapt it, any other name serves it as trained). {@link
 * JobConfig} validates the list with {@link #parseAll} and builds the lanes from the same parse.
 *
 * @param name the lane's name, which predictions carry
 * @param modelDirectory the base model's directory, or null for a model-free lane
 */
record LaneDeclaration(String name, String modelDirectory) {

  /** Parses one item; the message of the exception says what is wrong with it. */
  static LaneDeclaration parse(String item) {
    int eq = item.indexOf('=');
    if (eq < 0) {
      if (!item.equals(ForecasterSpec.PERSISTENCE)
          && !item.equals(ForecasterSpec.SEASONAL_NAIVE)
          && !item.equals(ForecasterSpec.HYBRID)) {
        throw new IllegalArgumentException(
            "'" + item + "' is neither persistence, seasonal-naive, hybrid nor name=MODEL_DIR");
      }
      return new LaneDeclaration(item, null);
    }
    String name = item.substring(0, eq).trim();
    String dir = item.substring(eq + 1).trim();
    if (name.isEmpty() || dir.isEmpty()) {
      throw new IllegalArgumentException("'" + item + "' needs both a name and MODEL_DIR");
    }
    if (name.equals(ForecasterSpec.HYBRID)) {
      throw new IllegalArgumentException("hybrid blends liquid and incremental: it takes no model");
    }
    return new LaneDeclaration(name, dir);
  }

  /**
   * Parses a whole list: at least one lane, names unique, and {@code hybrid} only beside both
   * {@code liquid} and {@code incremental}.
   */
  static List<LaneDeclaration> parseAll(List<String> items) {
    if (items.isEmpty()) {
      throw new IllegalArgumentException("no lane");
    }
    List<LaneDeclaration> lanes = items.stream().map(LaneDeclaration::parse).toList();
    Set<String> names = new HashSet<>();
    for (LaneDeclaration lane : lanes) {
      if (!names.add(lane.name())) {
        throw new IllegalArgumentException("lane '" + lane.name() + "' declared twice");
      }
    }
    if (names.contains(ForecasterSpec.HYBRID)
        && !(names.contains(ForecasterSpec.LIQUID) && names.contains(ForecasterSpec.INCREMENTAL))) {
      throw new IllegalArgumentException("hybrid needs both liquid and incremental");
    }
    return lanes;
  }

  /** The forecast operator's description of this lane. */
  ForecasterSpec toSpec(int seasonSteps, String device, String engine) {
    if (modelDirectory == null) {
      return name.equals(ForecasterSpec.HYBRID)
          ? ForecasterSpec.hybrid()
          : ForecasterSpec.baseline(name, seasonSteps);
    }
    return name.equals(ForecasterSpec.LIQUID) || name.equals(ForecasterSpec.INCREMENTAL)
        ? ForecasterSpec.adaptive(name, name, modelDirectory, device, engine)
        : ForecasterSpec.trained(name, modelDirectory, device, engine);
  }
}
