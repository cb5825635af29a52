package io.netdrift.job;

import io.netdrift.core.network.BuiltInTopologies;
import io.netdrift.core.validation.NetworkCatalog;
import io.netdrift.job.config.ConfigException;

/**
 * Resolves the {@code topology} setting into the {@link NetworkCatalog} input is checked against,
 * with the same loader as the simulator (built-in name or CSV file).
 */
final class TopologyCatalog {
  private TopologyCatalog() {}

  static NetworkCatalog load(String topology) {
    if (topology.equals("none")) {
      return NetworkCatalog.acceptingAll();
    }
    try {
      return NetworkCatalog.of(BuiltInTopologies.builtInOrFile(topology).directedLinks());
    } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
      throw new ConfigException("topology '" + topology + "': " + e.getMessage());
    }
  }
}
