package io.netdrift.core.model.training;

import io.netdrift.core.model.ModelConfig;
import io.netdrift.core.model.ModelWeights;
import io.netdrift.core.model.graph.AdaBelief;
import io.netdrift.core.model.graph.ForecastGraph;
import io.netdrift.core.model.graph.TfSupport;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
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
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/**
 * A model's training graph and session, built once and reused: {@link #step} runs one optimizer
 * step on a mini-batch, {@link #predict} forecasts a dataset with the current weights, {@link
 * #weights} reads them and {@link #load} sets them. Weights are variables; the loss is the mean
 * squared normalised error over the scored steps of each window (for recurrent models the forecast
 * after every step of the window, after a burn-in unrolled from a zero state).
 */
public final class TrainingGraph implements AutoCloseable {
  private static final int EVAL_CHUNK = 4096;

  /** Name prefix of the nodes TF Java's optimizers create for the gradients. */
  static final String GRADIENT_SCOPE = "gradients/";

  private final ModelConfig config;
  private final ModelWeights shapes;
  private final Graph graph;
  private final Session session;
  private final Map<String, Variable<TFloat32>> vars;
  private final Map<String, Placeholder<TFloat32>> loadValues = new LinkedHashMap<>();
  private final Map<String, Op> loadOps = new LinkedHashMap<>();
  private final Placeholder<TFloat32> x;
  private final Placeholder<TFloat32> dt;
  private final Placeholder<TFloat32> y;
  private final Placeholder<TFloat32> h0;
  private final Operand<TFloat32> forecast;
  private final Operand<TFloat32> loss;
  private final Op minimize;
  private float[] zeros = new float[0];

