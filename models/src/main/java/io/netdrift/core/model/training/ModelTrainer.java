package io.netdrift.core.model.training;

import io.netdrift.core.model.ForecastMetrics;
import io.netdrift.core.model.ModelArchitecture;
import io.netdrift.core.model.ModelConfig;
import io.netdrift.core.model.ModelDirectory;
import io.netdrift.core.model.ModelWeights;
import io.netdrift.core.model.graph.TfSupport;
import io.netdrift.core.model.natives.TensorFlowRuntime;
import io.netdrift.core.model.runtime.DeviceSelection;
import io.netdrift.core.model.runtime.DeviceSelection.ResolvedDevice;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a forecaster in the JVM on TensorFlow graphs (TF Java gradients and optimizers): Adam or
 * AdaBelief, shuffled mini-batches, a train / validation / test split by time ({@link TimeSplit},
 * test last), early stopping and model selection on validation RMSE in Mbps with the starting
 * weights as a candidate, metrics reported on the test split. One global model is trained on all
 * links, each normalised by its own scale. Seeded: initialisation, shuffling and scale augmentation
 * come from the seed (there is no dropout) and TensorFlow runs single-threaded, so the same seed
 * and data give bit-identical weights within one JVM; across processes they agree to about six
 * digits (see docs/models.md, "Reproducibility").
 *
 * <p>Recurrent models unroll {@code burnIn + window} steps from a zero state, so the state at the
 * start of the window has seen history, as the state carried between serving calls has.
 */
public final class ModelTrainer {
  private static final Logger LOG = LoggerFactory.getLogger(ModelTrainer.class);

  private ModelTrainer() {}

  /**
   * @throws IllegalArgumentException when the series are too short for one training and one
   *     validation window
   */
  public static TrainingResult train(
      ModelConfig c, TrainingConfig t, List<LinkSeries> links, DeviceSelection device) {
    return train(c, t, links, Map.of(), device);
  }

  /**
   * Trains with known capacities: a link with a capacity is normalised by it (as serving does); the
   * others by their training-range maximum times a random factor in {@code [1, scaleAugmentation)}
   * per window, so the model does not learn one particular scale.
   *
   * @param capacities direction key to capacity in Mbps (may be empty)
   */
  public static TrainingResult train(
      ModelConfig c,
      TrainingConfig t,
      List<LinkSeries> links,
      Map<String, Float> capacities,
      DeviceSelection device) {
    return train(c, t, links, capacities, device, null);
  }

  /**
   * Continues training a served model on new data (the incremental strategy's retraining, off the
   * hot path): same architecture, its weights as the starting point. Write the result with {@code
   * ModelDirectoryWriter.write} to the same directory to get the next version.
   */
  public static TrainingResult fineTune(
      ModelDirectory base,
      TrainingConfig t,
      List<LinkSeries> links,
      Map<String, Float> capacities,
      DeviceSelection device) {
    return train(base.metadata().config(), t, links, capacities, device, base.weights());
  }

  /**
   * Trains from {@code startWeights} (warm start), or from fresh initial weights whose readout is
   * zero, so the untrained model is exactly persistence. Either way the starting weights are a
   * candidate: they are evaluated on the validation split before the first epoch and kept unless an
   * epoch beats them on validation RMSE in Mbps.
   *
   * @param startWeights initial weights (warm start), or null for fresh seeded initialisation
   * @throws IllegalArgumentException when the series are too short for one training, one validation
   *     and (with a test fraction) one test window, or the start weights do not fit
   */
  public static TrainingResult train(
      ModelConfig c,
      TrainingConfig t,
      List<LinkSeries> links,
      Map<String, Float> capacities,
      DeviceSelection device,
      ModelWeights startWeights) {
    return train(c, t, links, capacities, device, startWeights, null);
  }

  /**
   * A training graph for {@code c} and the optimizer and learning rate of {@code t}, to pass to
   * {@link #train(ModelConfig, TrainingConfig, List, Map, DeviceSelection, ModelWeights,
   * TrainingGraph)} again and again (the caller closes it).
   */
  public static TrainingGraph newGraph(ModelConfig c, TrainingConfig t, DeviceSelection device) {
    ResolvedDevice resolved = TensorFlowRuntime.resolveDevice(device);
    return new TrainingGraph(
        c,
        t.optimizer(),
        t.learningRate(),
        persistenceStart(c, t.seed()),
        trainingSession(resolved));
  }

