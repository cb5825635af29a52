package io.netdrift.simulator;

import io.netdrift.core.network.CsvTable;
import io.netdrift.core.network.DemandMatrix;
import io.netdrift.core.network.InputFormatException;
import io.netdrift.core.network.Topology;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Replays measured traffic matrices from a CSV file, one step per distinct timestamp:
 *
 * <pre>
 * timestamp,src,dst,mbps
 * 2026-01-05T00:00:00Z,Amsterdam,Berlin,120.5
 * 2026-01-05T00:00:00Z,Berlin,Amsterdam,80
 * 2026-01-05T00:05:00Z,Amsterdam,Berlin,118
 * </pre>
 *
 * <ul>
 *   <li>{@code timestamp}: ISO-8601 UTC ({@code 2026-01-05T00:05:00Z}); rows are grouped into steps
 *       by timestamp and must come in non-decreasing time order.
 *   <li>{@code src}, {@code dst}: node ids of the topology, distinct.
 *   <li>{@code mbps}: the OD demand of that step, finite and &gt;= 0.
 *   <li>One row per OD pair per step; <b>a pair without a row in a step has zero demand in that
 *       step</b>; a pair twice in one step is an error.
 * </ul>
 *
 * The whole file is read and checked when the model is created, so a bad line fails before any
 * output is written; errors name the file, line and column. Measured demand has no separate
 * noise-free part: the expected demand of a step is its measured demand.
 */
public final class ReplayTrafficModel implements TrafficModel {

  /** Columns of a traffic matrix file. */
  public static final List<String> COLUMNS = List.of("timestamp", "src", "dst", "mbps");

  private final Topology topology;
  private final long[] timestampsMs;
  private String source = "traffic";
  private int[] firstLineOfStep;

  // Per step: flat pair indices (source * nodeCount + destination) and demands.
  private final int[][] pairs;
  private final double[][] demandsMbps;
  private int nextStep;

  private ReplayTrafficModel(
      Topology topology, long[] timestampsMs, int[][] pairs, double[][] demandsMbps) {
    this.topology = topology;
    this.timestampsMs = timestampsMs;
    this.pairs = pairs;
    this.demandsMbps = demandsMbps;
  }

