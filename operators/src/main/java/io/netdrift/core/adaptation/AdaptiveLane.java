package io.netdrift.core.adaptation;

import io.netdrift.core.adaptation.AdaptationAction.Type;
import io.netdrift.core.forecast.BatchForecaster;
import io.netdrift.core.forecast.ForecastBatch;
import io.netdrift.core.model.ModelConfig;
import io.netdrift.core.model.ModelDirectory;
import io.netdrift.core.model.ModelWeights;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * One adaptive strategy lane ({@code liquid} or {@code incremental}) in one operator subtask: it
 * serves every link with the version of its scope, collects the samples of drifted links, retrains
 * off the task thread, promotes a candidate only if it beats the serving version on held-back
 * samples (champion/challenger), rolls back a promoted version that then does worse than its
 * predecessor running in shadow, and remembers the version fitted under each routing regime so a
 * recurring regime reuses it at once.
 *
 * <p>Per-link effect: a link that no drift touched stays in no scope and is served by the base
 * model, bit for bit as before; only the links of a scope get its versions.
 *
 * <p>Threading: every method is called from the task thread; retrains run in a {@link
 * BackgroundTrainer} and come back through {@link #poll(long)}. Durable state is in {@link
 * #snapshot()} / {@link #restore(byte[])}; a retrain in flight at a snapshot is started again after
 * a restore.
 */
public final class AdaptiveLane implements AutoCloseable {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AdaptiveLane.class);
  private static final int SNAPSHOT_FORMAT = 1;

  private final String lane;
  private final AdaptationPolicy policy;
  private final int subtask;
  private final ModelStore store;
  private final Function<ModelDirectory, BatchForecaster> loader;
  private final long stepMs;
  private final ModelConfig config;
  private final ModelVersion base;
  private final BackgroundTrainer trainer;

  private final Map<Long, ModelVersion> versions = new LinkedHashMap<>();
  private final Map<Long, BatchForecaster> forecasters = new HashMap<>();
  private final Map<Long, ModelWeights> weights = new HashMap<>();
  private final Map<String, String> scopeOfLink = new HashMap<>();
  private final Map<String, Scope> scopes = new LinkedHashMap<>();
  private final Map<String, Long> regimeMemory = new LinkedHashMap<>();
  private final AtomicLong nextVersion = new AtomicLong();
  private final Map<String, Future<BackgroundTrainer.Candidate>> inFlight = new HashMap<>();

  /** Shadow bookkeeping (not checkpointed: a restore loses at most a few scores). */
  private final Map<String, ShadowForecast> pendingShadow = new HashMap<>();

  /** The serving and the previous version's forecast of one link for one target time. */
  private record ShadowForecast(float servingMbps, float previousMbps, long targetMs) {}

  private final Map<Long, ForecastBatch> subBatches = new HashMap<>();
  private long newestEventTimeMs = Long.MIN_VALUE;

  /**
   * @param baseModel the lane's base model directory (from {@code ./netdrift train})
   * @param loader loads a model directory for serving (DJL or TF Java in the job)
   * @param fit trains a candidate ({@code ModelTrainer.train} in the job)
   */
  public AdaptiveLane(
      String lane,
      AdaptationPolicy policy,
      int subtask,
      ModelStore store,
      ModelDirectory baseModel,
      Function<ModelDirectory, BatchForecaster> loader,
      ModelFitter fit,
      long stepMs) {
    this.lane = lane;
    this.policy = policy;
    this.subtask = subtask;
    this.store = store;
    this.loader = loader;
    this.stepMs = stepMs;
    this.config = baseModel.metadata().config();
    long baseNumber = baseModel.metadata().modelVersion();
    this.base =
        new ModelVersion(
            baseNumber,
            -1,
            lane,
            ModelVersion.BASE_SCOPE,
            baseModel.path().toString(),
            -1,
            -1,
            Double.NaN,
            0);
    versions.put(baseNumber, base);
    weights.put(baseNumber, baseModel.weights());
    forecasters.put(baseNumber, loader.apply(baseModel));
    nextVersion.set(store.nextFreeVersion(lane, subtask, baseNumber + 1));
    this.trainer =
        new BackgroundTrainer(
            lane, subtask, policy, store, fit, loader, nextVersion::getAndIncrement, stepMs);
  }

  /** The lane a {@link #snapshot()} belongs to. */
  public static String laneOf(byte[] snapshot) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
      in.readInt();
      return in.readUTF();
    } catch (IOException e) {
      throw new UncheckedIOException("corrupt adaptive-lane snapshot", e);
    }
  }

  public String lane() {
    return lane;
  }

  public AdaptationPolicy policy() {
    return policy;
  }

  public String modelId() {
    return config.kind().id();
  }

  public int window() {
    return config.servingWindow();
  }

  public int warmUpSamples() {
    return config.warmUpSamples();
  }

  public int stateSize() {
    return config.stateSize();
  }

  /** The version serving a link now. */
  public long servingVersion(String linkKey) {
    String scope = scopeOfLink.get(linkKey);
    return scope == null ? base.version() : scopes.get(scope).servingVersion;
  }

  /** The newest version serving any link (the dashboard's {@code modelVersion}). */
  public long newestServingVersion() {
    long newest = base.version();
    for (Scope s : scopes.values()) {
      newest = Math.max(newest, s.servingVersion);
    }
    return newest;
  }

  /** Every version this lane has accepted, the base first. */
  public List<ModelVersion> versions() {
    return List.copyOf(versions.values());
  }

  public int retrainsInFlight() {
    return inFlight.size();
  }

  // ------------------------------------------------------------------ drift marks

  /**
   * A network event re-routed this link: it now lives under {@code regime} (the set of failed
   * elements, "" when nothing has failed). A regime with a remembered version — the normal routing
   * always has the base — is served by that version at once; a new one starts collecting samples
   * from the link's recent history (the replay window).
   *
   * @param recentHistory the link's newest samples before the event, oldest first
   * @return the actions taken (a regime reuse), possibly none
   */
  public List<AdaptationAction> markRegime(
      String linkKey, String regime, LinkSamples recentHistory, long eventTimeMs) {
    List<AdaptationAction> actions = new ArrayList<>();
    long before = servingVersion(linkKey);
    leaveScope(linkKey);
    Long remembered = regime.isEmpty() ? Long.valueOf(base.version()) : regimeMemory.get(regime);
    if (regime.isEmpty()) {
      actions.add(
          action(
              Type.REGIME_REUSED,
              linkKey,
              ModelVersion.BASE_SCOPE,
              before,
              base.version(),
              eventTimeMs,
              "normal routing restored: the base model serves again"));
      return actions;
    }
    Scope scope =
        scopes.computeIfAbsent(
            regime, id -> new Scope(id, true, remembered != null ? remembered : before));
    // the routing change is announced by the network itself: no detector needs to confirm it
    scope.confirmed = true;
    join(scope, linkKey, recentHistory);
    if (remembered != null) {
      actions.add(
          action(
              Type.REGIME_REUSED,
              linkKey,
              regime,
              before,
              remembered,
              eventTimeMs,
              "regime seen before: reusing version " + remembered + " fitted under it"));
    }
    return actions;
  }

  /**
   * A detector found drift on a link that no network event announced: the link gets a scope of its
   * own (not remembered: there is no regime to recognise). A link already in a scope stays there.
   */
  public void markUnannounced(String linkKey, LinkSamples recentHistory) {
    if (scopeOfLink.containsKey(linkKey)) {
      return;
    }
    String id = "drift:" + linkKey;
    Scope scope = scopes.computeIfAbsent(id, k -> new Scope(k, false, base.version()));
    join(scope, linkKey, recentHistory);
  }

  /** A detector confirmed the drift on this link (the incremental arm waits for it). */
  public void confirm(String linkKey) {
    String scope = scopeOfLink.get(linkKey);
    if (scope != null) {
      scopes.get(scope).confirmed = true;
    }
  }

  private void join(Scope scope, String linkKey, LinkSamples recentHistory) {
    scopeOfLink.put(linkKey, scope.id);
    LinkSamples samples = new LinkSamples(policy.maxSeriesSteps());
    int from = Math.max(0, recentHistory.size() - policy.replaySteps());
    for (int i = from; i < recentHistory.size(); i++) {
      samples.append(
          recentHistory.timestampMs(i), recentHistory.loadMbps(i), recentHistory.capacityMbps());
    }
    scope.samples.put(linkKey, samples);
    scope.newSamples.put(linkKey, 0);
  }

  private void leaveScope(String linkKey) {
    String id = scopeOfLink.remove(linkKey);
    pendingShadow.remove(linkKey);
    if (id == null) {
      return;
    }
    Scope scope = scopes.get(id);
    scope.samples.remove(linkKey);
    scope.newSamples.remove(linkKey);
    if (scope.samples.isEmpty() && !inFlight.containsKey(id)) {
      scopes.remove(id);
    }
  }

  // ------------------------------------------------------------------ samples

  /**
   * A new sample of a link, before it is forecast: scores the shadow comparison of a scope in its
   * rollback window and keeps the sample for retraining (unless the link is down: {@code up}
   * false).
   *
   * @return a rollback, if the window just ended against the promoted version
   */
  public List<AdaptationAction> observe(
      String linkKey, long timestampMs, float loadMbps, float capacityMbps, boolean up) {
    newestEventTimeMs = Math.max(newestEventTimeMs, timestampMs);
    String id = scopeOfLink.get(linkKey);
    if (id == null) {
      return List.of();
    }
    Scope scope = scopes.get(id);
    LinkSamples linkSamples = scope.samples.get(linkKey);
    linkSamples.setDown(!up);
    if (!up) {
      // a failed link carries nothing: nothing to learn from it
      pendingShadow.remove(linkKey);
      return List.of();
    }
    linkSamples.append(timestampMs, loadMbps, capacityMbps);
    scope.newSamples.merge(linkKey, 1, Integer::sum);
    ShadowForecast pending = pendingShadow.remove(linkKey);
    if (pending == null || scope.previousVersion < 0) {
      return List.of();
    }
    if (Math.abs(pending.targetMs() - timestampMs) <= stepMs / 2) {
      double es = pending.servingMbps() - loadMbps;
      double ep = pending.previousMbps() - loadMbps;
      scope.servingSquares += es * es;
      scope.previousSquares += ep * ep;
      scope.shadowScored++;
    }
    if (scope.shadowScored >= (long) policy.rollbackWindowSteps() * scope.samples.size()) {
      return endRollbackWindow(scope, timestampMs);
    }
    return List.of();
  }

  private List<AdaptationAction> endRollbackWindow(Scope scope, long eventTimeMs) {
    long promoted = scope.servingVersion;
    long previous = scope.previousVersion;
    double servingRmse = Math.sqrt(scope.servingSquares / scope.shadowScored);
    double previousRmse = Math.sqrt(scope.previousSquares / scope.shadowScored);
    scope.previousVersion = -1;
    scope.servingSquares = 0;
    scope.previousSquares = 0;
    scope.shadowScored = 0;
    if (servingRmse <= previousRmse) {
      return List.of();
    }
    scope.servingVersion = previous;
    if (scope.memorable) {
      regimeMemory.put(scope.id, previous);
    }
    List<AdaptationAction> actions = new ArrayList<>();
    AdaptationAction rollback =
        new AdaptationAction(
            Type.ROLLBACK,
            null,
            scope.id,
            promoted,
            previous,
            -1,
            -1,
            previousRmse,
            servingRmse,
            eventTimeMs,
            String.format(
                "version %d did worse than its predecessor in shadow over %d samples"
                    + " (RMSE %.2f vs %.2f Mbps): back to version %d",
                promoted, policy.rollbackWindowSteps(), servingRmse, previousRmse, previous));
    for (String link : scope.samples.keySet()) {
      actions.add(rollback.forLink(link));
    }
    return actions;
  }

  // ------------------------------------------------------------------ serving

  /**
   * Forecasts the batch: each row with the version serving its link, one model call per version
   * present in the batch (in practice the base plus the scope of a failure). Rows of a scope in its
   * rollback window are also forecast by the previous version, in shadow.
   *
   * @param linkKeys the link of each row {@code 0..batch.rows-1}
   */
  public void forecast(ForecastBatch batch, String[] linkKeys) {
    Map<Long, List<Integer>> rowsByVersion = new LinkedHashMap<>();
    List<Integer> shadowRows = new ArrayList<>();
    for (int r = 0; r < batch.rows; r++) {
      long v = servingVersion(linkKeys[r]);
      rowsByVersion.computeIfAbsent(v, k -> new ArrayList<>()).add(r);
      String scope = scopeOfLink.get(linkKeys[r]);
      if (scope != null && scopes.get(scope).previousVersion >= 0) {
        shadowRows.add(r);
      }
    }
    float[] shadow = new float[batch.rows];
    for (int r : shadowRows) {
      long previous = scopes.get(scopeOfLink.get(linkKeys[r])).previousVersion;
      shadow[r] = forecastRows(previous, batch, List.of(r), false)[0];
    }
    if (rowsByVersion.size() == 1) {
      forecasterOf(rowsByVersion.keySet().iterator().next()).forecast(batch);
    } else {
      for (Map.Entry<Long, List<Integer>> e : rowsByVersion.entrySet()) {
        forecastRows(e.getKey(), batch, e.getValue(), true);
      }
    }
    int h = batch.horizon;
    for (int r : shadowRows) {
      long target = batch.lastTimestampMs[r] + h * stepMs;
      pendingShadow.put(
          linkKeys[r], new ShadowForecast(batch.forecastMbps[r * h + h - 1], shadow[r], target));
    }
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

  private ModelWeights weightsOf(long version) {
    return weights.computeIfAbsent(
        version, v -> ModelDirectory.open(Path.of(versions.get(v).path())).weights());
  }

  // ------------------------------------------------------------------ retraining

  /**
   * Takes in finished retrains (promotion or rejection) and starts the retrains that are due. Call
   * at batch boundaries; never blocks.
   *
   * @param nowMs wall-clock time, for the events
   */
  public List<AdaptationAction> poll(long nowMs) {
    List<AdaptationAction> actions = new ArrayList<>();
    Iterator<Map.Entry<String, Future<BackgroundTrainer.Candidate>>> it =
        inFlight.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, Future<BackgroundTrainer.Candidate>> e = it.next();
      if (!e.getValue().isDone()) {
        continue;
      }
      it.remove();
      BackgroundTrainer.Candidate c;
      try {
        c = e.getValue().get();
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        return actions;
      } catch (ExecutionException ex) {
        throw new IllegalStateException(lane + ": retrain failed unexpectedly", ex.getCause());
      }
      finish(c, actions);
    }
    for (Scope scope : List.copyOf(scopes.values())) {
      if (scope.samples.isEmpty() && !inFlight.containsKey(scope.id)) {
        scopes.remove(scope.id);
      } else if (!inFlight.containsKey(scope.id) && due(scope)) {
        start(scope, actions);
      }
    }
    return actions;
  }

  private boolean due(Scope scope) {
    if (scope.samples.isEmpty()) {
      return false;
    }
    if (policy.kind() == AdaptationPolicy.Kind.INCREMENTAL && !scope.confirmed) {
      return false;
    }
    // a retrain that was in flight at the last checkpoint starts again after a restore
    return scope.retrainInFlight || scope.mostNewSamples() >= policy.retrainEverySteps();
  }

  private void start(Scope scope, List<AdaptationAction> actions) {
    List<String> links = new ArrayList<>();
    for (Map.Entry<String, LinkSamples> e : scope.samples.entrySet()) {
      if (!e.getValue().isDown()) {
        links.add(e.getKey());
      }
    }
    if (links.isEmpty()) {
      return;
    }
    List<LinkSamples> copies = new ArrayList<>();
    long samples = 0;
    for (String link : links) {
      LinkSamples s = scope.samples.get(link).copy();
      copies.add(s);
      samples += s.size();
      scope.newSamples.put(link, 0);
    }
    ModelVersion parent = versions.get(scope.servingVersion);
    long seed = (lane.hashCode() * 31L + scope.id.hashCode()) * 1_000_003L + scope.retrains;
    scope.retrains++;
    scope.retrainInFlight = true;
    BackgroundTrainer.Job job =
        new BackgroundTrainer.Job(
            scope.id,
            parent,
            config,
            weightsOf(parent.version()),
            links,
            copies,
            seed,
            newestEventTimeMs);
    inFlight.put(scope.id, trainer.submit(job));
    LOG.info(
        "{} subtask {}: retrain {} of scope '{}' started from version {} ({} links, {} samples)",
        lane,
        subtask,
        scope.retrains,
        scope.id,
        parent.version(),
        links.size(),
        samples);
    AdaptationAction started =
        new AdaptationAction(
            Type.RETRAIN_STARTED,
            null,
            scope.id,
            parent.version(),
            -1,
            samples,
            -1,
            Double.NaN,
            Double.NaN,
            newestEventTimeMs,
            String.format(
                "%s retrain %d of scope %s from version %d on %d samples of %d links",
                policy.kind().id(),
                scope.retrains,
                scope.id,
                parent.version(),
                samples,
                links.size()));
    for (String link : links) {
      actions.add(started.forLink(link));
    }
  }

  private void finish(BackgroundTrainer.Candidate c, List<AdaptationAction> actions) {
    Scope scope = scopes.get(c.job().scope());
    if (scope != null) {
      scope.retrainInFlight = false;
    }
    List<String> members = scope == null ? List.of() : List.copyOf(scope.samples.keySet());
    long parent = c.job().parent().version();
    boolean stale = scope == null || scope.servingVersion != parent;
    LOG.info(
        "{} subtask {}: retrain of scope '{}' finished in {} ms: held-back RMSE candidate {} vs"
            + " serving {} Mbps -> {}",
        lane,
        subtask,
        c.job().scope(),
        c.durationMs(),
        String.format("%.2f", c.candidateRmseMbps()),
        String.format("%.2f", c.servingRmseMbps()),
        c.failure() != null
            ? "failed: " + c.failure()
            : stale ? "stale" : c.accepted() ? "version " + c.version().version() : "rejected");
    AdaptationAction finished =
        new AdaptationAction(
            Type.RETRAIN_FINISHED,
            null,
            c.job().scope(),
            parent,
            c.accepted() ? c.version().version() : -1,
            c.trainingSamples(),
            c.durationMs(),
            c.servingRmseMbps(),
            c.candidateRmseMbps(),
            c.job().newestEventTimeMs(),
            c.failure() != null
                ? "retrain failed: " + c.failure()
                : String.format(
                    "held-back RMSE: candidate %.2f vs serving %.2f Mbps",
                    c.candidateRmseMbps(), c.servingRmseMbps()));
    members.forEach(link -> actions.add(finished.forLink(link)));
    if (!c.accepted() || stale) {
      if (c.forecaster() != null) {
        // accepted by its own comparison, but the scope moved on (regime change) meanwhile
        c.forecaster().close();
      }
      if (c.accepted()) {
        versions.put(c.version().version(), c.version());
      }
      AdaptationAction rejected =
          new AdaptationAction(
              Type.RETRAIN_REJECTED,
              null,
              c.job().scope(),
              parent,
              c.accepted() ? c.version().version() : -1,
              c.trainingSamples(),
              c.durationMs(),
              c.servingRmseMbps(),
              c.candidateRmseMbps(),
              c.job().newestEventTimeMs(),
              stale
                  ? "the scope's serving version changed while training: candidate discarded"
                  : c.failure() != null
                      ? "retrain failed: " + c.failure()
                      : "the candidate does not beat the serving version on the held-back samples");
      members.forEach(link -> actions.add(rejected.forLink(link)));
      return;
    }
    ModelVersion v = c.version();
    versions.put(v.version(), v);
    forecasters.put(v.version(), c.forecaster());
    // its weights are read from the store when a retrain starts from it
    scope.previousVersion = parent;
    scope.servingSquares = 0;
    scope.previousSquares = 0;
    scope.shadowScored = 0;
    scope.servingVersion = v.version();
    if (scope.memorable) {
      regimeMemory.put(scope.id, v.version());
    }
    AdaptationAction swapped =
        new AdaptationAction(
            Type.MODEL_SWAPPED,
            null,
            scope.id,
            parent,
            v.version(),
            c.trainingSamples(),
            c.durationMs(),
            c.servingRmseMbps(),
            c.candidateRmseMbps(),
            c.job().newestEventTimeMs(),
            String.format(
                "version %d (from %d) serves scope %s; version %d runs in shadow for %d samples",
                v.version(), parent, scope.id, parent, policy.rollbackWindowSteps()));
    members.forEach(link -> actions.add(swapped.forLink(link)));
  }

  private AdaptationAction action(
      Type type, String link, String scope, long before, long after, long time, String detail) {
    return new AdaptationAction(
        type, link, scope, before, after, -1, -1, Double.NaN, Double.NaN, time, detail);
  }

  // ------------------------------------------------------------------ checkpointing

  /** Durable state: versions, scopes with their samples, regime memory, the version counter. */
  public byte[] snapshot() {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeInt(SNAPSHOT_FORMAT);
      out.writeUTF(lane);
      out.writeLong(nextVersion.get());
      out.writeInt(versions.size());
      for (ModelVersion v : versions.values()) {
        v.write(out);
      }
      out.writeInt(scopes.size());
      for (Scope s : scopes.values()) {
        s.write(out);
      }
      out.writeInt(scopeOfLink.size());
      for (Map.Entry<String, String> e : scopeOfLink.entrySet()) {
        out.writeUTF(e.getKey());
        out.writeUTF(e.getValue());
      }
      out.writeInt(regimeMemory.size());
      for (Map.Entry<String, Long> e : regimeMemory.entrySet()) {
        out.writeUTF(e.getKey());
        out.writeLong(e.getValue());
      }
      out.writeLong(newestEventTimeMs);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Restores a {@link #snapshot()} of the same lane (call before the first sample). The version
   * counter never goes back below what the store holds.
   */
  public void restore(byte[] snapshot) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
      int format = in.readInt();
      if (format != SNAPSHOT_FORMAT) {
        throw new IllegalStateException("unknown adaptive-lane snapshot format " + format);
      }
      String name = in.readUTF();
      if (!name.equals(lane)) {
        throw new IllegalStateException("snapshot of lane " + name + " restored into " + lane);
      }
      long counter = in.readLong();
      int n = in.readInt();
      for (int i = 0; i < n; i++) {
        ModelVersion v = ModelVersion.read(in);
        if (!v.isBase()) {
          versions.put(v.version(), v);
        }
      }
      n = in.readInt();
      for (int i = 0; i < n; i++) {
        Scope s = Scope.read(in);
        scopes.put(s.id, s);
      }
      n = in.readInt();
      for (int i = 0; i < n; i++) {
        scopeOfLink.put(in.readUTF(), in.readUTF());
      }
      n = in.readInt();
      for (int i = 0; i < n; i++) {
        regimeMemory.put(in.readUTF(), in.readLong());
      }
      newestEventTimeMs = in.readLong();
      nextVersion.set(Math.max(counter, store.nextFreeVersion(lane, subtask, base.version() + 1)));
    } catch (IOException e) {
      throw new UncheckedIOException("corrupt adaptive-lane snapshot of " + lane, e);
    }
  }

  @Override
  public void close() {
    trainer.close();
    for (Future<BackgroundTrainer.Candidate> f : inFlight.values()) {
      if (f.isDone()) {
        try {
          BackgroundTrainer.Candidate c = f.get();
          if (c.forecaster() != null) {
            c.forecaster().close();
          }
        } catch (Exception e) {
          // closing anyway
        }
      }
    }
    inFlight.clear();
    for (BatchForecaster f : forecasters.values()) {
      f.close();
    }
    forecasters.clear();
  }
}