  /**
   * Like {@link #train(ModelConfig, TrainingConfig, List, Map, DeviceSelection, ModelWeights)} on a
   * graph built before ({@link #newGraph}), reset to the start weights: same result as a new graph,
   * without the seconds it takes to build one.
   *
   * @param reuse a graph of the same model, optimizer and learning rate, or null to build one
   */
  public static TrainingResult train(
      ModelConfig c,
      TrainingConfig t,
      List<LinkSeries> links,
      Map<String, Float> capacities,
      DeviceSelection device,
      ModelWeights startWeights,
      TrainingGraph reuse) {
    if (reuse != null && !reuse.config().equals(c)) {
      throw new IllegalArgumentException(
          "the graph was built for another model: " + reuse.config());
    }
    if (links.isEmpty()) {
      throw new IllegalArgumentException("no link series to train on");
    }
    ResolvedDevice resolved = TensorFlowRuntime.resolveDevice(device);
    int steps = c.trainingSteps();
    int scored = c.scoredSteps();
    TimeSplit split = TimeSplit.of(links, t.validationFraction(), t.testFraction());
    Map<String, Float> scales = new LinkedHashMap<>();
    Map<String, Float> augmentation = new LinkedHashMap<>();
    Map<String, Integer> zero = new LinkedHashMap<>();
    for (LinkSeries s : links) {
      zero.put(s.linkId(), 0);
      int sp = split.trainEnd().get(s.linkId());
      float max = 0;
      for (int i = 0; i < (sp > 0 ? sp : s.size()); i++) {
        max = Math.max(max, s.loadMbps()[i]);
      }
      Float capacity = capacities.get(s.linkId());
      if (capacity != null && capacity > 0) {
        scales.put(s.linkId(), capacity);
        augmentation.put(s.linkId(), 1f);
      } else {
        scales.put(s.linkId(), max > 0 ? max : 1f);
        augmentation.put(s.linkId(), t.scaleAugmentation());
      }
    }
    SplittableRandom rnd = new SplittableRandom(t.seed());
    WindowDataset train =
        WindowDataset.build(
            links,
            zero,
            split.trainEnd(),
            scales,
            steps,
            scored,
            c.horizon(),
            c.stepSeconds(),
            augmentation,
            rnd.split());
    WindowDataset val =
        WindowDataset.build(
            links,
            split.trainEnd(),
            split.validationEnd(),
            scales,
            steps,
            scored,
            c.horizon(),
            c.stepSeconds(),
            Map.of(),
            rnd.split());
    WindowDataset test =
        WindowDataset.build(
            links,
            split.validationEnd(),
            split.end(),
            scales,
            steps,
            scored,
            c.horizon(),
            c.stepSeconds(),
            Map.of(),
            rnd.split());
    if (train.size == 0 || val.size == 0 || (t.testFraction() > 0 && test.size == 0)) {
      throw new IllegalArgumentException(
          "series too short: "
              + train.size
              + " training, "
              + val.size
              + " validation and "
              + test.size
              + " test windows; each link needs well over "
              + (int)
                  Math.ceil((steps + c.horizon()) / (1 - t.validationFraction() - t.testFraction()))
              + " samples for window "
              + c.window()
              + (steps > c.window() ? " + burn-in " + (steps - c.window()) : "")
              + ", validation fraction "
              + t.validationFraction()
              + " and test fraction "
              + t.testFraction()
              + (t.testFraction() > 0 ? " (a test fraction of 0 uses all data)" : ""));
    }
    LOG.info(
        "training {} on {} links: {} training / {} validation / {} test windows of {} steps, {} on"
            + " {}, seed {}",
        c.kind().id(),
        links.size(),
        train.size,
        val.size,
        test.size,
        steps,
        t.optimizer(),
        resolved.description(),
        t.seed());

    ModelWeights fresh = persistenceStart(c, t.seed());
    if (startWeights != null) {
      for (Map.Entry<String, ModelWeights.Tensor> e : fresh.asMap().entrySet()) {
        if (!startWeights.contains(e.getKey())
            || !Arrays.equals(startWeights.get(e.getKey()).shape(), e.getValue().shape())) {
          throw new IllegalArgumentException(
              "start weights do not fit " + c + ": weight " + e.getKey() + " missing or reshaped");
        }
      }
    }
    ModelWeights init = startWeights != null ? startWeights.copy() : fresh;
    int f = ModelConfig.FEATURES;
    int k = c.horizon();
    TrainingGraph graph =
        reuse != null
            ? reuse
            : new TrainingGraph(
                c, t.optimizer(), t.learningRate(), init, trainingSession(resolved));
    if (reuse != null) {
      reuse.reset(init);
    }
    try {
      int batch = Math.min(t.batchSize(), train.size);
      float[] bx = new float[batch * steps * f];
      float[] bdt = new float[batch * steps];
      float[] by = new float[batch * scored * k];
      int[] order = new int[train.size];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      SplittableRandom shuffle = rnd.split();
      // The starting weights are the first candidate: an epoch must beat them to be chosen.
      float[] startPred = graph.predict(val);
      ForecastMetrics startMetrics = metrics(startPred, val).model();
      double best = rmseOrInfinity(startMetrics);
      ModelWeights bestWeights = init;
      float[] bestPred = startPred;
      int bestEpoch = 0;
      LOG.info("start: validation rmse {} Mbps", fmt(startMetrics.rmse()));
      double bestTrained = Double.POSITIVE_INFINITY;
      int sinceBest = 0;
      long totalSteps = 0;
      long trainNanos = 0;
      double firstLoss = Double.NaN;
      double lastLoss = Double.NaN;
      int epoch = 0;
      while (epoch < t.maxEpochs()) {
        epoch++;
        for (int i = order.length - 1; i > 0; i--) {
          int j = shuffle.nextInt(i + 1);
          int tmp = order[i];
          order[i] = order[j];
          order[j] = tmp;
        }
        int batches = Math.min(t.maxStepsPerEpoch(), Math.max(1, train.size / batch));
        double sum = 0;
        long start = System.nanoTime();
        for (int b = 0; b < batches; b++) {
          int n = Math.min(batch, train.size - b * batch);
          for (int r = 0; r < n; r++) {
            int src = order[b * batch + r];
            System.arraycopy(train.x, src * steps * f, bx, r * steps * f, steps * f);
            System.arraycopy(train.dt, src * steps, bdt, r * steps, steps);
            System.arraycopy(train.y, src * scored * k, by, r * scored * k, scored * k);
          }
          sum += graph.step(bx, bdt, by, n);
        }
        trainNanos += System.nanoTime() - start;
        totalSteps += batches;
        double epochLoss = sum / batches;
        if (epoch == 1) {
          firstLoss = epochLoss;
        }
        lastLoss = epochLoss;
        float[] pred = graph.predict(val);
        double rmse = rmseOrInfinity(metrics(pred, val).model());
        LOG.info(
            "epoch {}: train mse {} | validation rmse {} Mbps (best {})",
            epoch,
            String.format(Locale.ROOT, "%.6f", epochLoss),
            fmt(rmse),
            fmt(best));
        if (rmse < best) {
          best = rmse;
          bestPred = pred;
          bestEpoch = epoch;
          bestWeights = graph.weights();
        }
        // Patience runs on the trained epochs alone: a fresh model often starts worse than the
        // persistence it starts from and needs a few epochs to overtake it.
        if (rmse < bestTrained) {
          bestTrained = rmse;
          sinceBest = 0;
        } else if (++sinceBest >= t.patience()) {
          LOG.info("early stop after epoch {} (best: epoch {})", epoch, bestEpoch);
          break;
        }
      }
      boolean kept = bestEpoch == 0;
      if (kept) {
        LOG.warn(
            "no epoch beat the starting weights on validation ({} Mbps): keeping them",
            fmt(startMetrics.rmse()));
      }
      SplitMetrics valMetrics = metrics(bestPred, val);
      SplitMetrics testMetrics;
      if (test.size > 0) {
        graph.load(bestWeights);
        testMetrics = metrics(graph.predict(test), test);
      } else {
        ForecastMetrics none = new ForecastMetrics(Double.NaN, Double.NaN, 0);
        testMetrics = new SplitMetrics(none, none);
      }
      double stepsPerSecond = totalSteps / (trainNanos / 1e9);
      LOG.info(
          "{}: validation rmse {} (start {}, persistence {}) | test rmse {} mape {}% (persistence"
              + " {} / {}%) | {} steps/s",
          c.kind().id(),
          fmt(valMetrics.model().rmse()),
          fmt(startMetrics.rmse()),
          fmt(valMetrics.persistence().rmse()),
          fmt(testMetrics.model().rmse()),
          fmt(testMetrics.model().mape()),
          fmt(testMetrics.persistence().rmse()),
          fmt(testMetrics.persistence().mape()),
          String.format(Locale.ROOT, "%.1f", stepsPerSecond));
      return new TrainingResult(
          c,
          t,
          bestWeights,
          valMetrics.model(),
          valMetrics.persistence(),
          totalSteps,
          stepsPerSecond,
          epoch,
          firstLoss,
          lastLoss,
          finalMse(bestPred, val),
          scales,
          split.train().from(),
          split.train().to(),
          split.validation().to(),
          testMetrics.model(),
          testMetrics.persistence(),
          startMetrics,
          kept,
          bestEpoch,
          split,
          new int[] {train.size, val.size, test.size});
    } finally {
      if (reuse == null) {
        graph.close();
      }
    }
  }