  /** Reads and checks a traffic matrix file against a topology. */
  public static ReplayTrafficModel read(Path file, Topology topology) {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(file.toString(), reader, topology);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Reads and checks traffic matrix text; {@code source} names it in error messages. */
  public static ReplayTrafficModel read(String source, Reader reader, Topology topology) {
    int nodeCount = topology.nodeCount();
    List<Long> timestamps = new ArrayList<>();
    List<Integer> firstLines = new ArrayList<>();
    List<int[]> stepPairs = new ArrayList<>();
    List<double[]> stepDemands = new ArrayList<>();
    StepBuilder[] current = {null};
    CsvTable.read(
        source,
        reader,
        COLUMNS,
        List.of(),
        row -> {
          long timestampMs = FailureSchedule.parseTimestamp(row, 0);
          StepBuilder step = current[0];
          if (step != null && timestampMs < step.timestampMs) {
            throw row.error(
                0,
                "timestamp out of order: "
                    + row.field(0)
                    + " is before the previous step "
                    + Instant.ofEpochMilli(step.timestampMs));
          }
          String src = row.requireText(1);
          String dst = row.requireText(2);
          if (!topology.hasNode(src)) {
            throw row.error(1, "unknown node '" + src + "' in topology " + topology.name());
          }
          if (!topology.hasNode(dst)) {
            throw row.error(2, "unknown node '" + dst + "' in topology " + topology.name());
          }
          if (src.equals(dst)) {
            throw row.error(2, "origin and destination are the same node '" + src + "'");
          }
          double mbps = row.number(3, false, 0);
          if (mbps < 0) {
            throw row.error(3, "negative demand " + row.field(3) + " for " + src + ">" + dst);
          }
          if (step == null || timestampMs != step.timestampMs) {
            if (step != null) {
              step.finish(timestamps, stepPairs, stepDemands);
            }
            step = new StepBuilder(timestampMs);
            current[0] = step;
            firstLines.add(row.lineNumber());
          }
          int pair = topology.nodeIndex(src) * nodeCount + topology.nodeIndex(dst);
          Integer firstLine = step.lineOfPair.putIfAbsent(pair, row.lineNumber());
          if (firstLine != null) {
            throw row.error(
                1,
                "pair "
                    + src
                    + ">"
                    + dst
                    + " appears twice at "
                    + row.field(0)
                    + " (first on line "
                    + firstLine
                    + ")");
          }
          step.add(pair, mbps);
        });
    if (current[0] == null) {
      throw new InputFormatException(source, 0, 0, "no traffic rows after the header");
    }
    current[0].finish(timestamps, stepPairs, stepDemands);
    ReplayTrafficModel model =
        new ReplayTrafficModel(
            topology,
            timestamps.stream().mapToLong(Long::longValue).toArray(),
            stepPairs.toArray(new int[0][]),
            stepDemands.toArray(new double[0][]));
    model.source = source;
    model.firstLineOfStep = firstLines.stream().mapToInt(Integer::intValue).toArray();
    return model;
  }

  /**
   * The step length of a series of evenly spaced matrices (5-minute SNDlib matrices, 15-minute
   * ones, ...), read from the timestamps.
   *
   * @throws InputFormatException naming the file, line and timestamp where the spacing changes (a
   *     gap: a matrix missing), or when there is a single matrix
   */
  public long regularStepMs() {
    if (timestampsMs.length < 2) {
      throw new InputFormatException(
          source, 0, 0, "one traffic matrix only: the step length cannot be read from it");
    }
    long step = timestampsMs[1] - timestampsMs[0];
    for (int i = 2; i < timestampsMs.length; i++) {
      long gap = timestampsMs[i] - timestampsMs[i - 1];
      if (gap != step) {
        throw new InputFormatException(
            source,
            firstLineOfStep == null ? 0 : firstLineOfStep[i],
            1,
            String.format(
                "gap in the series: matrix at %s follows %s after %d s, but the matrices before"
                    + " are %d s apart (every step needs a matrix; fill or cut the gap)",
                Instant.ofEpochMilli(timestampsMs[i]),
                Instant.ofEpochMilli(timestampsMs[i - 1]),
                gap / 1000,
                step / 1000));
      }
    }
    return step;
  }

  private static final class StepBuilder {
    final long timestampMs;
    final Map<Integer, Integer> lineOfPair = new HashMap<>();
    int[] pairs = new int[16];
    double[] demands = new double[16];
    int size;

    StepBuilder(long timestampMs) {
      this.timestampMs = timestampMs;
    }

    void add(int pair, double demand) {
      if (size == pairs.length) {
        pairs = Arrays.copyOf(pairs, size * 2);
        demands = Arrays.copyOf(demands, size * 2);
      }
      pairs[size] = pair;
      demands[size++] = demand;
    }

    void finish(List<Long> timestamps, List<int[]> allPairs, List<double[]> allDemands) {
      timestamps.add(timestampMs);
      allPairs.add(Arrays.copyOf(pairs, size));
      allDemands.add(Arrays.copyOf(demands, size));
    }
  }

  @Override
  public Topology topology() {
    return topology;
  }

  /** Number of steps in the file. */
  public int stepCount() {
    return timestampsMs.length;
  }

  @Override
  public boolean hasNext() {
    return nextStep < timestampsMs.length;
  }

  @Override
  public long next(DemandMatrix offered, DemandMatrix expected) {
    if (!hasNext()) {
      throw new java.util.NoSuchElementException("replay ended after " + nextStep + " steps");
    }
    fill(nextStep, offered);
    expected.copyFrom(offered);
    return timestampsMs[nextStep++];
  }

  private void fill(int step, DemandMatrix into) {
    into.clear();
    int nodeCount = topology.nodeCount();
    int[] stepPairs = pairs[step];
    double[] stepDemands = demandsMbps[step];
    for (int i = 0; i < stepPairs.length; i++) {
      into.set(stepPairs[i] / nodeCount, stepPairs[i] % nodeCount, stepDemands[i]);
    }
  }

  @Override
  public long timestampOfStep(long stepIndex) {
    return stepIndex >= 0 && stepIndex < timestampsMs.length
        ? timestampsMs[(int) stepIndex]
        : Long.MAX_VALUE;
  }

  @Override
  public void forEachPlanningSample(Consumer<DemandMatrix> sample) {
    DemandMatrix matrix = new DemandMatrix(topology);
    for (int step = 0; step < timestampsMs.length; step++) {
      fill(step, matrix);
      sample.accept(matrix);
    }
  }
}
