package io.netdrift.job.config;

import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One configuration key: its name (camelCase, unit in the name), default, parser and validation
 * rule (in the style of flink-ml's {@code Param}). The CLI flag is the kebab-case form of the key:
 * {@code checkpointIntervalMs} ↔ {@code --checkpoint-interval-ms}.
 */
public record ConfigParam<T>(
    String key,
    String description,
    T defaultValue,
    Function<String, T> parser,
    Predicate<T> rule,
    String ruleText) {

  public String flag() {
    return "--" + key.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
  }

  /** Parses and validates a raw value; a {@link ConfigException} naming the key otherwise. */
  public T parse(String raw, String source) {
    T value;
    try {
      value = parser.apply(raw.trim());
    } catch (RuntimeException e) {
      throw new ConfigException(
          key + " (" + source + "): cannot parse '" + raw + "': " + e.getMessage());
    }
    check(value, source);
    return value;
  }

  public void check(T value, String source) {
    if (!rule.test(value)) {
      throw new ConfigException(
          key + " (" + source + ") must be " + ruleText + ", was '" + value + "'");
    }
  }

  static ConfigParam<Long> positiveLong(String key, long defaultValue, String description) {
    return new ConfigParam<>(key, description, defaultValue, Long::parseLong, v -> v > 0, "> 0");
  }

  static ConfigParam<Long> nonNegativeLong(String key, long defaultValue, String description) {
    return new ConfigParam<>(key, description, defaultValue, Long::parseLong, v -> v >= 0, ">= 0");
  }

  static ConfigParam<Integer> positiveInt(String key, int defaultValue, String description) {
    return new ConfigParam<>(key, description, defaultValue, Integer::parseInt, v -> v > 0, "> 0");
  }

  static ConfigParam<String> nonBlank(String key, String defaultValue, String description) {
    return new ConfigParam<>(
        key, description, defaultValue, s -> s, v -> !v.isBlank(), "non-blank");
  }

  static ConfigParam<String> oneOf(
      String key, String defaultValue, String description, String... allowed) {
    java.util.Set<String> set = java.util.Set.of(allowed);
    return new ConfigParam<>(
        key,
        description,
        defaultValue,
        s -> s.toLowerCase(Locale.ROOT),
        set::contains,
        "one of " + String.join(", ", allowed));
  }
}
