package io.netdrift.core.adaptation;

import java.io.Serializable;

/**
 * Job-wide settings of the adaptive lanes.
 *
 * @param liquid the policy of {@code liquid} lanes
 * @param incremental the policy of {@code incremental} lanes
 * @param modelStoreDirectory root of the {@link ModelStore} (a local directory, the same path on
 *     every TaskManager)
 */
public record AdaptationConfig(
    AdaptationPolicy liquid, AdaptationPolicy incremental, String modelStoreDirectory)
    implements Serializable {

  public AdaptationConfig {
    if (liquid == null || liquid.kind() != AdaptationPolicy.Kind.LIQUID) {
      throw new IllegalArgumentException("the liquid policy must be of kind LIQUID");
    }
    if (incremental == null || incremental.kind() != AdaptationPolicy.Kind.INCREMENTAL) {
      throw new IllegalArgumentException("the incremental policy must be of kind INCREMENTAL");
    }
    if (modelStoreDirectory == null || modelStoreDirectory.isBlank()) {
      throw new IllegalArgumentException("modelStoreDirectory must not be blank");
    }
  }

  /**
   * Defaults: liquid fine-tunes every 4 samples, incremental re-fits every 24, both with 32
   * replayed samples and a 12-sample rollback window; the store under the JVM's temporary
   * directory.
   */
  public static AdaptationConfig defaults() {
    return new AdaptationConfig(
        AdaptationPolicy.liquid(4, 32, 12),
        AdaptationPolicy.incremental(24, 32, 12),
        System.getProperty("java.io.tmpdir") + "/netdrift-model-store");
  }

  public AdaptationPolicy policy(String adaptation) {
    return switch (adaptation) {
      case "liquid" -> liquid;
      case "incremental" -> incremental;
      default -> throw new IllegalArgumentException("not an adaptive mode: " + adaptation);
    };
  }
}
