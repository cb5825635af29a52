package io.netdrift.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;

/**
 * A small evaluation run whose metrics are known by hand: three link directions, 200 one-minute
 * steps, the link l2 fails at step 80 and is repaired at step 140.
 *
 * <p>Measured load: l1 100 Mbps, 150 while l2 is down; l2 50, 0 while down; l3 80, 140 while l2 is
 * down. The noise-free load is the measured one plus 1 on even steps and minus 1 on odd steps (0
 * for the down link), so every phase holds as many +1 as -1. Each lane predicts the measured load
 * plus its own error per step (the same for every link), and a stale 50 Mbps for the down link,
 * which must not be scored.
 */
final class SyntheticRun {
  static final int STEPS = 200;
  static final int FAILURE_STEP = 80;
  static final int REPAIR_STEP = 140;
  static final long STEP_MS = 60_000;
  static final long START_MS = Instant.parse("2024-03-01T00:00:00Z").toEpochMilli();
  static final String L1 = "l1:a>b";
  static final String L2 = "l2:b>c";
  static final String L3 = "l3:a>c";

  private final Map<String, IntToDoubleFunction> errorByLane = new LinkedHashMap<>();
  private final List<AdaptationEventRow> events = new ArrayList<>();
  private boolean l1ExpectedUnknown;

  /** persistence, static, liquid, incremental, hybrid with the errors of the class Javadoc. */
  static SyntheticRun standard() {
    return new SyntheticRun()
        .lane("persistence", during(2, 10))
        .lane("static", during(2, 8))
        .lane("liquid", spike(10))
        .lane("incremental", spike(20))
        .lane("hybrid", spike(12));
  }

  /** Error 2 outside the failure, {@code failed} from the failure to the repair. */
  static IntToDoubleFunction during(double normal, double failed) {
    return step -> step >= FAILURE_STEP && step < REPAIR_STEP ? failed : normal;
  }

  /** Error 10 for the first {@code steps} steps of the failure, 2 otherwise. */
  static IntToDoubleFunction spike(int steps) {
    return step -> step >= FAILURE_STEP && step < FAILURE_STEP + steps ? 10 : 2;
  }

  SyntheticRun lane(String lane, IntToDoubleFunction error) {
    errorByLane.put(lane, error);
    return this;
  }

  /** A lane of the job that sent no prediction at all (absent from predictedMbps). */
  SyntheticRun silentLane(String lane) {
    errorByLane.put(lane, null);
    return this;
  }

  SyntheticRun event(AdaptationEventRow event) {
    events.add(event);
    return this;
  }

  /** The noise-free load of l1 unknown (NaN) at every step. */
  SyntheticRun l1ExpectedUnknown() {
    l1ExpectedUnknown = true;
    return this;
  }

  static long time(int step) {
    return START_MS + step * STEP_MS;
  }

  static boolean failed(int step) {
    return step >= FAILURE_STEP && step < REPAIR_STEP;
  }

  static double actual(String link, int step) {
    return switch (link) {
      case L1 -> failed(step) ? 150 : 100;
      case L2 -> failed(step) ? 0 : 50;
      default -> failed(step) ? 140 : 80;
    };
  }

  EvaluationRun build() {
    long[] times = new long[STEPS];
    Map<String, double[]> actual = new LinkedHashMap<>();
    Map<String, double[]> expected = new LinkedHashMap<>();
    for (String link : List.of(L1, L2, L3)) {
      actual.put(link, new double[STEPS]);
      expected.put(link, new double[STEPS]);
    }
    for (int step = 0; step < STEPS; step++) {
      times[step] = time(step);
      for (String link : actual.keySet()) {
        double load = actual(link, step);
        actual.get(link)[step] = load;
        double noise = step % 2 == 0 ? 1 : -1;
        expected.get(link)[step] =
            load == 0 ? 0 : link.equals(L1) && l1ExpectedUnknown ? Double.NaN : load + noise;
      }
    }
    Map<String, Map<String, double[]>> predicted = new LinkedHashMap<>();
    errorByLane.forEach(
        (lane, error) -> {
          if (error == null) {
            return;
          }
          Map<String, double[]> byLink = new LinkedHashMap<>();
          for (String link : actual.keySet()) {
            // a NaN error is no prediction, even for the down link
            double[] values = new double[STEPS];
            for (int step = 0; step < STEPS; step++) {
              double load = actual(link, step);
              double laneError = error.applyAsDouble(step);
              values[step] = load == 0 && !Double.isNaN(laneError) ? 50 : load + laneError;
            }
            byLink.put(link, values);
          }
          predicted.put(lane, byLink);
        });
    RunInfo info =
        new RunInfo(
            "triangle",
            3,
            3,
            "synthetic triangle, hand-made",
            "test scenario",
            STEPS,
            STEP_MS / 1000,
            Map.of("trainedRange", "2024-02-01..2024-02-29", "epochs", 3),
            600,
            3000,
            0,
            1.5);
    return new EvaluationRun(
        info,
        List.copyOf(errorByLane.keySet()),
        STEP_MS,
        times,
        actual,
        expected,
        predicted,
        List.of(new Failure("l2", time(FAILURE_STEP), time(REPAIR_STEP))),
        List.copyOf(events));
  }
}
