package io.netdrift.core.adaptation;

import io.netdrift.core.forecast.BatchForecaster;
import io.netdrift.core.model.ModelConfig;
import io.netdrift.core.model.ModelDirectory;
import io.netdrift.core.model.ModelWeights;
import io.netdrift.core.model.reference.ReferenceForecaster;
import io.netdrift.core.model.training.LinkSeries;
import io.netdrift.core.model.training.TrainingConfig;
import io.netdrift.core.model.training.TrainingResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Runs an adaptive lane's retrains off the task thread, one at a time, on a daemon thread of its
 * own: fit a candidate from the serving weights, score candidate and serving version on the
 * held-back samples (champion/challenger), and — only if the candidate wins — write it to the
 * {@link ModelStore} and load it for serving. The task thread never waits: it polls finished {@link
 * Candidate}s at batch boundaries. After each retrain the thread rests in proportion to its work
 * ({@link AdaptationPolicy#trainingDutyCycle()}) so it leaves the task thread its core.
 */
final class BackgroundTrainer implements AutoCloseable {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(BackgroundTrainer.class);

  /** What a retrain is given (copies: the task thread keeps collecting meanwhile). */
  record Job(
      String scope,
      ModelVersion parent,
      ModelConfig config,
      ModelWeights parentWeights,
      List<String> links,
      List<LinkSamples> samples,
      long seed,
      long newestEventTimeMs) {}

  /** A finished retrain, accepted or not. */
  record Candidate(
      Job job,
      boolean accepted,
      ModelVersion version,
      BatchForecaster forecaster,
      double candidateRmseMbps,
      double servingRmseMbps,
      long trainingSamples,
      long durationMs,
      String failure) {}

  private final String lane;
  private final int subtask;
  private final AdaptationPolicy policy;
  private final ModelStore store;
  private final ModelFitter fit;
  private final Function<ModelDirectory, BatchForecaster> loader;
  private final java.util.concurrent.atomic.AtomicLong nextVersion;
  private final long stepMs;
  private final ExecutorService executor;

  /** Trainer thread only: when the rest after the last retrain ends. */
  private long restUntilNanos = System.nanoTime();

  BackgroundTrainer(
      String lane,
      int subtask,
      AdaptationPolicy policy,
      ModelStore store,
      ModelFitter fit,
      Function<ModelDirectory, BatchForecaster> loader,
      java.util.concurrent.atomic.AtomicLong nextVersion,
      long stepMs) {
    this.lane = lane;
    this.subtask = subtask;
    this.policy = policy;
    this.store = store;
    this.fit = fit;
    this.loader = loader;
    this.nextVersion = nextVersion;
    this.stepMs = stepMs;
    this.executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "netdrift-trainer-" + lane + "-" + subtask);
              t.setDaemon(true);
              t.setPriority(Thread.MIN_PRIORITY);
              return t;
            });
  }

  Future<Candidate> submit(Job job) {
    return executor.submit(() -> run(job));
  }

  private Candidate run(Job job) throws InterruptedException {
    // rest after the previous retrain here, not at its end: its candidate is delivered at once
    long rest = restUntilNanos - System.nanoTime();
    if (rest > 0) {
      TimeUnit.NANOSECONDS.sleep(rest);
    }
    long started = System.nanoTime();
    Candidate candidate;
    try {
      candidate = retrain(job, started);
    } catch (RuntimeException e) {
      candidate =
          new Candidate(
              job,
              false,
              null,
              null,
              Double.NaN,
              Double.NaN,
              0,
              (System.nanoTime() - started) / 1_000_000,
              e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    long busyNanos = System.nanoTime() - started;
    double duty = policy.blockingRetrains() ? 1.0 : policy.trainingDutyCycle();
    restUntilNanos = System.nanoTime() + (long) (busyNanos * (1 / duty - 1));
    return candidate;
  }

  private Candidate retrain(Job job, long started) {
    int holdout = policy.holdoutSteps();
    List<LinkSeries> series = new ArrayList<>();
    Map<String, Float> capacities = new LinkedHashMap<>();
    long samples = 0;
    long from = Long.MAX_VALUE;
    long to = Long.MIN_VALUE;
    for (int i = 0; i < job.links().size(); i++) {
      LinkSamples s = job.samples().get(i);
      int train = s.size() - holdout;
      if (train < 2) {
        continue;
      }
      LinkSeries linkSeries = s.head(job.links().get(i), train);
      series.add(linkSeries);
      samples += train;
      from = Math.min(from, s.timestampMs(0));
      to = Math.max(to, s.timestampMs(train - 1));
      if (s.capacityMbps() > 0) {
        capacities.put(job.links().get(i), s.capacityMbps());
      }
    }
    if (series.isEmpty()) {
      throw new IllegalArgumentException("no link has enough samples beyond the hold-out");
    }
    TrainingConfig training =
        TrainingConfig.defaults()
            .withLearningRate(policy.learningRate())
            .withEpochs(policy.epochs(), policy.stepsPerEpoch())
            .withBatchSize(32)
            .withValidationFraction(0.2)
            .withTestFraction(0)
            .withSeed(job.seed());
    long fitStarted = System.nanoTime();
    TrainingResult result =
        fit.fit(job.config(), training, series, capacities, job.parentWeights());
    long fitMs = (System.nanoTime() - fitStarted) / 1_000_000;
    double candidateRmse =
        HoldoutEvaluation.rmseMbps(
            new ReferenceForecaster(job.config(), result.weights(), -1),
            job.samples(),
            holdout,
            stepMs);
    double servingRmse =
        HoldoutEvaluation.rmseMbps(
            new ReferenceForecaster(job.config(), job.parentWeights(), -1),
            job.samples(),
            holdout,
            stepMs);
    LOG.info(
        "{} subtask {}: fit {} ms ({} gradient steps), champion/challenger {} ms",
        lane,
        subtask,
        fitMs,
        result.steps(),
        (System.nanoTime() - started) / 1_000_000 - fitMs);
    boolean accepted =
        Double.isFinite(candidateRmse)
            && Double.isFinite(servingRmse)
            && candidateRmse < servingRmse * (1 - policy.minImprovement());
    ModelVersion version = null;
    BatchForecaster forecaster = null;
    if (accepted) {
      if (Thread.currentThread().isInterrupted()) {
        // the lane is closing (task cancelled or failed): its restored successor owns the store
        throw new IllegalStateException("the lane closed while training: candidate not written");
      }
      long number = store.reserve(lane, subtask, nextVersion.get());
      nextVersion.accumulateAndGet(number + 1, Math::max);
      version =
          new ModelVersion(
              number,
              job.parent().version(),
              lane,
              job.scope(),
              store.directory(lane, subtask, number).toString(),
              from,
              to,
              candidateRmse,
              System.currentTimeMillis());
      ModelDirectory written = store.write(subtask, version, result.metadata(), result.weights());
      forecaster = loader.apply(written);
    }
    return new Candidate(
        job,
        accepted,
        version,
        forecaster,
        candidateRmse,
        servingRmse,
        samples,
        (System.nanoTime() - started) / 1_000_000,
        null);
  }

  @Override
  public void close() {
    executor.shutdownNow();
    try {
      if (executor.awaitTermination(30, TimeUnit.SECONDS)) {
        fit.close(); // the trainer thread is done with it
      } else {
        LOG.warn("{} subtask {}: a retrain did not stop within 30 s", lane, subtask);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.warn("{} subtask {}: closing the trainer failed", lane, subtask, e);
    }
  }
}
