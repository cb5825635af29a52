package io.netdrift.core.network;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Topologies shipped with netdrift, readable by name.
 *
 * <ul>
 *   <li>{@code euro28}: the 28-node, 41-link European reference network of the link-load study
 *       (Ayoub, Andreoletti et al. 2024), SNDlib {@code nobel-eu}; weights are great-circle lengths
 *       in km, capacities unspecified (derived by {@link CapacityPlanner}).
 *   <li>{@code abilene}: the Internet2 Abilene backbone (11 PoPs, 14 links, SNDlib {@code
 *       abilene}); weights are great-circle lengths in km, 10 Gbit/s per direction.
 *   <li>{@code synthetic:nodes=N,degree=D,seed=S,...}: a seeded random backbone of any size, see
 *       {@link SyntheticTopology}.
 * </ul>
 */
public final class BuiltInTopologies {

  /** Names accepted by {@link #load(String)}. */
  public static final List<String> NAMES = List.of("euro28", "abilene");

  private BuiltInTopologies() {}

  /** The Euro28 reference topology. */
  public static Topology euro28() {
    return load("euro28");
  }

  /** The Abilene backbone. */
  public static Topology abilene() {
    return load("abilene");
  }

  /** A built-in topology by name (case-insensitive), or a {@code synthetic:...} one. */
  public static Topology load(String name) {
    if (SyntheticTopology.isSynthetic(name)) {
      return SyntheticTopology.generate(name);
    }
    String key = name.toLowerCase(Locale.ROOT);
    if (!NAMES.contains(key)) {
      throw new IllegalArgumentException(
          "unknown built-in topology '" + name + "' (built in: " + NAMES + ")");
    }
    String resource = "topologies/" + key + ".csv";
    try (InputStream in = BuiltInTopologies.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
        return TopologyCsv.read(key, "built-in " + key + ".csv", reader);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A built-in name, a {@code synthetic:...} specification, or else a topology CSV file. */
  public static Topology builtInOrFile(String nameOrPath) {
    return NAMES.contains(nameOrPath.toLowerCase(Locale.ROOT))
            || SyntheticTopology.isSynthetic(nameOrPath)
        ? load(nameOrPath)
        : TopologyCsv.read(Path.of(nameOrPath));
  }
}
