package io.netdrift.benchmarks.drift;

import io.netdrift.core.drift.DetectorCodec;
import io.netdrift.core.drift.DriftDetector;
import io.netdrift.core.drift.DriftDetectors;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Nanoseconds per {@code update} of each detector with its default hyper-parameters, on a
 * pre-generated stream of unit Gaussian noise whose mean jumps by 3σ every 16,384 samples (so the
 * cost of detections and of the post-drift reset is included, as in production). {@code
 * stateRoundTrip} measures {@link DetectorCodec} {@code toBytes + fromBytes} of a warmed-up
 * detector: what keyed state on RocksDB pays per access.
 *
 * <p>Run: {@code java -cp benchmarks/target/classes:$(cat benchmarks/target/benchmarks.classpath)
 * org.openjdk.jmh.Main DetectorUpdate -f 1 -wi 2 -i 3 -w 1 -r 1}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class DetectorUpdateBenchmark {

  private static final int LENGTH = 1 << 16;
  private static final int MASK = LENGTH - 1;

  @Param({"adwin", "page-hinkley", "kswin"})
  public String detector;

  private double[] values;
  private DriftDetector drift;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    Random random = new Random(42);
    values = new double[LENGTH];
    double mean = 0;
    for (int i = 0; i < LENGTH; i++) {
      if (i > 0 && i % 16_384 == 0) {
        mean += random.nextBoolean() ? 3 : -3;
      }
      values[i] = mean + random.nextGaussian();
    }
    drift = DriftDetectors.create(detector);
    for (int i = 0; i < LENGTH; i++) {
      drift.update(values[i]);
    }
  }

  @Benchmark
  public boolean update() {
    return drift.update(values[next++ & MASK]).driftDetected();
  }

  @Benchmark
  public DriftDetector stateRoundTrip() {
    return DetectorCodec.fromBytes(DetectorCodec.toBytes(drift));
  }
}