  /**
   * Fresh initial weights ({@link ModelArchitecture#initialWeights}) with a zero readout: the
   * residual is 0, so the model starts as exactly persistence.
   */
  public static ModelWeights persistenceStart(ModelConfig c, long seed) {
    ModelWeights w = ModelArchitecture.initialWeights(c, seed);
    Arrays.fill(w.values("head_w"), 0f);
    Arrays.fill(w.values("head_b"), 0f);
    return w;
  }

  /**
   * Training session. By default ({@value #TRAINING_THREADS} = 1) TensorFlow runs every op of a
   * step in the calling thread, one after the other, each kernel single-threaded: a seeded run
   * repeats bit for bit, also across processes (with {@link #reproducible}; see docs/models.md).
   * With an inter-op pool, even of one thread, independent ops of a step run concurrently and the
   * reference variables they read are updated in place, so even runs in one JVM differed.
   */
  static org.tensorflow.proto.ConfigProto trainingSession(ResolvedDevice device) {
    int threads = Integer.getInteger(TRAINING_THREADS, 1);
    if (threads == 1) {
      // inter-op threads < 0: every op runs in the caller's thread
      return reproducible(TfSupport.sessionConfig(device, 1, -1));
    }
    return TfSupport.sessionConfig(device, threads, threads);
  }

