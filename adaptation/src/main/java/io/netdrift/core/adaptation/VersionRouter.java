package io.netdrift.core.adaptation;

import io.netdrift.core.forecast.BatchForecaster;
import io.netdrift.core.forecast.ForecastBatch;
import io.netdrift.core.model.ModelDirectory;
import io.netdrift.core.model.ModelWeights;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Serves the rows of one batch of an {@link AdaptiveLane}, each with the model version serving its
 * link: one model call per version present in the batch (in practice the base plus the scope of a
 * failure), through reusable sub-batches. Keeps the lane's loaded forecasters and weights by
 * version, loading a version on first use (after a restore, the checkpoint names the serving
 * versions but holds no model). Owned by the task thread of its lane.
 */
final class VersionRouter implements AutoCloseable {
  private final String lane;
  private final Map<Long, ModelVersion> versions;
  private final Function<ModelDirectory, BatchForecaster> loader;
  private final Map<Long, BatchForecaster> forecasters = new HashMap<>();
  private final Map<Long, ModelWeights> weights = new HashMap<>();
  private final Map<Long, ForecastBatch> subBatches = new HashMap<>();

  /**
   * @param versions the lane's accepted versions (read only: the lane adds to it)
   * @param loader loads a model directory for serving
   */
  VersionRouter(
      String lane,
      Map<Long, ModelVersion> versions,
      Function<ModelDirectory, BatchForecaster> loader) {
    this.lane = lane;
    this.versions = versions;
    this.loader = loader;
  }

  /** A version loaded already, with its weights (the base). */
  void add(long version, ModelWeights versionWeights, BatchForecaster forecaster) {
    weights.put(version, versionWeights);
    forecasters.put(version, forecaster);
  }

  /**
   * A promoted version's forecaster; its weights are read from the store when a retrain needs them.
   */
  void add(long version, BatchForecaster forecaster) {
    forecasters.put(version, forecaster);
  }

  /**
   * Forecasts the batch, each row {@code r} with version {@code versionOfRow[r]}: the whole batch
   * in one call when one version serves every row.
   */
  void forecast(ForecastBatch batch, long[] versionOfRow) {
    Map<Long, List<Integer>> rowsByVersion = new LinkedHashMap<>();
    for (int r = 0; r < batch.rows; r++) {
      rowsByVersion.computeIfAbsent(versionOfRow[r], k -> new ArrayList<>()).add(r);
    }
    if (rowsByVersion.size() == 1) {
      forecasterOf(rowsByVersion.keySet().iterator().next()).forecast(batch);
    } else {
      for (Map.Entry<Long, List<Integer>> e : rowsByVersion.entrySet()) {
        forecastRows(e.getKey(), batch, e.getValue(), true);
      }
    }
  }

  /**
   * Forecasts some rows of the batch with a version, leaving the batch's outputs untouched (a
   * forecast in shadow).
   *
   * @return each row's forecast for the last step of the horizon
   */
  float[] forecastAside(long version, ForecastBatch batch, List<Integer> rows) {
    return forecastRows(version, batch, rows, false);
  }

  /** Forecasts some rows of a batch with one version; copies the outputs back if asked. */
  private float[] forecastRows(
      long version, ForecastBatch batch, List<Integer> rows, boolean back) {
    ForecastBatch sub =
        subBatches.computeIfAbsent(
            version,
            v ->
                new ForecastBatch(
                    batch.capacityRows, batch.window, batch.stateSize, batch.horizon));
    int w = batch.window;
    int s = batch.stateSize;
    int h = batch.horizon;
    sub.rows = rows.size();
    for (int i = 0; i < rows.size(); i++) {
      int r = rows.get(i);
      System.arraycopy(batch.historyMbps, r * w, sub.historyMbps, i * w, w);
      System.arraycopy(batch.gapSeconds, r * w, sub.gapSeconds, i * w, w);
      sub.lastTimestampMs[i] = batch.lastTimestampMs[r];
      sub.scaleMbps[i] = batch.scaleMbps[r];
      sub.available[i] = batch.available[r];
      System.arraycopy(batch.stateIn, r * s, sub.stateIn, i * s, s);
    }
    forecasterOf(version).forecast(sub);
    float[] last = new float[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      int r = rows.get(i);
      last[i] = sub.forecastMbps[i * h + h - 1];
      if (back) {
        System.arraycopy(sub.forecastMbps, i * h, batch.forecastMbps, r * h, h);
        System.arraycopy(sub.stateOut, i * s, batch.stateOut, r * s, s);
      }
    }
    return last;
  }

  private BatchForecaster forecasterOf(long version) {
    BatchForecaster f = forecasters.get(version);
    if (f == null) {
      // after a restore: load the version the checkpoint says is serving
      ModelVersion v = versions.get(version);
      if (v == null) {
        throw new IllegalStateException(lane + ": unknown model version " + version);
      }
      ModelDirectory dir = ModelDirectory.open(Path.of(v.path()));
      f = loader.apply(dir);
      forecasters.put(version, f);
      weights.put(version, dir.weights());
    }
    return f;
  }

  /** A version's weights (a retrain starts from them), read from its directory on first use. */
  ModelWeights weightsOf(long version) {
    return weights.computeIfAbsent(
        version, v -> ModelDirectory.open(Path.of(versions.get(v).path())).weights());
  }

  /**
   * Closes the loaded versions outside {@code inUse} and forgets their weights and sub-batches. A
   * lane promotes a version every few samples for as long as the job runs, and each loaded version
   * holds a TensorFlow session or DJL model in native memory: without this, every version ever
   * promoted stays loaded (measured: about 0.65 MB of resident memory per swap of a CfC with 16
   * hidden units, {@code benchmarks/results/model-swap-memory-without-release.md}). A released
   * version that is needed again (a restore, a rollback) is loaded from its directory on first use,
   * as after a restore.
   *
   * @return how many forecasters were closed
   */
  int retainOnly(Set<Long> inUse) {
    int closed = 0;
    Iterator<Map.Entry<Long, BatchForecaster>> it = forecasters.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<Long, BatchForecaster> e = it.next();
      if (!inUse.contains(e.getKey())) {
        e.getValue().close();
        it.remove();
        closed++;
      }
    }
    weights.keySet().retainAll(inUse);
    subBatches.keySet().retainAll(inUse);
    return closed;
  }

  /** The versions loaded now. */
  Set<Long> loadedVersions() {
    return Set.copyOf(forecasters.keySet());
  }

  /** Closes every loaded forecaster. */
  @Override
  public void close() {
    for (BatchForecaster f : forecasters.values()) {
      f.close();
    }
    forecasters.clear();
  }
}
