package io.netdrift.simulator;

import io.netdrift.core.network.DemandMatrix;
import io.netdrift.core.network.SyntheticTopology;
import io.netdrift.core.network.Topology;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Synthetic origin-destination traffic in the style of the reference link-load study (Ayoub,
 * Andreoletti et al., 2024): each OD pair's demand is a sum of sines with a daily and a weekly
 * period, scaled by a gravity model, with per-pair phases and Gaussian noise.
 *
 * <p>For the pair {@code (s, d)} at time {@code t}:
 *
 * <pre>
 *   G(s,d)        = M * P * w(s) * w(d) / sum over i != j of w(i) * w(j)       (gravity model)
 *   expected(s,d) = G(s,d) * (1 + a(s,d) * cos(2 pi (t - t_day) / day + phi(s,d))
 *                              + b(s,d) * cos(2 pi (t - t_week) / week + psi(s,d)))
 *   offered(s,d)  = max(0, expected(s,d) * (1 + sigma * N(0, 1)))
 * </pre>
 *
 * where {@code M} is the mean demand per pair, {@code P} the number of ordered pairs, {@code w}
 * node weights drawn uniformly from {@code [nodeWeightMin, nodeWeightMax]}, {@code a, b} the daily
 * and weekly amplitudes with a per-pair jitter, {@code phi, psi} per-pair phase jitters, {@code
 * t_day} the daily peak hour and {@code t_week} Wednesday at that hour. All random draws come from
 * one seed, so a seed fixes the whole run. {@code expected} is the noise-free demand: its routed
 * load is the best any forecaster can reach (as SynTSBench scores against the noise-free signal).
 *
 * <p>By default every ordered pair carries demand. Given a set of pairs ({@link
 * #GravitySineTrafficModel(Topology, GravitySineTrafficConfig, long, long, long, int[])}), only
 * those do: {@code P} is then their number and the gravity sum runs over them, the other pairs stay
 * 0. Large topologies use this to keep the traffic samples per step bounded ({@link
 * SyntheticTopology#demandPairs}).
 */
public final class GravitySineTrafficModel implements TrafficModel {

  static final long DAY_MS = 24L * 3600 * 1000;
  static final long WEEK_MS = 7 * DAY_MS;
  // 1970-01-01 was a Thursday: Wednesday is one day before the epoch.
  private static final long WEDNESDAY_MS = -DAY_MS;

  private final Topology topology;
  private final GravitySineTrafficConfig config;
  private final long startMs;
  private final long stepMs;
  private final double[] nodeWeights;
  // The pairs with demand (flat index source * nodes + destination, ascending), and per pair:
  // gravity scale, and amplitude * cos/sin of the phase, per period.
  private final int[] pairs;
  private final double[] gravityMbps;
  private final double[] dailyCos;
  private final double[] dailySin;
  private final double[] weeklyCos;
  private final double[] weeklySin;
  private final SplittableRandom noise;
  private final double dailyOffsetMs;
  private final double weeklyOffsetMs;
  private long stepIndex;

  /**
   * @param seed fixes node weights, amplitudes, phases and the noise sequence
   * @param startMs timestamp of the first step, epoch milliseconds UTC
   * @param stepMs time between steps, milliseconds
   */
  public GravitySineTrafficModel(
      Topology topology, GravitySineTrafficConfig config, long seed, long startMs, long stepMs) {
    this(topology, config, seed, startMs, stepMs, allPairs(topology.nodeCount()));
  }

  /**
   * Demand on the given pairs only.
   *
   * @param pairs flat pair indices {@code source * nodeCount + destination}, strictly ascending,
   *     none on the diagonal
   */
  public GravitySineTrafficModel(
      Topology topology,
      GravitySineTrafficConfig config,
      long seed,
      long startMs,
      long stepMs,
      int[] pairs) {
    if (stepMs <= 0) {
      throw new IllegalArgumentException("stepMs must be > 0, was " + stepMs);
    }
    this.topology = topology;
    this.config = config;
    this.startMs = startMs;
    this.stepMs = stepMs;
    SplittableRandom random = new SplittableRandom(seed);
    int nodes = topology.nodeCount();
    nodeWeights = new double[nodes];
    for (int n = 0; n < nodes; n++) {
      nodeWeights[n] =
          config.nodeWeightMin()
              + random.nextDouble() * (config.nodeWeightMax() - config.nodeWeightMin());
    }
    this.pairs = checkedPairs(pairs, nodes);
    double weightProducts = 0;
    for (int pair : this.pairs) {
      weightProducts += nodeWeights[pair / nodes] * nodeWeights[pair % nodes];
    }
    // the full matrix keeps the original expression, so its demands stay bit-identical
    double totalMbps =
        this.pairs.length == nodes * (nodes - 1)
            ? config.meanDemandPerPairMbps() * nodes * (nodes - 1)
            : config.meanDemandPerPairMbps() * this.pairs.length;
    int count = this.pairs.length;
    gravityMbps = new double[count];
    dailyCos = new double[count];
    dailySin = new double[count];
    weeklyCos = new double[count];
    weeklySin = new double[count];
    for (int p = 0; p < count; p++) {
      int pair = this.pairs[p];
      gravityMbps[p] =
          totalMbps * nodeWeights[pair / nodes] * nodeWeights[pair % nodes] / weightProducts;
      double daily =
          config.dailyAmplitude() * (1 + config.amplitudeJitter() * uniformSymmetric(random));
      double weekly =
          config.weeklyAmplitude() * (1 + config.amplitudeJitter() * uniformSymmetric(random));
      double dailyPhase = config.phaseJitterRadians() * uniformSymmetric(random);
      double weeklyPhase = config.phaseJitterRadians() * uniformSymmetric(random);
      dailyCos[p] = daily * Math.cos(dailyPhase);
      dailySin[p] = daily * Math.sin(dailyPhase);
      weeklyCos[p] = weekly * Math.cos(weeklyPhase);
      weeklySin[p] = weekly * Math.sin(weeklyPhase);
    }
    this.noise = random.split();
    this.dailyOffsetMs = config.peakHourUtc() * 3600_000.0;
    this.weeklyOffsetMs = WEDNESDAY_MS + dailyOffsetMs;
  }

  private static int[] allPairs(int nodes) {
    int[] all = new int[nodes * (nodes - 1)];
    int i = 0;
    for (int s = 0; s < nodes; s++) {
      for (int d = 0; d < nodes; d++) {
        if (s != d) {
          all[i++] = s * nodes + d;
        }
      }
    }
    return all;
  }

  private static int[] checkedPairs(int[] pairs, int nodes) {
    for (int i = 0; i < pairs.length; i++) {
      int pair = pairs[i];
      if (pair < 0 || pair >= nodes * nodes || pair / nodes == pair % nodes) {
        throw new IllegalArgumentException("not an OD pair of " + nodes + " nodes: " + pair);
      }
      if (i > 0 && pair <= pairs[i - 1]) {
        throw new IllegalArgumentException("OD pairs must be strictly ascending");
      }
    }
    return pairs.clone();
  }

  /** Number of OD pairs that carry demand. */
  public int pairCount() {
    return pairs.length;
  }

  private static double uniformSymmetric(SplittableRandom random) {
    return 2 * random.nextDouble() - 1;
  }

  @Override
  public Topology topology() {
    return topology;
  }

  public GravitySineTrafficConfig config() {
    return config;
  }

  /** Node weights of the gravity model, by node index. */
  public double[] nodeWeights() {
    return nodeWeights.clone();
  }

  @Override
  public long timestampOfStep(long index) {
    return startMs + index * stepMs;
  }

  @Override
  public boolean hasNext() {
    return true;
  }

  @Override
  public long next(DemandMatrix offered, DemandMatrix expected) {
    long timestampMs = startMs + stepIndex * stepMs;
    stepIndex++;
    expectedAt(timestampMs, expected);
    double sigma = config.noiseStandardDeviation();
    int nodes = topology.nodeCount();
    for (int pair : pairs) {
      int s = pair / nodes;
      int d = pair % nodes;
      double mean = expected.get(s, d);
      double value = sigma == 0 ? mean : mean * (1 + sigma * noise.nextGaussian());
      offered.set(s, d, Math.max(0, value));
    }
    return timestampMs;
  }

  /** Fills the noise-free demand at a time (a pure function of the time and the seed). */
  public DemandMatrix expectedAt(long timestampMs, DemandMatrix into) {
    double dailyAngle = 2 * Math.PI * (((timestampMs - dailyOffsetMs) % DAY_MS) / DAY_MS);
    double weeklyAngle = 2 * Math.PI * (((timestampMs - weeklyOffsetMs) % WEEK_MS) / WEEK_MS);
    // cos(x + phi) = cos x cos phi - sin x sin phi: one cos/sin per step, not per pair.
    double cosDay = Math.cos(dailyAngle);
    double sinDay = Math.sin(dailyAngle);
    double cosWeek = Math.cos(weeklyAngle);
    double sinWeek = Math.sin(weeklyAngle);
    int nodes = topology.nodeCount();
    for (int p = 0; p < pairs.length; p++) {
      double shape =
          1
              + dailyCos[p] * cosDay
              - dailySin[p] * sinDay
              + weeklyCos[p] * cosWeek
              - weeklySin[p] * sinWeek;
      into.set(pairs[p] / nodes, pairs[p] % nodes, gravityMbps[p] * shape);
    }
    return into;
  }

  @Override
  public void forEachPlanningSample(Consumer<DemandMatrix> sample) {
    // One week, at the step length but at most 2016 samples (one per 5 minutes).
    long interval = Math.max(stepMs, WEEK_MS / 2016);
    DemandMatrix matrix = new DemandMatrix(topology);
    for (long t = startMs; t < startMs + WEEK_MS; t += interval) {
      sample.accept(expectedAt(t, matrix));
    }
  }
}
