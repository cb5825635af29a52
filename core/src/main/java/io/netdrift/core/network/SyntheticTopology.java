package io.netdrift.core.network;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Seeded synthetic backbones of any size, for scale tests: {@code
 * synthetic:nodes=1000,degree=30,seed=7}.
 *
 * <p><b>Graph.</b> Nodes are placed uniformly at random on a continent-sized plane ({@value
 * #WIDTH_KM} km by {@value #HEIGHT_KM} km). A ring through the nodes in angular order around the
 * plane's centre makes the graph 2-edge-connected, so no single link failure disconnects it (the
 * failure scenarios need that). The remaining links, up to {@code nodes * degree / 2} in all, are
 * drawn with the Waxman model (B. M. Waxman, "Routing of multipoint connections", IEEE JSAC 6(9),
 * 1988): a random pair {@code (u, v)} at distance {@code d} is linked with probability {@code beta
 * * exp(-d / (alpha * L))}, {@code L} the plane's diagonal, so most links are short and a few cross
 * the continent, as in real backbones. Weights are great-circle-like lengths (Euclidean, km,
 * rounded up), as for the built-in topologies, so a direct link is always the shortest path between
 * its ends. Capacities are left unspecified: the simulator dimensions them ({@link
 * CapacityPlanner}).
 *
 * <p><b>Demand.</b> A full demand matrix has {@code n (n - 1)} OD pairs: about 1M traffic samples
 * per step at 1,000 nodes, three orders of magnitude more than the telemetry. The generated traffic
 * of a synthetic topology ({@link GravitySineTrafficModel} over {@link #demandPairs}) is sparse:
 * every adjacent pair in both directions (so every link direction carries traffic of its own) plus
 * {@code longhaul} destinations per origin drawn at random among the non-neighbours (so paths of
 * several hops and re-routing exist). The number of traffic samples per step is {@code 2 * links +
 * longhaul * nodes}: linear in the link directions, like the telemetry. The job needs nothing more
 * from the traffic topic: its routing prior re-routes the latest sample of every pair it has seen
 * (pairs it never saw count as 0), so the prior covers exactly the pairs that carry traffic.
 *
 * <p>The same specification always gives the same topology and the same pairs (every draw comes
 * from the seed), so the job's {@code --topology synthetic:...} rebuilds the simulator's network in
 * every task.
 */
public final class SyntheticTopology {

  /** Prefix of a synthetic topology's name. */
  public static final String PREFIX = "synthetic:";

  static final double WIDTH_KM = 4000;
  static final double HEIGHT_KM = 2000;

  private SyntheticTopology() {}

  /**
   * A parsed specification.
   *
   * @param nodes number of nodes, &gt;= 3
   * @param degree mean node degree (undirected), &gt;= 2 (the ring) and &lt; nodes - 1
   * @param seed fixes positions, links and long-haul pairs
   * @param alpha Waxman distance scale, in (0, 1]: smaller favours shorter links
   * @param beta Waxman link probability at distance 0, in (0, 1]
   * @param longHaul long-haul demand destinations per origin (besides its neighbours), &gt;= 0
   */
  public record Spec(int nodes, double degree, long seed, double alpha, double beta, int longHaul) {

    public Spec {
      require(nodes >= 3, "nodes must be >= 3, was " + nodes);
      require(
          degree >= 2 && degree < nodes - 1 && Double.isFinite(degree),
          "degree must be in [2, nodes - 1), was " + degree);
      require(alpha > 0 && alpha <= 1, "alpha must be in (0, 1], was " + alpha);
      require(beta > 0 && beta <= 1, "beta must be in (0, 1], was " + beta);
      require(longHaul >= 0 && longHaul < nodes, "longhaul must be in [0, nodes), was " + longHaul);
    }

    /** Defaults: 1,000 nodes of mean degree 4, seed 1, alpha 0.15, beta 0.8, 4 long-haul. */
    public static Spec defaults() {
      return new Spec(1000, 4, 1, 0.15, 0.8, 4);
    }

    /**
     * Parses {@code synthetic:key=value,...} (keys: nodes, degree, seed, alpha, beta, longhaul).
     */
    public static Spec parse(String name) {
      if (!isSynthetic(name)) {
        throw new IllegalArgumentException("not a synthetic topology: " + name);
      }
      Spec d = defaults();
      int nodes = d.nodes;
      double degree = d.degree;
      long seed = d.seed;
      double alpha = d.alpha;
      double beta = d.beta;
      int longHaul = d.longHaul;
      String body = name.substring(PREFIX.length()).trim();
      for (String part : body.isEmpty() ? new String[0] : body.split(",")) {
        String[] kv = part.split("=", 2);
        if (kv.length != 2) {
          throw new IllegalArgumentException("expected key=value in " + name + ", got " + part);
        }
        String key = kv[0].trim().toLowerCase(Locale.ROOT);
        String value = kv[1].trim();
        try {
          switch (key) {
            case "nodes" -> nodes = Integer.parseInt(value);
            case "degree" -> degree = Double.parseDouble(value);
            case "seed" -> seed = Long.parseLong(value);
            case "alpha" -> alpha = Double.parseDouble(value);
            case "beta" -> beta = Double.parseDouble(value);
            case "longhaul" -> longHaul = Integer.parseInt(value);
            default ->
                throw new IllegalArgumentException(
                    "unknown key '"
                        + key
                        + "' in "
                        + name
                        + " (known: nodes, degree, seed, alpha, beta, longhaul)");
          }
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("bad number for " + key + " in " + name, e);
        }
      }
      return new Spec(nodes, degree, seed, alpha, beta, longHaul);
    }

    /** The canonical name, e.g. {@code synthetic:nodes=1000,degree=4.0,seed=1,...}. */
    public String name() {
      return String.format(
          Locale.ROOT,
          "%snodes=%d,degree=%s,seed=%d,alpha=%s,beta=%s,longhaul=%d",
          PREFIX,
          nodes,
          degree,
          seed,
          alpha,
          beta,
          longHaul);
    }

    /** Number of links generated: {@code round(nodes * degree / 2)}. */
    public int linkCount() {
      return (int) Math.round(nodes * degree / 2);
    }
  }

  /** Whether a topology name denotes a synthetic topology. */
  public static boolean isSynthetic(String name) {
    return name.toLowerCase(Locale.ROOT).startsWith(PREFIX);
  }

  /** Generates the topology of a name {@code synthetic:...}; the topology keeps that name. */
  public static Topology generate(String name) {
    return generate(Spec.parse(name), name);
  }

  /** Generates the topology of a specification, named by {@link Spec#name()}. */
  public static Topology generate(Spec spec) {
    return generate(spec, spec.name());
  }

  private static Topology generate(Spec spec, String name) {
    SplittableRandom random = new SplittableRandom(spec.seed());
    int n = spec.nodes();
    double[] x = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = random.nextDouble() * WIDTH_KM;
      y[i] = random.nextDouble() * HEIGHT_KM;
    }
    String[] ids = new String[n];
    int digits = String.valueOf(n - 1).length();
    for (int i = 0; i < n; i++) {
      ids[i] = String.format(Locale.ROOT, "n%0" + digits + "d", i);
    }
    Set<Long> linked = new HashSet<>();
    List<Link> links = new ArrayList<>(spec.linkCount());
    // The ring, by angle around the centre: every node gets two links, and the graph stays
    // connected after any single link failure.
    Integer[] byAngle = new Integer[n];
    for (int i = 0; i < n; i++) {
      byAngle[i] = i;
    }
    Arrays.sort(
        byAngle,
        Comparator.comparingDouble(
            (Integer i) -> Math.atan2(y[i] - HEIGHT_KM / 2, x[i] - WIDTH_KM / 2)));
    for (int k = 0; k < n; k++) {
      addLink(byAngle[k], byAngle[(k + 1) % n], x, y, ids, linked, links);
    }
    double diagonal = Math.hypot(WIDTH_KM, HEIGHT_KM);
    int target = Math.max(spec.linkCount(), n);
    long attempts = 0;
    long maxAttempts = 10_000L * target;
    while (links.size() < target) {
      if (++attempts > maxAttempts) {
        throw new IllegalArgumentException(
            "could not draw " + target + " Waxman links for " + name + "; raise alpha or beta");
      }
      int u = random.nextInt(n);
      int v = random.nextInt(n);
      if (u == v || linked.contains(pairKey(u, v))) {
        continue;
      }
      double distance = Math.hypot(x[u] - x[v], y[u] - y[v]);
      if (random.nextDouble() < spec.beta() * Math.exp(-distance / (spec.alpha() * diagonal))) {
        addLink(u, v, x, y, ids, linked, links);
      }
    }
    return new Topology(name, links);
  }

  private static void addLink(
      int u, int v, double[] x, double[] y, String[] ids, Set<Long> linked, List<Link> links) {
    if (!linked.add(pairKey(u, v))) {
      return; // a ring of 3 nodes would add a pair twice
    }
    int a = Math.min(u, v);
    int b = Math.max(u, v);
    double km = Math.max(1, Math.ceil(Math.hypot(x[a] - x[b], y[a] - y[b])));
    links.add(Link.undirected(ids[a] + "-" + ids[b], ids[a], ids[b], km));
  }

  private static long pairKey(int u, int v) {
    return ((long) Math.min(u, v) << 32) | Math.max(u, v);
  }

  /**
   * The OD pairs that carry generated traffic on a synthetic topology, as flat indices {@code
   * source * nodeCount + destination} in ascending order: every adjacent pair in both directions,
   * plus {@code longHaul} non-neighbour destinations per origin, drawn from the spec's seed.
   */
  public static int[] demandPairs(Topology topology, Spec spec) {
    int n = topology.nodeCount();
    SplittableRandom random = new SplittableRandom(spec.seed() ^ 0x5DEECE66DL);
    List<BitSet> destinations = new ArrayList<>(n);
    for (int s = 0; s < n; s++) {
      destinations.add(new BitSet(n));
    }
    for (int d = 0; d < topology.directedLinkCount(); d++) {
      destinations.get(topology.source(d)).set(topology.target(d));
    }
    for (int s = 0; s < n; s++) {
      BitSet chosen = destinations.get(s);
      int neighbours = chosen.cardinality();
      int wanted = Math.min(spec.longHaul(), n - 1 - neighbours);
      int added = 0;
      while (added < wanted) {
        int t = random.nextInt(n);
        if (t != s && !chosen.get(t)) {
          chosen.set(t);
          added++;
        }
      }
    }
    int total = 0;
    for (BitSet set : destinations) {
      total += set.cardinality();
    }
    int[] pairs = new int[total];
    int i = 0;
    for (int s = 0; s < n; s++) {
      BitSet set = destinations.get(s);
      for (int t = set.nextSetBit(0); t >= 0; t = set.nextSetBit(t + 1)) {
        pairs[i++] = s * n + t;
      }
    }
    return pairs;
  }

  /** A one-line description: nodes, links, link directions, demand pairs. */
  public static Map<String, Object> describe(Topology topology, Spec spec) {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("nodes", topology.nodeCount());
    summary.put("links", topology.links().size());
    summary.put("linkDirections", topology.directedLinkCount());
    summary.put("demandPairs", demandPairs(topology, spec).length);
    return summary;
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
