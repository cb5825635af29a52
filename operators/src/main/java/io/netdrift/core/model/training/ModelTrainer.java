package io.netdrift.core.model.training;

import io.netdrift.core.model.ForecastMetrics;
import io.netdrift.core.model.ModelArchitecture;
import io.netdrift.core.model.ModelConfig;
import io.netdrift.core.model.ModelRegistry;
import io.netdrift.core.model.ModelWeights;
import io.netdrift.core.model.graph.AdaBelief;
import io.netdrift.core.model.graph.ForecastGraph;
import io.netdrift.core.model.graph.TfSupport;
import io.netdrift.core.model.runtime.DeviceSelection;
import io.netdrift.core.model.runtime.DeviceSelection.ResolvedDevice;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.framework.optimizers.Adam;
import org.tensorflow.framework.optimizers.Optimizer;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Trains a forecaster in the JVM on TensorFlow graphs (TF Java gradients and optimizers): Adam or
 * AdaBelief, shuffled mini-batches, early stopping on a time-ordered validation split (the tail of
 * every link's series), best weights kept. One global model is trained on all links, each
 * normalised by its own scale.
 *
 * <p>Recurrent models unroll {@code burnIn + window} steps from a zero state, so the state at the
 * start of the window has seen history, as the state carried between serving calls has.
 */
public final class ModelTrainer {
  private static final Logger LOG = LoggerFactory.getLogger(ModelTrainer.class);
  private static final int EVAL_CHUNK = 4096;

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
    if (links.isEmpty()) {
      throw new IllegalArgumentException("no link series to train on");
    }
    ResolvedDevice resolved = ModelRegistry.resolveDevice(device);
    int steps = c.trainingSteps();
    int scored = c.scoredSteps();
    Map<String, Integer> split = new LinkedHashMap<>();
    Map<String, Float> scales = new LinkedHashMap<>();
    Map<String, Float> augmentation = new LinkedHashMap<>();
    long from = Long.MAX_VALUE;
    long to = Long.MIN_VALUE;
    long valTo = Long.MIN_VALUE;
    for (LinkSeries s : links) {
      int sp = (int) Math.floor(s.size() * (1 - t.validationFraction()));
      split.put(s.linkId(), sp);
      float max = 0;
      for (int i = 0; i < sp; i++) {
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
      if (s.size() > 0) {
        from = Math.min(from, s.timestampMs()[0]);
        to = Math.max(to, s.timestampMs()[Math.max(0, sp - 1)]);
        valTo = Math.max(valTo, s.timestampMs()[s.size() - 1]);
      }
    }
    SplittableRandom rnd = new SplittableRandom(t.seed());
    WindowDataset train =
        WindowDataset.build(
            links,
            split,
            scales,
            steps,
            scored,
            c.horizon(),
            c.stepSeconds(),
            false,
            augmentation,
            rnd.split());
    WindowDataset val =
        WindowDataset.build(
            links,
            split,
            scales,
            steps,
            scored,
            c.horizon(),
            c.stepSeconds(),
            true,
            augmentation,
            rnd.split());
    if (train.size == 0 || val.size == 0) {
      throw new IllegalArgumentException(
          "series too short: "
              + train.size
              + " training and "
              + val.size
              + " validation windows; each link needs well over "
              + (int) Math.ceil((steps + c.horizon()) / t.validationFraction())
              + " samples for window "
              + c.window()
              + (steps > c.window() ? " + burn-in " + (steps - c.window()) : "")
              + " and validation fraction "
              + t.validationFraction());
    }
    LOG.info(
        "training {} on {} links: {} training / {} validation windows of {} steps, {} on {}",
        c.kind().id(),
        links.size(),
        train.size,
        val.size,
        steps,
        t.optimizer(),
        resolved.description());

    ModelWeights init = ModelArchitecture.initialWeights(c, t.seed());
    int f = ModelConfig.FEATURES;
    int h = c.hiddenUnits();
    int k = c.horizon();
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Map<String, Variable<TFloat32>> vars = TfSupport.variables(tf, init);
      Placeholder<TFloat32> x =
          tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, steps, f)));
      Placeholder<TFloat32> dt =
          tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, steps)));
      Placeholder<TFloat32> y =
          tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, scored, k)));
      Placeholder<TFloat32> h0 =
          c.kind().recurrent()
              ? tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, h)))
              : null;
      ForecastGraph.Outputs out =
          ForecastGraph.build(
              tf,
              c,
              vars::get,
              x,
              dt,
              h0,
              steps,
              steps,
              c.kind().recurrent() ? steps - scored : -1);
      Operand<TFloat32> scoredForecast =
          out.perStep() != null ? out.perStep() : tf.expandDims(out.forecast(), tf.constant(1));
      Operand<TFloat32> loss =
          tf.math.mean(
              tf.math.square(tf.math.sub(scoredForecast, y)), tf.constant(new int[] {0, 1, 2}));
      Optimizer optimizer =
          t.optimizer().equals("adabelief")
              ? new AdaBelief(g, t.learningRate())
              : new Adam(g, t.learningRate());
      Op minimize = optimizer.minimize(loss);
      try (Session session = new Session(g, TfSupport.sessionConfig(resolved))) {
        session.initialize();
        int batch = Math.min(t.batchSize(), train.size);
        float[] bx = new float[batch * steps * f];
        float[] bdt = new float[batch * steps];
        float[] by = new float[batch * scored * k];
        float[] zeros = new float[Math.max(EVAL_CHUNK, batch) * h];
        int[] order = new int[train.size];
        for (int i = 0; i < order.length; i++) {
          order[i] = i;
        }
        SplittableRandom shuffle = rnd.split();
        double best = Double.POSITIVE_INFINITY;
        ModelWeights bestWeights = init;
        float[] bestPred = null;
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
            try (TFloat32 tx = TfSupport.tensor(bx, n, steps, f);
                TFloat32 tdt = TfSupport.tensor(bdt, n, steps);
                TFloat32 ty = TfSupport.tensor(by, n, scored, k);
                TFloat32 th = h0 == null ? null : TfSupport.tensor(zeros, n, h)) {
              Session.Runner runner =
                  session.runner().feed(x, tx).feed(dt, tdt).feed(y, ty).addTarget(minimize);
              if (h0 != null) {
                runner.feed(h0, th);
              }
              try (Result res = runner.fetch(loss).run()) {
                sum += ((TFloat32) res.get(0)).getFloat();
              }
            }
          }
          trainNanos += System.nanoTime() - start;
          totalSteps += batches;
          double epochLoss = sum / batches;
          if (epoch == 1) {
            firstLoss = epochLoss;
          }
          lastLoss = epochLoss;
          float[] pred = predict(session, x, dt, h0, out.forecast(), val, zeros, h, k);
          double valLoss = finalMse(pred, val);
          LOG.info(
              "epoch {}: train mse {} validation mse {}",
              epoch,
              String.format("%.6f", epochLoss),
              String.format("%.6f", valLoss));
          if (valLoss < best - 1e-9) {
            best = valLoss;
            bestPred = pred;
            bestWeights = TfSupport.fetch(session, vars, init);
            sinceBest = 0;
          } else if (++sinceBest >= t.patience()) {
            LOG.info("early stop after epoch {} (best validation mse {})", epoch, best);
            break;
          }
        }
        ForecastMetrics.Accumulator model = new ForecastMetrics.Accumulator(1e-3);
        ForecastMetrics.Accumulator persistence = new ForecastMetrics.Accumulator(1e-3);
        for (int i = 0; i < val.size; i++) {
          for (int j = 0; j < k; j++) {
            double actual = val.finalTarget(i, j) * val.scale[i];
            model.add(bestPred[i * k + j] * val.scale[i], actual);
            persistence.add(val.newestMbps[i], actual);
          }
        }
        double stepsPerSecond = totalSteps / (trainNanos / 1e9);
        ForecastMetrics mm = model.result();
        ForecastMetrics pm = persistence.result();
        LOG.info(
            "{}: validation rmse {} mape {}% | persistence rmse {} mape {}% | {} steps/s",
            c.kind().id(),
            mm.rmse(),
            mm.mape(),
            pm.rmse(),
            pm.mape(),
            String.format("%.1f", stepsPerSecond));
        return new TrainingResult(
            c,
            t,
            bestWeights,
            mm,
            pm,
            totalSteps,
            stepsPerSecond,
            epoch,
            firstLoss,
            lastLoss,
            best,
            scales,
            Instant.ofEpochMilli(from),
            Instant.ofEpochMilli(to),
            Instant.ofEpochMilli(valTo));
      }
    }
  }

  private static float[] predict(
      Session session,
      Placeholder<TFloat32> x,
      Placeholder<TFloat32> dt,
      Placeholder<TFloat32> h0,
      Operand<TFloat32> forecast,
      WindowDataset d,
      float[] zeros,
      int h,
      int k) {
    int f = ModelConfig.FEATURES;
    int s = d.steps;
    float[] pred = new float[d.size * k];
    for (int off = 0; off < d.size; off += EVAL_CHUNK) {
      int n = Math.min(EVAL_CHUNK, d.size - off);
      float[] cx = java.util.Arrays.copyOfRange(d.x, off * s * f, (off + n) * s * f);
      float[] cdt = java.util.Arrays.copyOfRange(d.dt, off * s, (off + n) * s);
      try (TFloat32 tx = TfSupport.tensor(cx, n, s, f);
          TFloat32 tdt = TfSupport.tensor(cdt, n, s);
          TFloat32 th = h0 == null ? null : TfSupport.tensor(zeros, n, h)) {
        Session.Runner runner = session.runner().feed(x, tx).feed(dt, tdt);
        if (h0 != null) {
          runner.feed(h0, th);
        }
        try (Result res = runner.fetch(forecast).run()) {
          float[] chunk = new float[n * k];
          TfSupport.read(res.get(0), chunk);
          System.arraycopy(chunk, 0, pred, off * k, n * k);
        }
      }
    }
    return pred;
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