  /**
   * Grappler's arithmetic optimizer off: it folds chains of adds back into {@code AddN} and
   * regroups sums following node names and ids, which differ between processes, so the last bits of
   * a gradient would too. Measured: with it off, and the gradient sums in canonical order ({@link
   * GradientSumOrder}), seeded CfC, LTC and GRU trainings repeat bit for bit across processes; with
   * either missing they differ after the first step.
   */
  static org.tensorflow.proto.ConfigProto reproducible(org.tensorflow.proto.ConfigProto c) {
    org.tensorflow.proto.RewriterConfig rewrites =
        org.tensorflow.proto.RewriterConfig.newBuilder()
            .setArithmeticOptimization(org.tensorflow.proto.RewriterConfig.Toggle.OFF)
            .build();
    return c.toBuilder()
        .setGraphOptions(c.getGraphOptions().toBuilder().setRewriteOptions(rewrites))
        .build();
  }

  /**
   * System property: TensorFlow threads of a training session. 1 (default): reproducible, one
   * thread; N &gt; 1: N intra-op and N inter-op threads; 0: TensorFlow's default pools. Anything
   * but 1 may be faster on many cores but is not bit-reproducible.
   */
  public static final String TRAINING_THREADS = "netdrift.training.threads";

  /** A model's and persistence's metrics on one split. */
  record SplitMetrics(ForecastMetrics model, ForecastMetrics persistence) {}

  /** RMSE / MAPE in Mbps of normalised forecasts {@code pred} and of persistence on {@code d}. */
  static SplitMetrics metrics(float[] pred, WindowDataset d) {
    int k = d.horizon;
    ForecastMetrics.Accumulator model = new ForecastMetrics.Accumulator(1e-3);
    ForecastMetrics.Accumulator persistence = new ForecastMetrics.Accumulator(1e-3);
    for (int i = 0; i < d.size; i++) {
      for (int j = 0; j < k; j++) {
        double actual = d.finalTarget(i, j) * d.scale[i];
        model.add(pred[i * k + j] * d.scale[i], actual);
        persistence.add(d.newestMbps[i], actual);
      }
    }
    return new SplitMetrics(model.result(), persistence.result());
  }

  private static double rmseOrInfinity(ForecastMetrics m) {
    return Double.isFinite(m.rmse()) ? m.rmse() : Double.POSITIVE_INFINITY;
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }

  /** Mean squared normalised error of the forecasts after the newest sample of each window. */
  static double finalMse(float[] pred, WindowDataset d) {
    double s = 0;
    int k = d.horizon;
    for (int i = 0; i < d.size; i++) {
      for (int j = 0; j < k; j++) {
        double e = pred[i * k + j] - d.finalTarget(i, j);
        s += e * e;
      }
    }
    return s / pred.length;
  }
}
