package io.netdrift.benchmarks.simulator;

import io.netdrift.core.network.DemandMatrix;
import io.netdrift.core.network.FailedElements;
import io.netdrift.core.network.Routing;
import io.netdrift.core.network.RoutingTable;
import io.netdrift.core.network.Topology;
import io.netdrift.simulator.NetworkSimulator;
import io.netdrift.simulator.SimulationStep;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of the network simulator on Euro28 (28 nodes, 82 link directions), in link-steps per
 * second: one link-step is one telemetry record plus its expected load. Each step also generates
 * the 756 OD demands (gravity model, sines, noise) and routes them.
 *
 * <ul>
 *   <li>{@code generateStep}: a full {@link NetworkSimulator#next()}, no failures;
 *   <li>{@code generateStepWithRandomFailures}: the same with a seeded random single-link failure
 *       or repair every ~10 steps (re-routing and event impact included; routings are cached per
 *       failure state, as in a long run);
 *   <li>{@code routeDemandMatrix}: applying a precomputed routing to one demand matrix;
 *   <li>{@code computeRouting}: Dijkstra for all 28 destinations plus path splits, once (the cost
 *       of a re-route without cache), reported per link direction.
 * </ul>
 *
 * Run: {@code java -cp benchmarks/target/classes:$(cat benchmarks/target/benchmarks.classpath)
 * org.openjdk.jmh.Main SimulatorThroughput -f 1 -wi 2 -i 3}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
@State(Scope.Thread)
public class SimulatorThroughputBenchmark {

  /** Link directions of Euro28: the operations of one step. */
  static final int EURO28_DIRECTIONS = 82;

  private static final long HORIZON_STEPS = 100_000;

  private NetworkSimulator plain;
  private NetworkSimulator withFailures;
  private Topology topology;
  private RoutingTable routing;
  private DemandMatrix demands;
  private double[] loads;

  @Setup
  public void setUp() {
    plain = NetworkSimulator.builder().seed(1).build();
    withFailures = failingSimulator();
    topology = plain.topology();
    routing = Routing.compute(topology, FailedElements.none());
    plain.next();
    demands = plain.offeredDemands().copy();
    loads = new double[topology.directedLinkCount()];
    if (topology.directedLinkCount() != EURO28_DIRECTIONS) {
      throw new IllegalStateException("Euro28 should have 82 link directions");
    }
  }

  private static NetworkSimulator failingSimulator() {
    return NetworkSimulator.builder()
        .seed(2)
        .maxSteps(HORIZON_STEPS)
        .randomFailures(Duration.ofMinutes(5 * 5), Duration.ofMinutes(5 * 5))
        .build();
  }

  @Benchmark
  @OperationsPerInvocation(EURO28_DIRECTIONS)
  public SimulationStep generateStep() {
    return plain.next();
  }

  @Benchmark
  @OperationsPerInvocation(EURO28_DIRECTIONS)
  public SimulationStep generateStepWithRandomFailures() {
    if (!withFailures.hasNext()) {
      withFailures = failingSimulator();
    }
    return withFailures.next();
  }

  @Benchmark
  @OperationsPerInvocation(EURO28_DIRECTIONS)
  public double routeDemandMatrix() {
    java.util.Arrays.fill(loads, 0);
    return routing.addLoads(demands, loads) + loads[0];
  }

  @Benchmark
  @OperationsPerInvocation(EURO28_DIRECTIONS)
  public RoutingTable computeRouting() {
    return Routing.compute(topology, FailedElements.none().withLinkDown("Berlin-Hamburg"));
  }
}
