package io.netdrift.core.adaptation;

import io.netdrift.core.adaptation.AdaptationAction.Type;
import io.netdrift.core.model.ModelConfig;
import io.netdrift.core.reliability.FaultInjection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * The retraining of an {@link AdaptiveLane} (River's background model, then swap): starts a retrain
 * of a scope when it has collected enough new samples (the incremental arm also waits for a
 * detector to confirm the drift), runs it in a {@link BackgroundTrainer}, and takes in the
 * candidate: promotes it if it beat the serving version on held-back samples and the scope still
 * serves the version it started from (its predecessor then runs in shadow, {@link
 * ShadowComparison}), else discards it. Owned by the task thread of its lane; never blocks.
 */
final class RetrainScheduler implements AutoCloseable {
  // the lane's own logger: these lines are the lane's story
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AdaptiveLane.class);

  private final String lane;
  private final int subtask;
  private final AdaptationPolicy policy;
  private final ModelConfig config;
  private final BackgroundTrainer trainer;
  private final Map<Long, ModelVersion> versions;
  private final Map<String, Scope> scopes;
  private final Map<String, Long> regimeMemory;
  private final VersionRouter router;
  private final Map<String, Future<BackgroundTrainer.Candidate>> inFlight = new HashMap<>();

  /**
   * @param versions the lane's accepted versions (a promotion adds to them)
   * @param scopes the lane's scopes (an empty one without a retrain in flight is dropped)
   * @param regimeMemory the lane's regime memory (a promotion updates it)
   */
  RetrainScheduler(
      String lane,
      int subtask,
      AdaptationPolicy policy,
      ModelConfig config,
      BackgroundTrainer trainer,
      Map<Long, ModelVersion> versions,
      Map<String, Scope> scopes,
      Map<String, Long> regimeMemory,
      VersionRouter router) {
    this.lane = lane;
    this.subtask = subtask;
    this.policy = policy;
    this.config = config;
    this.trainer = trainer;
    this.versions = versions;
    this.scopes = scopes;
    this.regimeMemory = regimeMemory;
    this.router = router;
  }

  int inFlight() {
    return inFlight.size();
  }

  /** Whether a retrain of the scope is running. */
  boolean isRetraining(String scopeId) {
    return inFlight.containsKey(scopeId);
  }

  /**
   * Takes in finished retrains (promotion or rejection) and starts the retrains that are due.
   *
   * @param newestEventTimeMs the newest sample's event time (a retrain's events carry it)
   */
  List<AdaptationAction> poll(long newestEventTimeMs) {
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
        start(scope, newestEventTimeMs, actions);
        if (policy.blockingRetrains() && inFlight.containsKey(scope.id)) {
          try {
            BackgroundTrainer.Candidate c = inFlight.get(scope.id).get();
            inFlight.remove(scope.id);
            finish(c, actions);
          } catch (InterruptedException ex) {
            // the task is being cancelled: the retrain stays in flight, close() releases it
            Thread.currentThread().interrupt();
            return actions;
          } catch (ExecutionException ex) {
            throw new IllegalStateException(lane + ": retrain failed unexpectedly", ex.getCause());
          }
        }
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

  private void start(Scope scope, long newestEventTimeMs, List<AdaptationAction> actions) {
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
            router.weightsOf(parent.version()),
            links,
            copies,
            seed,
            newestEventTimeMs);
    inFlight.put(scope.id, trainer.submit(job));
    FaultInjection.point(FaultInjection.RETRAIN);
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
    long candidateVersion = c.accepted() ? c.version().version() : -1;
    outcome(
        c,
        Type.RETRAIN_FINISHED,
        candidateVersion,
        c.failure() != null
            ? "retrain failed: " + c.failure()
            : String.format(
                "held-back RMSE: candidate %.2f vs serving %.2f Mbps",
                c.candidateRmseMbps(), c.servingRmseMbps()),
        members,
        actions);
    if (!c.accepted() || stale) {
      if (c.forecaster() != null) {
        // accepted by its own comparison, but the scope moved on (regime change) meanwhile
        c.forecaster().close();
      }
      // a stale candidate stays in the store (written once, never deleted) but never serves, so it
      // is not one of the lane's versions; the rejection event names its number
      outcome(
          c,
          Type.RETRAIN_REJECTED,
          candidateVersion,
          stale
              ? "the scope's serving version changed while training: candidate discarded"
              : c.failure() != null
                  ? "retrain failed: " + c.failure()
                  : "the candidate does not beat the serving version on the held-back samples",
          members,
          actions);
      return;
    }
    ModelVersion v = c.version();
    versions.put(v.version(), v);
    router.add(v.version(), c.forecaster());
    FaultInjection.point(FaultInjection.MODEL_SWAP);
    // its weights are read from the store when a retrain starts from it
    ShadowComparison.start(scope, parent);
    scope.servingVersion = v.version();
    if (scope.memorable) {
      regimeMemory.put(scope.id, v.version());
    }
    outcome(
        c,
        Type.MODEL_SWAPPED,
        v.version(),
        String.format(
            "version %d (from %d) serves scope %s; version %d runs in shadow for %d samples",
            v.version(), parent, scope.id, parent, policy.rollbackWindowSteps()),
        members,
        actions);
  }

  /** One action about a finished retrain for every member link of its scope. */
  private static void outcome(
      BackgroundTrainer.Candidate c,
      Type type,
      long versionAfter,
      String detail,
      List<String> members,
      List<AdaptationAction> actions) {
    AdaptationAction action =
        new AdaptationAction(
            type,
            null,
            c.job().scope(),
            c.job().parent().version(),
            versionAfter,
            c.trainingSamples(),
            c.durationMs(),
            c.servingRmseMbps(),
            c.candidateRmseMbps(),
            c.job().newestEventTimeMs(),
            detail);
    members.forEach(link -> actions.add(action.forLink(link)));
  }

  /** Stops the trainer and closes the forecasters of finished retrains never taken in. */
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
  }
}