  /**
   * @param init initial values of the weights
   * @param session session config ({@link TfSupport#sessionConfig})
   */
  public TrainingGraph(
      ModelConfig c, String optimizer, float learningRate, ModelWeights init, ConfigProto session) {
    this.config = c;
    this.shapes = init;
    int steps = c.trainingSteps();
    int scored = c.scoredSteps();
    graph = new Graph();
    try {
      Ops tf = Ops.create(graph);
      vars = TfSupport.variables(tf, init);
      for (Map.Entry<String, Variable<TFloat32>> e : vars.entrySet()) {
        Placeholder<TFloat32> value =
            tf.placeholder(
                TFloat32.class, Placeholder.shape(Shape.of(init.get(e.getKey()).shape())));
        loadValues.put(e.getKey(), value);
        loadOps.put(e.getKey(), tf.assign(e.getValue(), value));
      }
      x =
          tf.placeholder(
              TFloat32.class, Placeholder.shape(Shape.of(-1, steps, ModelConfig.FEATURES)));
      dt = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, steps)));
      y = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, scored, c.horizon())));
      h0 =
          c.kind().recurrent()
              ? tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, c.hiddenUnits())))
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
      forecast = out.forecast();
      Operand<TFloat32> scoredForecast =
          out.perStep() != null ? out.perStep() : tf.expandDims(out.forecast(), tf.constant(1));
      loss =
          tf.math.mean(
              tf.math.square(tf.math.sub(scoredForecast, y)), tf.constant(new int[] {0, 1, 2}));
      Optimizer opt =
          optimizer.equals("adabelief")
              ? new AdaBelief(graph, learningRate)
              : new Adam(graph, learningRate);
      minimize = gatedMinimize(tf, opt, loss);
      GradientSumOrder.canonicalise(graph, GRADIENT_SCOPE);
      this.session = new Session(graph, session);
      this.session.initialize();
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
  }

  /**
   * {@code optimizer.minimize(loss)} with every update waiting for all gradients (TF1's {@code
   * GATE_GRAPH}). The weights are reference variables, read in place: without the gate, the update
   * of one weight may run while a gradient of another still reads it, so a step would see a mix of
   * old and new values depending on thread scheduling, and a seeded run would not repeat.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Op gatedMinimize(Ops tf, Optimizer opt, Operand<TFloat32> loss) {
    java.util.List<Optimizer.GradAndVar<?>> gradients = opt.computeGradients(loss);
    java.util.List<Op> computed = new java.util.ArrayList<>();
    java.util.List<org.tensorflow.op.core.Identity<?>> ids = new java.util.ArrayList<>();
    for (Optimizer.GradAndVar<?> gv : gradients) {
      org.tensorflow.op.core.Identity<?> id = tf.identity((Operand) gv.getGradient());
      ids.add(id);
      computed.add(id);
    }
    Ops gated = tf.withControlDependencies(computed);
    java.util.List<Optimizer.GradAndVar<? extends org.tensorflow.types.family.TType>> apply =
        new java.util.ArrayList<>();
    for (int i = 0; i < gradients.size(); i++) {
      apply.add(
          new Optimizer.GradAndVar(
              gated.identity((Operand) ids.get(i)).asOutput(), gradients.get(i).getVariable()));
    }
    return opt.applyGradients(apply, "train");
  }

  /**
   * One optimizer step on rows {@code 0..n-1} of {@code x [n,S,F]}, {@code dt [n,S]}, {@code y
   * [n,Q,K]}.
   *
   * @return the batch loss before the step
   */
  public double step(float[] bx, float[] bdt, float[] by, int n) {
    int steps = config.trainingSteps();
    try (TFloat32 tx = TfSupport.tensor(bx, n, steps, ModelConfig.FEATURES);
        TFloat32 tdt = TfSupport.tensor(bdt, n, steps);
        TFloat32 ty = TfSupport.tensor(by, n, config.scoredSteps(), config.horizon());
        TFloat32 th = h0 == null ? null : zeroState(n)) {
      Session.Runner runner =
          session.runner().feed(x, tx).feed(dt, tdt).feed(y, ty).addTarget(minimize);
      if (h0 != null) {
        runner.feed(h0, th);
      }
      try (Result res = runner.fetch(loss).run()) {
        return ((TFloat32) res.get(0)).getFloat();
      }
    }
  }

  /**
   * Normalised forecasts {@code [size, K]} after the newest sample of every window of {@code d}.
   */
  public float[] predict(WindowDataset d) {
    int f = ModelConfig.FEATURES;
    int s = d.steps;
    int k = config.horizon();
    float[] pred = new float[d.size * k];
    for (int off = 0; off < d.size; off += EVAL_CHUNK) {
      int n = Math.min(EVAL_CHUNK, d.size - off);
      float[] cx = Arrays.copyOfRange(d.x, off * s * f, (off + n) * s * f);
      float[] cdt = Arrays.copyOfRange(d.dt, off * s, (off + n) * s);
      try (TFloat32 tx = TfSupport.tensor(cx, n, s, f);
          TFloat32 tdt = TfSupport.tensor(cdt, n, s);
          TFloat32 th = h0 == null ? null : zeroState(n)) {
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

  /** The current weights (a copy). */
  public ModelWeights weights() {
    return TfSupport.fetch(session, vars, shapes);
  }

  /**
   * Starts over from {@code w}: every variable, optimizer state included, is initialised again and
   * the weights are set, so a reused graph trains exactly as a new one would (the adaptive lanes
   * retrain many times with the same graph: building it costs seconds, a step milliseconds).
   */
  public void reset(ModelWeights w) {
    session.initialize();
    load(w);
  }

  public ModelConfig config() {
    return config;
  }

  /** Sets the weights (optimizer state, e.g. Adam's moments, is kept). */
  public void load(ModelWeights w) {
    Session.Runner runner = session.runner();
    java.util.List<TFloat32> tensors = new java.util.ArrayList<>();
    try {
      for (Map.Entry<String, Placeholder<TFloat32>> e : loadValues.entrySet()) {
        ModelWeights.Tensor t = w.get(e.getKey());
        TFloat32 tensor = TfSupport.tensor(t.data(), t.shape());
        tensors.add(tensor);
        runner.feed(e.getValue(), tensor).addTarget(loadOps.get(e.getKey()));
      }
      runner.run().close();
    } finally {
      tensors.forEach(TFloat32::close);
    }
  }

  private TFloat32 zeroState(int n) {
    int len = n * config.hiddenUnits();
    if (zeros.length < len) {
      zeros = new float[len];
    }
    return TfSupport.tensor(zeros, n, config.hiddenUnits());
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
