package io.netdrift.core.adaptation;

import io.netdrift.core.adaptation.AdaptationAction.Type;
import io.netdrift.core.forecast.BatchForecaster;
import io.netdrift.core.forecast.ForecastBatch;
import io.netdrift.core.model.ModelConfig;
import io.netdrift.core.model.ModelDirectory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * <p>The lane itself keeps the scopes (which links drifted together, under which regime) and the
 * regime memory, and composes the rest: {@link VersionRouter} serves each row by its link's
 * version, {@link ShadowComparison} watches a promoted version against its predecessor, {@link
 * RetrainScheduler} starts retrains and takes in their candidates, {@link AdaptiveLaneCodec} is the
 * snapshot's byte format.
 *
 * <p>Threading: every method is called from the task thread; retrains run in a {@link
 * BackgroundTrainer} and come back through {@link #poll(long)}. Durable state is in {@link
 * #snapshot()} / {@link #restore(byte[])}; a retrain in flight at a snapshot is started again after
 * a restore.
 */
public final class AdaptiveLane implements AutoCloseable {
  private final String lane;
  private final AdaptationPolicy policy;
  private final int subtask;
  private final ModelStore store;
  private final long stepMs;
  private final ModelConfig config;
  private final ModelVersion base;

  private final Map<Long, ModelVersion> versions = new LinkedHashMap<>();
  private final Map<String, String> scopeOfLink = new HashMap<>();
  private final Map<String, Scope> scopes = new LinkedHashMap<>();
  private final Map<String, Long> regimeMemory = new LinkedHashMap<>();
  private final AtomicLong nextVersion = new AtomicLong();
  private long newestEventTimeMs = Long.MIN_VALUE;

  private final VersionRouter router;
  private final ShadowComparison shadow;
  private final RetrainScheduler retrains;

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
    this.router = new VersionRouter(lane, versions, loader);
    router.add(baseNumber, baseModel.weights(), loader.apply(baseModel));
    nextVersion.set(store.nextFreeVersion(lane, subtask, baseNumber + 1));
    BackgroundTrainer trainer =
        new BackgroundTrainer(lane, subtask, policy, store, fit, loader, nextVersion, stepMs);
    this.shadow = new ShadowComparison(policy, stepMs, regimeMemory);
    this.retrains =
        new RetrainScheduler(
            lane, subtask, policy, config, trainer, versions, scopes, regimeMemory, router);
  }

  /** The lane a {@link #snapshot()} belongs to. */
  public static String laneOf(byte[] snapshot) {
    return AdaptiveLaneCodec.laneOf(snapshot);
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
    return retrains.inFlight();
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

  /**
   * The link went silent and the operator dropped its keyed state: it leaves its scope, with its
   * collected samples and shadow forecasts (a scope left empty is dropped once no retrain of it is
   * in flight), so a link that is gone keeps nothing in the lane. If it comes back it is served by
   * the base until a drift marks it again.
   */
  public void forgetLink(String linkKey) {
    leaveScope(linkKey);
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
    shadow.forget(linkKey);
    if (id == null) {
      return;
    }
    Scope scope = scopes.get(id);
    scope.samples.remove(linkKey);
    scope.newSamples.remove(linkKey);
    if (scope.samples.isEmpty() && !retrains.isRetraining(id)) {
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
      shadow.forget(linkKey);
      return List.of();
    }
    linkSamples.append(timestampMs, loadMbps, capacityMbps);
    scope.newSamples.merge(linkKey, 1, Integer::sum);
    return shadow.score(scope, linkKey, timestampMs, loadMbps);
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
    long[] versionOfRow = new long[batch.rows];
    List<Integer> shadowRows = new ArrayList<>();
    for (int r = 0; r < batch.rows; r++) {
      versionOfRow[r] = servingVersion(linkKeys[r]);
      String scope = scopeOfLink.get(linkKeys[r]);
      if (scope != null && ShadowComparison.watching(scopes.get(scope))) {
        shadowRows.add(r);
      }
    }
    // one shadow call per previous version, for all its rows
    float[] previous = new float[batch.rows];
    Map<Long, List<Integer>> shadowRowsByVersion = new LinkedHashMap<>();
    for (int r : shadowRows) {
      long version = scopes.get(scopeOfLink.get(linkKeys[r])).previousVersion;
      shadowRowsByVersion.computeIfAbsent(version, v -> new ArrayList<>()).add(r);
    }
    for (Map.Entry<Long, List<Integer>> e : shadowRowsByVersion.entrySet()) {
      float[] aside = router.forecastAside(e.getKey(), batch, e.getValue());
      for (int i = 0; i < aside.length; i++) {
        previous[e.getValue().get(i)] = aside[i];
      }
    }
    router.forecast(batch, versionOfRow);
    int h = batch.horizon;
    for (int r : shadowRows) {
      long target = batch.lastTimestampMs[r] + h * stepMs;
      shadow.expect(linkKeys[r], batch.forecastMbps[r * h + h - 1], previous[r], target);
    }
  }

  // ------------------------------------------------------------------ retraining

  /**
   * Takes in finished retrains (promotion or rejection) and starts the retrains that are due. Call
   * at batch boundaries; never blocks.
   *
   * @param nowMs wall-clock time, for the events
   */
  public List<AdaptationAction> poll(long nowMs) {
    List<AdaptationAction> actions = retrains.poll(newestEventTimeMs);
    router.retainOnly(versionsInUse());
    return actions;
  }

  /**
   * The versions that must stay loaded: the base, what each scope serves, the predecessor a scope
   * runs in shadow, and the version remembered for each regime (so a recurring regime is served at
   * once, without loading a SavedModel on the task thread). Every other version is released.
   */
  private Set<Long> versionsInUse() {
    Set<Long> inUse = new HashSet<>();
    inUse.add(base.version());
    for (Scope s : scopes.values()) {
      inUse.add(s.servingVersion);
      if (s.previousVersion >= 0) {
        inUse.add(s.previousVersion);
      }
    }
    inUse.addAll(regimeMemory.values());
    return inUse;
  }

  /** The versions loaded for serving now (each holds native memory). */
  public Set<Long> loadedVersions() {
    return router.loadedVersions();
  }

  private AdaptationAction action(
      Type type, String link, String scope, long before, long after, long time, String detail) {
    return new AdaptationAction(
        type, link, scope, before, after, -1, -1, Double.NaN, Double.NaN, time, detail);
  }

  // ------------------------------------------------------------------ checkpointing

  /** Durable state: versions, scopes with their samples, regime memory, the version counter. */
  public byte[] snapshot() {
    return AdaptiveLaneCodec.write(
        new AdaptiveLaneCodec.Contents(
            lane,
            nextVersion.get(),
            versions.values(),
            scopes.values(),
            scopeOfLink,
            regimeMemory,
            newestEventTimeMs));
  }

  /**
   * Restores a {@link #snapshot()} of the same lane (call before the first sample). The version
   * counter never goes back below what the store holds.
   */
  public void restore(byte[] snapshot) {
    apply(AdaptiveLaneCodec.read(snapshot, lane));
  }

  /**
   * Restores this lane after a rescale from the snapshots of every subtask of the previous run
   * (call before the first sample): keeps what belongs to the links this subtask now owns, with the
   * versions they served ({@link LaneStateMerge}).
   *
   * @param ownsLink whether a link key is routed to this subtask now
   */
  public void restore(List<byte[]> snapshots, java.util.function.Predicate<String> ownsLink) {
    List<AdaptiveLaneCodec.Contents> parts = new ArrayList<>();
    for (byte[] snapshot : snapshots) {
      parts.add(AdaptiveLaneCodec.read(snapshot, lane));
    }
    apply(
        LaneStateMerge.merge(
            lane, parts, ownsLink, store.nextFreeVersion(lane, subtask, base.version() + 1)));
  }

  private void apply(AdaptiveLaneCodec.Contents restored) {
    for (ModelVersion v : restored.versions()) {
      if (!v.isBase()) {
        versions.put(v.version(), v);
      }
    }
    for (Scope s : restored.scopes()) {
      scopes.put(s.id, s);
    }
    scopeOfLink.putAll(restored.scopeOfLink());
    regimeMemory.putAll(restored.regimeMemory());
    newestEventTimeMs = restored.newestEventTimeMs();
    nextVersion.set(
        Math.max(restored.nextVersion(), store.nextFreeVersion(lane, subtask, base.version() + 1)));
  }

  @Override
  public void close() {
    retrains.close();
    router.close();
  }
}
