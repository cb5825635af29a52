package io.netdrift.benchmarks.adaptation;

import io.netdrift.core.adaptation.AdaptiveLane;
import io.netdrift.core.network.DirectedLink;
import io.netdrift.flink.forecast.ForecastOperator;
import io.netdrift.flink.forecast.ForecastOperatorConfig;
import io.netdrift.flink.forecast.NetworkDriftSignal;
import io.netdrift.schema.AdaptationEvent;
import io.netdrift.schema.LinkTelemetry;
import io.netdrift.schema.LoadPrediction;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;

/**
 * One measured run: a fresh {@link ForecastOperator} in Flink's keyed two-input test harness, fed
 * the whole replay on the calling thread as fast as it goes (signals, then the step's telemetry,
 * then a watermark at the step's time), with the time, the task thread's CPU time and the process's
 * CPU time taken at every step boundary. Steps after the warm-up are grouped into windows of {@code
 * windowSteps} steps; each window records how many retrains were in flight at its start and at each
 * step boundary inside it ({@link AdaptiveLane#retrainsInFlight()} of the operator's adaptive
 * lanes, summed).
 */
final class RetrainRun {

  /** One window of consecutive steps. */
  record Window(
      String label,
      int index,
      int episode,
      boolean failed,
      int steps,
      long records,
      long nanos,
      long taskCpuNanos,
      long processCpuNanos,
      long trainerCpuNanos,
      int inFlightAtStart,
      int minInFlight,
      int maxInFlight,
      int retrainsStarted) {

    double recordsPerSecond() {
      return records / (nanos / 1e9);
    }

    /** Whether any retrain was in flight at some point of the window. */
    boolean anyRetrain() {
      return maxInFlight > 0 || retrainsStarted > 0;
    }

    /** Whether a retrain was in flight at every step boundary of the window. */
    boolean wholeRetrain() {
      return minInFlight > 0;
    }

    double taskCpuShare() {
      return taskCpuNanos / (double) nanos;
    }

    /** CPU of every other thread of the JVM (trainers, TensorFlow pools, GC, JIT), in cores. */
    double otherCpuCores() {
      return (processCpuNanos - taskCpuNanos) / (double) nanos;
    }

    /** CPU of the adaptive lanes' trainer threads (Java threads) in the window, in cores. */
    double trainerCpuCores() {
      return trainerCpuNanos / (double) nanos;
    }

    /** Whether a trainer thread was at work: at least {@value #BUSY_CORES} of a core. */
    boolean trainerBusy() {
      return trainerCpuCores() >= BUSY_CORES;
    }

    /** Whether the trainer threads were (nearly) idle: below {@value #IDLE_CORES} of a core. */
    boolean trainerIdle() {
      return trainerCpuCores() < IDLE_CORES;
    }

    double taskCpuMicrosPerRecord() {
      return taskCpuNanos / 1e3 / records;
    }
  }

  /** Trainer threads' CPU from which a window counts as "trainer at work", in cores. */
  static final double BUSY_CORES = 0.10;

  /** Trainer threads' CPU below which a window counts as "trainer idle", in cores. */
  static final double IDLE_CORES = 0.02;

  /** What one lane's retrains did, from the adaptation events. */
  static final class LaneRetrains {
    int started;
    int finished;
    int swapped;
    int rejected;
    long trainingMillis;
  }

  final String label;
  final List<Window> windows = new ArrayList<>();
  final Map<String, LaneRetrains> retrains = new LinkedHashMap<>();

  /** CPU seconds by thread group, in the timed quiet and failed phases; wall seconds per phase. */
  final Map<String, Double> quietCpu = new LinkedHashMap<>();

  final Map<String, Double> failedCpu = new LinkedHashMap<>();
  double quietSeconds;
  double failedSeconds;
  long predictions;
  long deadLetters;
  long timedRecords;
  double timedSeconds;

  private final Set<String> openRetrains = new HashSet<>();

  RetrainRun(String label) {
    this.label = label;
  }

  void run(
      TelemetryReplay replay,
      ForecastOperatorConfig config,
      int windowSteps,
      Consumer<String> progress)
      throws Exception {
    ForecastOperator operator = new ForecastOperator(config);
    KeyedTwoInputStreamOperatorTestHarness<
            String, LinkTelemetry, NetworkDriftSignal, LoadPrediction>
        harness =
            new KeyedTwoInputStreamOperatorTestHarness<>(
                operator,
                (LinkTelemetry t) ->
                    DirectedLink.key(t.getLinkId(), t.getSrcNode(), t.getDstNode()),
                (NetworkDriftSignal s) -> s.linkKey,
                Types.STRING);
    harness.open();
    try {
      List<AdaptiveLane> lanes = adaptiveLanes(operator);
      feed(replay, harness, lanes, windowSteps, progress);
    } finally {
      harness.close();
    }
  }

