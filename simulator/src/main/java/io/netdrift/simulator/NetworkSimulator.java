package io.netdrift.simulator;

import io.netdrift.core.network.BuiltInTopologies;
import io.netdrift.core.network.DemandMatrix;
import io.netdrift.core.network.DirectedLink;
import io.netdrift.core.network.FailedElements;
import io.netdrift.core.network.LinkLoadChange;
import io.netdrift.core.network.RerouteImpact;
import io.netdrift.core.network.Routing;
import io.netdrift.core.network.RoutingPrior;
import io.netdrift.core.network.RoutingTable;
import io.netdrift.core.network.SyntheticTopology;
import io.netdrift.core.network.Topology;
import io.netdrift.schema.AffectedLink;
import io.netdrift.schema.LinkStatus;
import io.netdrift.schema.LinkTelemetry;
import io.netdrift.schema.NetworkEvent;
import io.netdrift.schema.TrafficSample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A backbone network in motion: at every step it draws the origin-destination demand from a {@link
 * TrafficModel}, applies the failures and repairs of a {@link FailureSchedule} due by then
 * (re-routing with Dijkstra shortest paths, {@link Routing}), routes the demand and emits a {@link
 * SimulationStep}: telemetry for every link direction, the offered traffic, the network events with
 * the link directions whose load they change (before/after), and the noise-free expected load of
 * every direction.
 *
 * <p>Telemetry: load = routed offered demand, times {@code 1 + telemetryNoise * N(0,1)} (default
 * noise 0: the measurement is the routed load); a direction whose link or end node is down reports
 * status DOWN and load 0. Expected load: the noise-free demand routed the same way. Demand without
 * any path is dropped, reported in the event that caused it ({@code droppedDemandMbps}) and by
 * {@link #droppedDemandMbps()}.
 *
 * <p>Deterministic: the same builder settings (including the seed) give the same steps. Not
 * thread-safe. Build with {@link #builder()}.
 */
public final class NetworkSimulator {

  private final Topology topology;
  private final TrafficModel traffic;
  private final FailureSchedule failures;
  private final boolean equalCostMultiPath;
  private final double telemetryNoise;
  private final long maxSteps;
  private final SplittableRandom telemetryRandom;
  private final DemandMatrix offered;
  private final DemandMatrix expected;
  private final double[] loads;
  private final double[] expectedLoads;
  private final RoutingPrior routingPrior;
  private final String[] directedLinkKeys;
  private int nextEvent;
  private long stepIndex;
  private double droppedDemandMbps;
  private long lastTimestampMs;

  private NetworkSimulator(Builder builder, Topology topology, TrafficModel traffic) {
    this.topology = topology;
    this.traffic = traffic;
    this.equalCostMultiPath = builder.equalCostMultiPath;
    this.telemetryNoise = builder.telemetryNoise;
    this.maxSteps = builder.maxSteps;
    this.telemetryRandom = new SplittableRandom(builder.seed ^ 0x9E3779B97F4A7C15L);
    this.offered = new DemandMatrix(topology);
    this.expected = new DemandMatrix(topology);
    this.loads = new double[topology.directedLinkCount()];
    this.expectedLoads = new double[topology.directedLinkCount()];
    this.routingPrior = new RoutingPrior(topology, equalCostMultiPath);
    this.directedLinkKeys = new String[topology.directedLinkCount()];
    for (int d = 0; d < directedLinkKeys.length; d++) {
      directedLinkKeys[d] = topology.directedLink(d).key();
    }
    this.failures = builder.failuresFor(topology, traffic);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The simulated topology, with the capacities used (derived ones included). */
  public Topology topology() {
    return topology;
  }

  public TrafficModel traffic() {
    return traffic;
  }

  public FailureSchedule failureSchedule() {
    return failures;
  }

  /** The routing in force after the last step. */
  public RoutingTable routing() {
    return routingPrior.routing();
  }

  /** Links and nodes down after the last step. */
  public FailedElements failedElements() {
    return routingPrior.failed();
  }

  /** Number of steps produced so far. */
  public long stepIndex() {
    return stepIndex;
  }

  /** Offered demand without any path at the last step, Mbps. */
  public double droppedDemandMbps() {
    return droppedDemandMbps;
  }

  /**
   * The offered demands of the last step that had no path (origin or destination down, or
   * disconnected), one sample per pair; empty when nothing was dropped.
   */
  public List<TrafficSample> droppedDemands() {
    if (droppedDemandMbps == 0) {
      return List.of();
    }
    RoutingTable routing = routingPrior.routing();
    List<TrafficSample> dropped = new ArrayList<>();
    int nodes = topology.nodeCount();
    for (int s = 0; s < nodes; s++) {
      for (int t = 0; t < nodes; t++) {
        double demand = offered.get(s, t);
        if (s != t && demand > 0 && !routing.isRoutable(s, t)) {
          dropped.add(
              new TrafficSample(lastTimestampMs, topology.node(s), topology.node(t), demand));
        }
      }
    }
    return dropped;
  }

  /** Scheduled failures and repairs not applied yet (e.g. timed after the last step). */
  public int pendingFailureEvents() {
    return failures.events().size() - nextEvent;
  }

  /** Whether {@link #next()} can produce another step. */
  public boolean hasNext() {
    return stepIndex < maxSteps && traffic.hasNext();
  }

  /** Simulates one step. */
  public SimulationStep next() {
    if (!hasNext()) {
      throw new NoSuchElementException("simulation ended after " + stepIndex + " steps");
    }
    long timestampMs = traffic.next(offered, expected);
    lastTimestampMs = timestampMs;
    stepIndex++;
    List<NetworkEvent> events = applyDueEvents(timestampMs);
    RoutingTable routing = routingPrior.routing();

    Arrays.fill(loads, 0);
    droppedDemandMbps = routing.addLoads(offered, loads);
    Arrays.fill(expectedLoads, 0);
    routing.addLoads(expected, expectedLoads);

    int directedCount = topology.directedLinkCount();
    List<LinkTelemetry> telemetry = new ArrayList<>(directedCount);
    Map<String, Double> expectedByKey = new LinkedHashMap<>(directedCount * 2);
    for (int d = 0; d < directedCount; d++) {
      DirectedLink link = topology.directedLink(d);
      boolean up = routing.isUsable(d);
      double load = loads[d];
      if (telemetryNoise > 0 && load > 0) {
        load = Math.max(0, load * (1 + telemetryNoise * telemetryRandom.nextGaussian()));
      }
      telemetry.add(
          new LinkTelemetry(
              link.linkId(),
              link.srcNode(),
              link.dstNode(),
              timestampMs,
              up ? load : 0.0,
              topology.capacityMbps(d),
              up ? LinkStatus.UP : LinkStatus.DOWN));
      expectedByKey.put(directedLinkKeys[d], expectedLoads[d]);
    }
    int nodes = topology.nodeCount();
    List<TrafficSample> samples = new ArrayList<>(nodes * (nodes - 1));
    for (int s = 0; s < nodes; s++) {
      for (int t = 0; t < nodes; t++) {
        double demand = offered.get(s, t);
        if (demand > 0) {
          samples.add(new TrafficSample(timestampMs, topology.node(s), topology.node(t), demand));
        }
      }
    }
    return new SimulationStep(
        timestampMs,
        Collections.unmodifiableList(telemetry),
        Collections.unmodifiableList(samples),
        Collections.unmodifiableList(events),
        Collections.unmodifiableMap(expectedByKey));
  }

  /** Offered demand of the last step (read-only use). */
  public DemandMatrix offeredDemands() {
    return offered;
  }

  /** Noise-free demand of the last step (read-only use). */
  public DemandMatrix expectedDemands() {
    return expected;
  }

  private List<NetworkEvent> applyDueEvents(long timestampMs) {
    List<FailureEvent> scheduled = failures.events();
    if (nextEvent >= scheduled.size() || scheduled.get(nextEvent).timestampMs() > timestampMs) {
      return List.of();
    }
    List<NetworkEvent> events = new ArrayList<>();
    while (nextEvent < scheduled.size() && scheduled.get(nextEvent).timestampMs() <= timestampMs) {
      FailureEvent event = scheduled.get(nextEvent++);
      // The routing prior: what the new routing does to this step's offered demand.
      RerouteImpact impact = routingPrior.apply(event.type().name(), event.element(), offered);
      List<AffectedLink> affected = new ArrayList<>(impact.changes().size());
      for (LinkLoadChange change : impact.changes()) {
        affected.add(
            new AffectedLink(
                change.link().linkId(),
                change.link().srcNode(),
                change.link().dstNode(),
                change.loadBeforeMbps(),
                change.loadAfterMbps()));
      }
      events.add(
          new NetworkEvent(
              eventId(event),
              event.timestampMs(),
              event.type(),
              event.element(),
              affected,
              impact.droppedDemandAfterMbps()));
    }
    return events;
  }

  /** A deterministic id, so a replayed run produces the same ids (idempotent consumers). */
  static String eventId(FailureEvent event) {
    return event.type() + ":" + event.element() + "@" + Instant.ofEpochMilli(event.timestampMs());
  }

  /** Settings of a {@link NetworkSimulator}; every one has a default. */
  public static final class Builder {
    /** Default start: Monday 2026-01-05 00:00 UTC. */
    public static final Instant DEFAULT_START = Instant.parse("2026-01-05T00:00:00Z");

    /** Default step: 5 minutes. */
    public static final Duration DEFAULT_STEP = Duration.ofMinutes(5);

    private Topology topology;
    private TrafficModel traffic;
    private GravitySineTrafficConfig trafficConfig = GravitySineTrafficConfig.defaults();
    private FailureSchedule failures;
    private FailureScenario scenario = FailureScenario.NONE;
    private long scenarioFailAtStep = -1;
    private long scenarioRepairAtStep = -1;
    private Duration randomMeanTimeBetweenFailures;
    private Duration randomMeanTimeToRepair;
    private long seed = 1;
    private long startMs = DEFAULT_START.toEpochMilli();
    private long stepMs = DEFAULT_STEP.toMillis();
    private double telemetryNoise = 0;
    private boolean equalCostMultiPath = false;
    private double capacityHeadroom = CapacityPlanner.DEFAULT_HEADROOM;
    private double survivableHeadroom = CapacityPlanner.DEFAULT_SURVIVABLE_HEADROOM;
    private long maxSteps = Long.MAX_VALUE;

    private Builder() {}

    /**
     * The network (default: built-in Euro28). A {@link SyntheticTopology} gets generated traffic on
     * its sparse set of OD pairs only ({@link SyntheticTopology#demandPairs}).
     */
    public Builder topology(Topology topology) {
      this.topology = Objects.requireNonNull(topology);
      return this;
    }

    /** Generated gravity/sine traffic with these parameters (the default traffic). */
    public Builder generatedTraffic(GravitySineTrafficConfig config) {
      this.trafficConfig = Objects.requireNonNull(config);
      this.traffic = null;
      return this;
    }

    /**
     * A given traffic model, e.g. a {@link ReplayTrafficModel}; its topology is used unless {@link
     * #topology} is set (which must then have the same nodes).
     */
    public Builder traffic(TrafficModel traffic) {
      this.traffic = Objects.requireNonNull(traffic);
      return this;
    }

    /** An explicit failure schedule (replaces a scenario or random failures). */
    public Builder failures(FailureSchedule failures) {
      this.failures = Objects.requireNonNull(failures);
      this.scenario = FailureScenario.NONE;
      this.randomMeanTimeBetweenFailures = null;
      return this;
    }

    /**
     * A named scenario: its link fails at step {@code failAtStep} (0-based) and is repaired at
     * {@code repairAtStep} (negative: never).
     */
    public Builder scenario(FailureScenario scenario, long failAtStep, long repairAtStep) {
      this.scenario = Objects.requireNonNull(scenario);
      if (scenario != FailureScenario.NONE && failAtStep < 0) {
        throw new IllegalArgumentException("failAtStep must be >= 0");
      }
      this.scenarioFailAtStep = failAtStep;
      this.scenarioRepairAtStep = repairAtStep;
      this.failures = null;
      this.randomMeanTimeBetweenFailures = null;
      return this;
    }

    /**
     * Seeded random single-link failures over {@link #maxSteps} (required), see {@link
     * FailureSchedule#random}.
     */
    public Builder randomFailures(Duration meanTimeBetweenFailures, Duration meanTimeToRepair) {
      this.randomMeanTimeBetweenFailures = Objects.requireNonNull(meanTimeBetweenFailures);
      this.randomMeanTimeToRepair = Objects.requireNonNull(meanTimeToRepair);
      this.failures = null;
      this.scenario = FailureScenario.NONE;
      return this;
    }

    /** Seed of the traffic, noise and random failures (default 1). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Timestamp of the first generated step (default {@link #DEFAULT_START}). */
    public Builder start(Instant start) {
      this.startMs = start.toEpochMilli();
      return this;
    }

    /** Time between generated steps (default {@link #DEFAULT_STEP}). */
    public Builder stepLength(Duration step) {
      if (step.isNegative() || step.isZero()) {
        throw new IllegalArgumentException("step length must be > 0");
      }
      this.stepMs = step.toMillis();
      return this;
    }

    /** Relative standard deviation of the measurement noise on telemetry (default 0). */
    public Builder telemetryNoise(double relativeStandardDeviation) {
      if (!(relativeStandardDeviation >= 0 && relativeStandardDeviation < 1)) {
        throw new IllegalArgumentException("telemetry noise must be in [0, 1)");
      }
      this.telemetryNoise = relativeStandardDeviation;
      return this;
    }

    /** Split over equal-cost paths (default false: single path, deterministic tie-break). */
    public Builder equalCostMultiPath(boolean enabled) {
      this.equalCostMultiPath = enabled;
      return this;
    }

    /** Capacity / failure-free peak load for links without capacity (default 2). */
    public Builder capacityHeadroom(double headroom) {
      this.capacityHeadroom = headroom;
      return this;
    }

    /**
     * Capacity / peak load under the worst single link failure, for links without capacity (default
     * 1.25; 0 sizes for the failure-free peak only), see {@link CapacityPlanner}.
     */
    public Builder survivableCapacityHeadroom(double headroom) {
      this.survivableHeadroom = headroom;
      return this;
    }

    /** Stop after this many steps (default: unlimited, or the end of a replay). */
    public Builder maxSteps(long steps) {
      if (steps < 0) {
        throw new IllegalArgumentException("maxSteps must be >= 0");
      }
      this.maxSteps = steps;
      return this;
    }

    public NetworkSimulator build() {
      Topology network =
          topology != null
              ? topology
              : traffic != null ? traffic.topology() : BuiltInTopologies.euro28();
      if (traffic != null && !traffic.topology().nodes().equals(network.nodes())) {
        throw new IllegalArgumentException(
            "traffic model and topology have different nodes: "
                + traffic.topology().nodes()
                + " vs "
                + network.nodes());
      }
      TrafficModel model =
          traffic != null
              ? traffic
              : SyntheticTopology.isSynthetic(network.name())
                  ? new GravitySineTrafficModel(
                      network,
                      trafficConfig,
                      seed,
                      startMs,
                      stepMs,
                      SyntheticTopology.demandPairs(
                          network, SyntheticTopology.Spec.parse(network.name())))
                  : new GravitySineTrafficModel(network, trafficConfig, seed, startMs, stepMs);
      Topology dimensioned =
          CapacityPlanner.withDerivedCapacities(
              network, model, equalCostMultiPath, capacityHeadroom, survivableHeadroom);
      return new NetworkSimulator(this, dimensioned, model);
    }

    private FailureSchedule failuresFor(Topology network, TrafficModel model) {
      if (failures != null) {
        return failures;
      }
      if (scenario != FailureScenario.NONE) {
        long failAt = model.timestampOfStep(scenarioFailAtStep);
        long repairAt =
            scenarioRepairAtStep > scenarioFailAtStep
                ? model.timestampOfStep(scenarioRepairAtStep)
                : Long.MIN_VALUE;
        if (failAt == Long.MAX_VALUE) {
          return FailureSchedule.none();
        }
        return FailureSchedule.scenario(scenario, network, equalCostMultiPath, failAt, repairAt);
      }
      if (randomMeanTimeBetweenFailures != null) {
        if (maxSteps == Long.MAX_VALUE) {
          throw new IllegalArgumentException("random failures need maxSteps");
        }
        long start = model.timestampOfStep(0);
        long end = model.timestampOfStep(maxSteps);
        long step = model.timestampOfStep(1) - start;
        return FailureSchedule.random(
            network,
            seed,
            start,
            end == Long.MAX_VALUE ? start + maxSteps * step : end,
            step,
            randomMeanTimeBetweenFailures.toMillis(),
            randomMeanTimeToRepair.toMillis());
      }
      return FailureSchedule.none();
    }
  }
}
