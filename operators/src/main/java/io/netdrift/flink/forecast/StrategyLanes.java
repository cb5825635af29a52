package io.netdrift.flink.forecast;

import io.netdrift.core.adaptation.AdaptiveLane;
import io.netdrift.core.adaptation.HybridBlend;
import io.netdrift.core.forecast.ForecastBatch;
import io.netdrift.core.forecast.ForecasterSpec;
import io.netdrift.core.forecast.LinkForecastState;
import io.netdrift.core.model.serving.ModelRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The strategy lanes of one forecast-operator subtask, built from their specs: each lane's {@link
 * ServingLane} and reusable batch, the order they are served in (a hybrid after the lanes it
 * blends), and what a new link's {@link LinkForecastState} must hold for all of them (history long
 * enough for every window and replay, recurrent state sizes).
 */
final class StrategyLanes implements AutoCloseable {
  /** Every lane, by lane index (the index of its spec); filled by {@link #open}. */
  final ServingLane[] all;

  private final int[] stateSizes;
  private final int horizonSteps;
  private int[] servingOrder;
  private int historyCapacity = 1;

  StrategyLanes(int lanes, int horizonSteps) {
    this.all = new ServingLane[lanes];
    this.stateSizes = new int[lanes];
    this.horizonSteps = horizonSteps;
  }

  /**
   * Builds every lane of the specs: hybrids blend the liquid and incremental lanes, adaptive lanes
   * come from {@code openAdaptive}, the others from their spec.
   */
  void open(
      List<ForecasterSpec> specs,
      int maxBatchRows,
      Function<ForecasterSpec, AdaptiveLane> openAdaptive) {
    List<Integer> order = new ArrayList<>();
    List<Integer> hybrids = new ArrayList<>();
    for (int lane = 0; lane < specs.size(); lane++) {
      ForecasterSpec spec = specs.get(lane);
      if (spec.isHybrid()) {
        all[lane] =
            ServingLane.hybrid(
                spec,
                laneIndex(specs, ForecasterSpec.LIQUID),
                laneIndex(specs, ForecasterSpec.INCREMENTAL));
        hybrids.add(lane);
      } else if (spec.isAdaptive()) {
        all[lane] = ServingLane.adaptive(spec, openAdaptive.apply(spec));
        historyCapacity = Math.max(historyCapacity, all[lane].adaptive.policy().replaySteps());
        order.add(lane);
      } else {
        all[lane] = ServingLane.plain(spec, ModelRegistry.forecaster(spec));
        order.add(lane);
      }
      stateSizes[lane] = all[lane].stateSize();
      // one more than the window: the oldest sample in the window needs the one before for its gap
      historyCapacity = Math.max(historyCapacity, all[lane].window() + 1);
      all[lane].batch =
          new ForecastBatch(maxBatchRows, all[lane].window(), all[lane].stateSize(), horizonSteps);
    }
    order.addAll(hybrids);
    servingOrder = order.stream().mapToInt(Integer::intValue).toArray();
  }

  private static int laneIndex(List<ForecasterSpec> specs, String name) {
    for (int i = 0; i < specs.size(); i++) {
      if (specs.get(i).strategy().equals(name)) {
        return i;
      }
    }
    throw new IllegalStateException("no lane named " + name);
  }

  /** Lane indexes in serving order: the hybrid lanes last, after the lanes they blend. */
  int[] servingOrder() {
    return servingOrder;
  }

  /** The state of a link seen for the first time. */
  LinkForecastState newState() {
    return LinkForecastState.create(historyCapacity, all.length, horizonSteps, stateSizes);
  }

  /**
   * The hybrid lane's forecasts: per row, the liquid and incremental forecasts of this batch
   * (already computed: hybrids are served last) weighted by their recent errors on the link.
   *
   * @param rowOf each link's row in the batch, or -1
   */
  void blend(ServingLane hybrid, LinkForecastState[] states, int[] rowOf) {
    ForecastBatch out = hybrid.batch;
    ForecastBatch liquid = all[hybrid.liquidLane].batch;
    ForecastBatch incremental = all[hybrid.incrementalLane].batch;
    int h = out.horizon;
    for (int i = 0; i < states.length; i++) {
      int r = rowOf[i];
      if (r < 0) {
        continue;
      }
      double liquidMse = states[i].recentMse(hybrid.liquidLane);
      double incrementalMse = states[i].recentMse(hybrid.incrementalLane);
      for (int k = 0; k < h; k++) {
        out.forecastMbps[r * h + k] =
            HybridBlend.blend(
                liquid.forecastMbps[r * h + k],
                incremental.forecastMbps[r * h + k],
                liquidMse,
                incrementalMse);
      }
    }
  }

  /** Closes every lane opened so far. */
  @Override
  public void close() {
    for (ServingLane lane : all) {
      if (lane != null) {
        lane.close();
      }
    }
  }
}
