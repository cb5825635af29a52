package io.netdrift.local;

import io.netdrift.core.network.DirectedLink;
import io.netdrift.report.AdaptationEventRow;
import io.netdrift.schema.AdaptationEvent;
import io.netdrift.schema.LoadPrediction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongToIntFunction;

/**
 * Gathers a run's committed outputs by lane, link direction and step, as {@link
 * io.netdrift.report.EvaluationRun} needs them: the one-step-ahead predictions and every adaptation
 * event. Fed by an {@link OutputMonitor}'s listeners ({@code ./netdrift evaluate} and {@code demo
 * --report}); single threaded.
 */
public final class ReportCollector {
  private final int steps;
  private final LongToIntFunction stepIndex;
  private final List<String> laneNames = new ArrayList<>();
  private final Map<String, Map<String, double[]>> predictions = new LinkedHashMap<>();
  private final List<AdaptationEventRow> events = new ArrayList<>();
  private final Set<String> finishedRetrains = new HashSet<>();
  private int newestStep = -1;
  private long retrains;

  /**
   * @param steps steps of the run
   * @param stepIndex a target time's step index, or -1 for a time that is no step of the run
   * @param lanes lane names in job order
   */
  public ReportCollector(int steps, LongToIntFunction stepIndex, List<String> lanes) {
    this.steps = steps;
    this.stepIndex = stepIndex;
    for (String lane : lanes) {
      laneNames.add(lane);
      predictions.put(lane, new LinkedHashMap<>());
    }
  }

  public void onPrediction(LoadPrediction p) {
    if (p.getHorizonSteps() != 1) {
      return;
    }
    int step = stepIndex.applyAsInt(p.getTargetTimeMs());
    if (step < 0) {
      return;
    }
    String link = DirectedLink.key(p.getLinkId(), p.getSrcNode(), p.getDstNode());
    double[] series =
        predictions
            .computeIfAbsent(p.getStrategy(), s -> new LinkedHashMap<>())
            .computeIfAbsent(
                link,
                l -> {
                  double[] empty = new double[steps];
                  Arrays.fill(empty, Double.NaN);
                  return empty;
                });
    series[step] = p.getValueMbps();
    newestStep = Math.max(newestStep, step);
  }

  public void onEvent(AdaptationEvent e) {
    String type = e.getType().name();
    if ((type.equals("RETRAIN_FINISHED") || type.equals("RETRAIN_REJECTED"))
        && finishedRetrains.add(e.getStrategy() + '@' + e.getEventTimeMs())) {
      retrains++; // once per retrain, not per link of its scope (as the report counts)
    }
    String link =
        e.getLinkId() == null
            ? null
            : DirectedLink.key(e.getLinkId(), e.getSrcNode(), e.getDstNode());
    events.add(
        new AdaptationEventRow(
            e.getEventTimeMs(),
            e.getStrategy(),
            link,
            type,
            e.getModelVersionAfter(),
            e.getLatencyMs()));
  }

  /** The newest step with a prediction, -1 before the first. */
  public int newestStep() {
    return newestStep;
  }

  /** Retrains finished (promoted or rejected), each once however many links its scope held. */
  public long retrains() {
    return retrains;
  }

  public List<String> laneNames() {
    return Collections.unmodifiableList(laneNames);
  }

  /** Lane to link direction to the prediction per step (NaN: none). */
  public Map<String, Map<String, double[]>> predictions() {
    return predictions;
  }

  public List<AdaptationEventRow> events() {
    return events;
  }

  /** Events per lane and type, for the console. */
  public Map<String, Map<String, Integer>> eventCounts() {
    Map<String, Map<String, Integer>> counts = new TreeMap<>();
    for (AdaptationEventRow e : events) {
      counts
          .computeIfAbsent(String.valueOf(e.lane()), l -> new TreeMap<>())
          .merge(e.type(), 1, Integer::sum);
    }
    return counts;
  }
}