  private void feed(
      TelemetryReplay replay,
      KeyedTwoInputStreamOperatorTestHarness<
              String, LinkTelemetry, NetworkDriftSignal, LoadPrediction>
          harness,
      List<AdaptiveLane> lanes,
      int windowSteps,
      Consumer<String> progress)
      throws Exception {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    TelemetryReplay.Layout layout = replay.layout;
    int warmup = layout.warmupSteps();
    List<TelemetryReplay.Step> stream = replay.stream;

    long now = System.nanoTime();
    long task = threads.getCurrentThreadCpuTime();
    long process = os.getProcessCpuTime();
    long windowStart = now;
    long windowTask = task;
    long windowProcess = process;
    long trainer = 0;
    long windowTrainer = 0;
    long windowRecords = 0;
    int windowStepCount = 0;
    int inFlightAtStart = 0;
    int minInFlight = Integer.MAX_VALUE;
    int maxInFlight = 0;
    int startsInWindow = 0;
    long timedStart = 0;
    Map<String, Double> phaseCpu = null;
    long phaseStart = 0;
    boolean phaseFailed = false;

    for (int i = 0; i < stream.size(); i++) {
      boolean timed = i >= warmup;
      if (i == warmup) {
        timedStart = System.nanoTime();
        phaseCpu = ThreadCpu.snapshot();
        phaseStart = timedStart;
        phaseFailed = layout.failed(i);
        progress.accept(String.format("%s: warm-up done (%d steps), timing", label, warmup));
      } else if (timed && layout.failed(i) != phaseFailed) {
        long t = System.nanoTime();
        closePhase(phaseCpu, phaseStart, t, phaseFailed);
        phaseCpu = ThreadCpu.snapshot();
        phaseStart = t;
        phaseFailed = layout.failed(i);
      }
      if (timed && windowStepCount == 0) {
        windowStart = now;
        windowTask = task;
        windowProcess = process;
        windowTrainer = trainer;
        windowRecords = 0;
        inFlightAtStart = inFlight(lanes);
        minInFlight = inFlightAtStart;
        maxInFlight = inFlightAtStart;
        startsInWindow = 0;
      }
      TelemetryReplay.Step step = stream.get(i);
      for (NetworkDriftSignal s : step.signals()) {
        harness.processElement2(s, s.eventTimeMs);
      }
      for (LinkTelemetry t : step.telemetry()) {
        harness.processElement1(t, t.getTimestampMs());
      }
      harness.processBothWatermarks(new Watermark(step.timestampMs()));
      predictions += harness.getOutput().size() - 1; // all predictions and one watermark
      harness.getOutput().clear();
      var letters = harness.getSideOutput(ForecastOperator.DEAD_LETTERS);
      if (letters != null) { // the harness has a side output's queue once something went to it
        deadLetters += letters.size();
        letters.clear();
      }
      int starts = readEvents(harness.getSideOutput(ForecastOperator.ADAPTATION_EVENTS));
      int inFlight = inFlight(lanes);
      for (AdaptiveLane lane : lanes) {
        if (lane.retrainsInFlight() == 0) {
          // a retrain that ended without events (its scope emptied) must not hide the next one
          openRetrains.removeIf(k -> k.startsWith(lane.lane() + '|'));
        }
      }
      now = System.nanoTime();
      task = threads.getCurrentThreadCpuTime();
      process = os.getProcessCpuTime();
      trainer = trainerCpu(threads);
      if (!timed) {
        continue;
      }
      windowRecords += step.telemetry().size();
      windowStepCount++;
      startsInWindow += starts;
      minInFlight = Math.min(minInFlight, inFlight);
      maxInFlight = Math.max(maxInFlight, inFlight);
      if (windowStepCount == windowSteps || i == stream.size() - 1) {
        int first = i - windowStepCount + 1;
        windows.add(
            new Window(
                label,
                windows.size(),
                layout.episodeOf(first),
                layout.failed(first),
                windowStepCount,
                windowRecords,
                now - windowStart,
                task - windowTask,
                process - windowProcess,
                trainer - windowTrainer,
                inFlightAtStart,
                minInFlight,
                maxInFlight,
                startsInWindow));
        timedRecords += windowRecords;
        windowStepCount = 0;
      }
      if (i + 1 < stream.size() && layout.episodeOf(i + 1) != layout.episodeOf(i)) {
        progress.accept(
            String.format(
                "%s: episode %d/%d done, %.0f records/s so far, retrains started %s",
                label,
                layout.episodeOf(i) + 1,
                layout.episodes(),
                timedRecords / ((now - timedStart) / 1e9),
                startedSummary()));
      }
    }
    long end = System.nanoTime();
    closePhase(phaseCpu, phaseStart, end, phaseFailed);
    timedSeconds = (end - timedStart) / 1e9;
    progress.accept(
        String.format(
            "%s: done, %d timed records in %.1f s (%.0f records/s), retrains started %s",
            label, timedRecords, timedSeconds, timedRecords / timedSeconds, startedSummary()));
  }

