package io.netdrift.core.drift;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Builds detectors by name from string parameters: the one place the CLI ({@code ./netdrift detect
 * --detector adwin --param delta=0.01}) and the job configuration pick a detector. Unknown names,
 * unknown parameters and bad values are rejected with an {@link IllegalArgumentException} whose
 * message names the culprit and lists what is accepted.
 *
 * <table>
 *   <caption>Detectors and parameters (defaults in brackets)</caption>
 *   <tr><th>name</th><th>parameters</th></tr>
 *   <tr><td>{@code adwin}</td><td>delta [0.002], clock [32], maxBuckets [5], minWindowLength [5],
 *       gracePeriod [10]</td></tr>
 *   <tr><td>{@code page-hinkley}</td><td>delta [0.005], lambda [50], alpha [0.9999], minInstances
 *       [30], direction [up|down|both: up, increases only, like MOA], warningFraction
 *       [0.5]</td></tr>
 *   <tr><td>{@code kswin}</td><td>alpha [0.005], windowSize [100], statSize [30], seed
 *       [42]</td></tr>
 * </table>
 */
public final class DriftDetectors {

  private static final Map<String, List<String>> PARAMETERS =
      Map.of(
          AdwinDetector.NAME,
          List.of("delta", "clock", "maxBuckets", "minWindowLength", "gracePeriod"),
          PageHinkleyDetector.NAME,
          List.of("delta", "lambda", "alpha", "minInstances", "direction", "warningFraction"),
          KswinDetector.NAME,
          List.of("alpha", "windowSize", "statSize", "seed"));

  private DriftDetectors() {}

  /** The detector names {@link #create} accepts, sorted. */
  public static List<String> names() {
    return List.copyOf(new TreeSet<>(PARAMETERS.keySet()));
  }

  /** The parameter names a detector accepts, in documentation order. */
  public static List<String> parameterNames(String name) {
    List<String> accepted = PARAMETERS.get(name);
    if (accepted == null) {
      throw unknownDetector(name);
    }
    return accepted;
  }

  /** A detector with its default hyper-parameters. */
  public static DriftDetector create(String name) {
    return create(name, Map.of());
  }

  /**
   * A detector by registry name ({@code adwin}, {@code page-hinkley}, {@code kswin}) with the given
   * hyper-parameters; absent ones take their defaults.
   *
   * @throws IllegalArgumentException for an unknown name or parameter, or a bad value
   */
  public static DriftDetector create(String name, Map<String, String> params) {
    List<String> accepted = parameterNames(name);
    for (String key : params.keySet()) {
      if (!accepted.contains(key)) {
        throw new IllegalArgumentException(
            name + ": unknown parameter '" + key + "'; accepted: " + String.join(", ", accepted));
      }
    }
    Params p = new Params(name, params);
    try {
      return switch (name) {
        case AdwinDetector.NAME ->
            new AdwinDetector(
                p.decimal("delta", AdwinDetector.DEFAULT_DELTA),
                p.integer("clock", AdwinDetector.DEFAULT_CLOCK),
                p.integer("maxBuckets", AdwinDetector.DEFAULT_MAX_BUCKETS),
                p.integer("minWindowLength", AdwinDetector.DEFAULT_MIN_WINDOW_LENGTH),
                p.integer("gracePeriod", AdwinDetector.DEFAULT_GRACE_PERIOD));
        case PageHinkleyDetector.NAME ->
            new PageHinkleyDetector(
                p.decimal("delta", PageHinkleyDetector.DEFAULT_DELTA),
                p.decimal("lambda", PageHinkleyDetector.DEFAULT_LAMBDA),
                p.decimal("alpha", PageHinkleyDetector.DEFAULT_ALPHA),
                p.integer("minInstances", PageHinkleyDetector.DEFAULT_MIN_INSTANCES),
                PageHinkleyDetector.Direction.parse(
                    p.text("direction", PageHinkleyDetector.DEFAULT_DIRECTION.name())),
                p.decimal("warningFraction", PageHinkleyDetector.DEFAULT_WARNING_FRACTION));
        case KswinDetector.NAME ->
            new KswinDetector(
                p.decimal("alpha", KswinDetector.DEFAULT_ALPHA),
                p.integer("windowSize", KswinDetector.DEFAULT_WINDOW_SIZE),
                p.integer("statSize", KswinDetector.DEFAULT_STAT_SIZE),
                p.longInteger("seed", KswinDetector.DEFAULT_SEED));
        default -> throw unknownDetector(name);
      };
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith(name + ":")) {
        throw e;
      }
      throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
    }
  }

  private static IllegalArgumentException unknownDetector(String name) {
    return new IllegalArgumentException(
        "unknown drift detector '" + name + "'; known: " + String.join(", ", names()));
  }

  /** String parameters with typed, named parsing errors. */
  private record Params(String detector, Map<String, String> values) {

    Params {
      values = new HashMap<>(values);
    }

    String text(String key, String fallback) {
      String v = values.get(key);
      return v == null ? fallback : v.trim();
    }

    double decimal(String key, double fallback) {
      String v = values.get(key);
      if (v == null) {
        return fallback;
      }
      try {
        return Double.parseDouble(v.trim());
      } catch (NumberFormatException e) {
        throw bad(key, v, "a number");
      }
    }

    int integer(String key, int fallback) {
      String v = values.get(key);
      if (v == null) {
        return fallback;
      }
      try {
        return Integer.parseInt(v.trim());
      } catch (NumberFormatException e) {
        throw bad(key, v, "an integer");
      }
    }

    long longInteger(String key, long fallback) {
      String v = values.get(key);
      if (v == null) {
        return fallback;
      }
      try {
        return Long.parseLong(v.trim());
      } catch (NumberFormatException e) {
        throw bad(key, v, "an integer");
      }
    }

    private IllegalArgumentException bad(String key, String value, String expected) {
      return new IllegalArgumentException(
          detector + ": parameter " + key + " must be " + expected + ", got '" + value + "'");
    }
  }
}