  private String startedSummary() {
    StringBuilder s = new StringBuilder();
    retrains.forEach((lane, r) -> s.append(lane).append('=').append(r.started).append(' '));
    return s.toString().trim();
  }

  private void closePhase(Map<String, Double> before, long startNanos, long endNanos, boolean f) {
    if (before == null) {
      return;
    }
    Map<String, Double> used = ThreadCpu.minus(ThreadCpu.snapshot(), before);
    Map<String, Double> sum = f ? failedCpu : quietCpu;
    used.forEach((k, v) -> sum.merge(k, v, Double::sum));
    if (f) {
      failedSeconds += (endNanos - startNanos) / 1e9;
    } else {
      quietSeconds += (endNanos - startNanos) / 1e9;
    }
  }

  /**
   * Reads and clears the adaptation events; returns how many retrains started. A retrain emits one
   * event per link of its scope: the first STARTED of a (lane, scope) counts, the first FINISHED
   * closes it. (A retrain whose scope lost all its links, e.g. after a repair, finishes without
   * events: in-flight tagging reads the lanes' own counters instead.)
   */
  private int readEvents(ConcurrentLinkedQueue<StreamRecord<AdaptationEvent>> events) {
    int starts = 0;
    if (events == null) {
      return 0;
    }
    Set<String> swappedNow = new HashSet<>();
    Set<String> rejectedNow = new HashSet<>();
    for (StreamRecord<AdaptationEvent> r = events.poll(); r != null; r = events.poll()) {
      AdaptationEvent e = r.getValue();
      if (e.getStrategy() == null || e.getRegime() == null) {
        continue;
      }
      String lane = e.getStrategy().toString();
      String key = lane + '|' + e.getRegime();
      LaneRetrains stats = retrains.computeIfAbsent(lane, k -> new LaneRetrains());
      switch (e.getType()) {
        case RETRAIN_STARTED -> {
          if (openRetrains.add(key)) {
            stats.started++;
            starts++;
          }
        }
        case RETRAIN_FINISHED -> {
          if (openRetrains.remove(key)) {
            stats.finished++;
            stats.trainingMillis += e.getLatencyMs() == null ? 0 : e.getLatencyMs();
          }
        }
        case MODEL_SWAPPED -> {
          if (swappedNow.add(key)) {
            stats.swapped++;
          }
        }
        case RETRAIN_REJECTED -> {
          if (rejectedNow.add(key)) {
            stats.rejected++;
          }
        }
        default -> {}
      }
    }
    return starts;
  }

  private final Map<Long, Long> trainerThreads = new LinkedHashMap<>();
  private int threadScans;

  /**
   * CPU time of the trainer threads ({@code netdrift-trainer-*}, created at a lane's first retrain)
   * so far, ns. Threads are looked up by name every 16th call until both lanes have one; a thread
   * that ended keeps its last reading.
   */
  private long trainerCpu(ThreadMXBean threads) {
    if (trainerThreads.size() < 2 && threadScans++ % 16 == 0) {
      for (java.lang.management.ThreadInfo info :
          threads.getThreadInfo(threads.getAllThreadIds())) {
        if (info != null && info.getThreadName().startsWith("netdrift-trainer-")) {
          trainerThreads.putIfAbsent(info.getThreadId(), 0L);
        }
      }
    }
    long sum = 0;
    for (Map.Entry<Long, Long> e : trainerThreads.entrySet()) {
      long cpu = threads.getThreadCpuTime(e.getKey());
      if (cpu >= 0) {
        e.setValue(cpu);
      }
      sum += e.getValue();
    }
    return sum;
  }

  private static int inFlight(List<AdaptiveLane> lanes) {
    int n = 0;
    for (AdaptiveLane lane : lanes) {
      n += lane.retrainsInFlight();
    }
    return n;
  }

  /**
   * The operator's adaptive lanes, read by reflection (the benchmark must not change the operator;
   * the same counter is its {@code retrainsInFlight} gauge). Call after {@code open()}.
   */
  private static List<AdaptiveLane> adaptiveLanes(ForecastOperator operator) throws Exception {
    Field lanesField = ForecastOperator.class.getDeclaredField("lanes");
    lanesField.setAccessible(true);
    Object[] lanes = (Object[]) lanesField.get(operator);
    List<AdaptiveLane> adaptive = new ArrayList<>();
    for (Object lane : lanes) {
      Field f = lane.getClass().getDeclaredField("adaptive");
      f.setAccessible(true);
      Object a = f.get(lane);
      if (a != null) {
        adaptive.add((AdaptiveLane) a);
      }
    }
    if (adaptive.isEmpty()) {
      throw new IllegalStateException("the operator has no adaptive lane");
    }
    return adaptive;
  }
}
