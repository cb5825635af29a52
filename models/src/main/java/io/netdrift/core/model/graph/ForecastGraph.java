package io.netdrift.core.model.graph;

import io.netdrift.core.model.ModelConfig;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Stack;
import org.tensorflow.op.core.Unstack;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Builds the forward pass of a forecaster as a TensorFlow graph (TF Java {@link Ops}). The same
 * code builds the training graph (long unroll with burn-in, weights as variables) and the serving
 * graph exported as a SavedModel, so both compute the same function.
 *
 * <p>Inputs: {@code x [B,S,F]} encoded history oldest first, {@code dt [B,S]} normalised gaps,
 * {@code hIn [B,H]} the state before the oldest sample. Outputs: {@code forecast [B,K]} normalised
 * loads for 1..K steps after the newest sample, predicted as a residual on the newest normalised
 * load (so an untrained model starts as persistence); {@code stateOut [B,H]}, the state after the
 * first {@code stateAdvance} samples; and, for training, {@code perStep [B,S-from,K]}: the forecast
 * after every step from {@code perStepFrom} on (each a residual on that step's load).
 *
 * <p>Serving runs recurrent cells in streaming form: {@code S = 1}, the state carries the history
 * (kept per link in Flink state), so one call costs one cell step whatever the history length.
 * Training unrolls {@code burnIn + window} steps from a zero state and scores the last {@code
 * window} steps.
 *
 * <p>Cells:
 *
 * <ul>
 *   <li>CfC (Hasani et al., "Closed-form continuous-time neural networks", Nature Machine
 *       Intelligence 2022, eq. 10, gated form as in the authors' {@code ncps} CfCCell): backbone
 *       {@code b = lecun_tanh(W_b [x;h] + b_b)}, heads {@code f1 = tanh(W_1 b)}, {@code f2 =
 *       tanh(W_2 b)}, time gate {@code σ = sigmoid(t_a(b)·Δt + t_b(b))}, {@code h' = f1 ⊙ (1-σ) + σ
 *       ⊙ f2}.
 *   <li>LTC (Hasani et al., "Liquid time-constant networks", AAAI 2021, eq. 1 and the fused solver
 *       eq. 3; synapse model of {@code ncps} LTCCell): {@code dx/dt = -[1/τ + f(x,I)] x + f(x,I)
 *       A}, integrated with {@code odeUnfolds} fused semi-implicit Euler steps of length {@code
 *       Δt/odeUnfolds}: {@code v ← (c_m/δ · v + g_l v_l + Σ a_ij E_ij) / (c_m/δ + g_l + Σ a_ij)},
 *       {@code a_ij = softplus(w_ij) sigmoid(σ_ij (v_i - μ_ij))}.
 *   <li>GRU (Cho et al. 2014), discrete-time: the gap enters as an input feature only.
 *   <li>MLP over the flattened window (the reference study's incrementally retrained baseline).
 * </ul>
 */
public final class ForecastGraph {
  private ForecastGraph() {}

  /** Supplies a weight tensor by its {@link io.netdrift.core.model.ModelArchitecture} name. */
  @FunctionalInterface
  public interface WeightSource {
    Operand<TFloat32> weight(String name);
  }

  /** Graph outputs; {@code stateOut} is null for the MLP. */
  public record Outputs(
      Operand<TFloat32> forecast, Operand<TFloat32> stateOut, Operand<TFloat32> perStep) {}

  /**
   * @param steps static unroll length S (the graph is unrolled in Java, one op chain per step)
   * @param stateAdvance number of samples after which {@code stateOut} is taken (1..S)
   */
  public static Outputs build(
      Ops tf,
      ModelConfig c,
      WeightSource w,
      Operand<TFloat32> x,
      Operand<TFloat32> dt,
      Operand<TFloat32> hIn,
      int steps,
      int stateAdvance) {
    return build(tf, c, w, x, dt, hIn, steps, stateAdvance, -1);
  }

  /**
   * @param perStepFrom first step (0-based) whose forecast goes into {@code perStep}; -1 for none
   *     (recurrent models only)
   */
  public static Outputs build(
      Ops tf,
      ModelConfig c,
      WeightSource w,
      Operand<TFloat32> x,
      Operand<TFloat32> dt,
      Operand<TFloat32> hIn,
      int steps,
      int stateAdvance,
      int perStepFrom) {
    List<Operand<TFloat32>> xs = unstack(tf, x, steps);
    Operand<TFloat32> newest = xs.get(steps - 1);
    // [B,1]: the newest normalised load, the residual base.
    Operand<TFloat32> last =
        tf.slice(newest, tf.constant(new int[] {0, 0}), tf.constant(new int[] {-1, 1}));
    Operand<TFloat32> features;
    Operand<TFloat32> stateOut = null;
    Operand<TFloat32> perStep = null;
    Operand<TFloat32> headW = w.weight("head_w");
    Operand<TFloat32> headB = w.weight("head_b");
    if (c.kind() == io.netdrift.core.model.ModelKind.MLP) {
      Operand<TFloat32> flat =
          tf.reshape(x, tf.constant(new long[] {-1, (long) steps * ModelConfig.FEATURES}));
      Operand<TFloat32> h1 = tf.math.tanh(dense(tf, flat, w.weight("mlp_w1"), w.weight("mlp_b1")));
      features = tf.math.tanh(dense(tf, h1, w.weight("mlp_w2"), w.weight("mlp_b2")));
    } else {
      List<Operand<TFloat32>> dts = unstack(tf, dt, steps);
      Cell cell = cell(tf, c, w);
      Operand<TFloat32> h = hIn;
      List<Operand<TFloat32>> perStepForecasts = new ArrayList<>();
      for (int s = 0; s < steps; s++) {
        Operand<TFloat32> dtCol = tf.expandDims(dts.get(s), tf.constant(1));
        h = cell.step(xs.get(s), h, dtCol);
        if (s + 1 == stateAdvance) {
          stateOut = h;
        }
        if (perStepFrom >= 0 && s >= perStepFrom) {
          Operand<TFloat32> load =
              tf.slice(xs.get(s), tf.constant(new int[] {0, 0}), tf.constant(new int[] {-1, 1}));
          perStepForecasts.add(tf.math.add(load, dense(tf, h, headW, headB)));
        }
      }
      if (!perStepForecasts.isEmpty()) {
        perStep = tf.stack(perStepForecasts, Stack.axis(1L));
      }
      features = h;
    }
    Operand<TFloat32> forecast = tf.math.add(last, dense(tf, features, headW, headB));
    return new Outputs(forecast, stateOut, perStep);
  }

  private static List<Operand<TFloat32>> unstack(Ops tf, Operand<TFloat32> t, int steps) {
    List<Operand<TFloat32>> out = new ArrayList<>(steps);
    for (Operand<TFloat32> o : tf.unstack(t, (long) steps, Unstack.axis(1L))) {
      out.add(o);
    }
    return out;
  }

  static Operand<TFloat32> dense(
      Ops tf, Operand<TFloat32> in, Operand<TFloat32> weight, Operand<TFloat32> bias) {
    return tf.math.add(tf.linalg.matMul(in, weight), bias);
  }

  private interface Cell {
    Operand<TFloat32> step(Operand<TFloat32> x, Operand<TFloat32> h, Operand<TFloat32> dt);
  }

  private static Cell cell(Ops tf, ModelConfig c, WeightSource w) {
    switch (c.kind()) {
      case CFC:
        return cfc(tf, w);
      case LTC:
        return ltc(tf, c, w);
      case GRU:
        return gru(tf, w);
      default:
        throw new IllegalArgumentException("not a recurrent model: " + c.kind());
    }
  }

  private static Cell cfc(Ops tf, WeightSource w) {
    Operand<TFloat32> bbW = w.weight("bb_w");
    Operand<TFloat32> bbB = w.weight("bb_b");
    Operand<TInt32> axis1 = tf.constant(1);
    // The four heads (f1, f2, t_a, t_b) read the same backbone: one fused matmul, then a split.
    Operand<TFloat32> headsW =
        tf.concat(
            List.of(w.weight("ff1_w"), w.weight("ff2_w"), w.weight("ta_w"), w.weight("tb_w")),
            axis1);
    Operand<TFloat32> headsB =
        tf.concat(
            List.of(w.weight("ff1_b"), w.weight("ff2_b"), w.weight("ta_b"), w.weight("tb_b")),
            tf.constant(0));
    Operand<TFloat32> lecunA = tf.constant(1.7159f);
    Operand<TFloat32> lecunB = tf.constant(0.666f);
    Operand<TFloat32> one = tf.constant(1f);
    return (x, h, dt) -> {
      Operand<TFloat32> z = tf.concat(List.of(x, h), axis1);
      Operand<TFloat32> bb =
          tf.math.mul(lecunA, tf.math.tanh(tf.math.mul(lecunB, dense(tf, z, bbW, bbB))));
      List<Operand<TFloat32>> heads = new ArrayList<>(4);
      for (Operand<TFloat32> o : tf.split(axis1, dense(tf, bb, headsW, headsB), 4L)) {
        heads.add(o);
      }
      Operand<TFloat32> ff1 = tf.math.tanh(heads.get(0));
      Operand<TFloat32> ff2 = tf.math.tanh(heads.get(1));
      Operand<TFloat32> gate =
          tf.math.sigmoid(tf.math.add(tf.math.mul(heads.get(2), dt), heads.get(3)));
      return tf.math.add(tf.math.mul(ff1, tf.math.sub(one, gate)), tf.math.mul(gate, ff2));
    };
  }

  private static Cell ltc(Ops tf, ModelConfig c, WeightSource w) {
    Operand<TFloat32> inW = w.weight("in_w");
    Operand<TFloat32> inB = w.weight("in_b");
    Operand<TFloat32> sW = tf.math.softplus(w.weight("s_w"));
    Operand<TFloat32> sMu = w.weight("s_mu");
    Operand<TFloat32> sSigma = w.weight("s_sigma");
    Operand<TFloat32> sErev = w.weight("s_erev");
    Operand<TFloat32> rW = tf.math.softplus(w.weight("w"));
    Operand<TFloat32> rMu = w.weight("mu");
    Operand<TFloat32> rSigma = w.weight("sigma");
    Operand<TFloat32> rErev = w.weight("erev");
    Operand<TFloat32> gleak = tf.math.softplus(w.weight("gleak"));
    Operand<TFloat32> gleakVleak = tf.math.mul(gleak, w.weight("vleak"));
    Operand<TFloat32> cm =
        tf.math.mul(tf.math.softplus(w.weight("cm")), tf.constant((float) c.odeUnfolds()));
    Operand<TFloat32> minDt = tf.constant(1e-4f);
    Operand<TFloat32> eps = tf.constant(1e-8f);
    Operand<TInt32> axis1 = tf.constant(1);
    Operand<TInt32> axis2 = tf.constant(2);
    int unfolds = c.odeUnfolds();
    return (x, h, dt) -> {
      Operand<TFloat32> xin = tf.math.add(tf.math.mul(x, inW), inB);
      // Sensory synapses do not depend on v: computed once per sample.
      Operand<TFloat32> sAct =
          tf.math.mul(
              sW,
              tf.math.sigmoid(tf.math.mul(sSigma, tf.math.sub(tf.expandDims(xin, axis2), sMu))));
      Operand<TFloat32> sNum = tf.reduceSum(tf.math.mul(sAct, sErev), axis1);
      Operand<TFloat32> sDen = tf.reduceSum(sAct, axis1);
      // c_m / δ with δ = Δt / unfolds; a zero gap (padding) freezes the state.
      Operand<TFloat32> cmT = tf.math.div(cm, tf.math.maximum(dt, minDt));
      Operand<TFloat32> constNum = tf.math.add(gleakVleak, sNum);
      Operand<TFloat32> constDen = tf.math.add(tf.math.add(cmT, gleak), sDen);
      Operand<TFloat32> v = h;
      for (int k = 0; k < unfolds; k++) {
        Operand<TFloat32> act =
            tf.math.mul(
                rW,
                tf.math.sigmoid(tf.math.mul(rSigma, tf.math.sub(tf.expandDims(v, axis2), rMu))));
        Operand<TFloat32> num =
            tf.math.add(
                tf.math.add(tf.math.mul(cmT, v), constNum),
                tf.reduceSum(tf.math.mul(act, rErev), axis1));
        Operand<TFloat32> den = tf.math.add(constDen, tf.reduceSum(act, axis1));
        v = tf.math.div(num, tf.math.add(den, eps));
      }
      return v;
    };
  }

  private static Cell gru(Ops tf, WeightSource w) {
    Operand<TFloat32> wz = w.weight("gru_wz");
    Operand<TFloat32> wr = w.weight("gru_wr");
    Operand<TFloat32> wn = w.weight("gru_wn");
    Operand<TFloat32> uz = w.weight("gru_uz");
    Operand<TFloat32> ur = w.weight("gru_ur");
    Operand<TFloat32> un = w.weight("gru_un");
    Operand<TFloat32> bz = w.weight("gru_bz");
    Operand<TFloat32> br = w.weight("gru_br");
    Operand<TFloat32> bn = w.weight("gru_bn");
    Operand<TFloat32> one = tf.constant(1f);
    return (x, h, dt) -> {
      Operand<TFloat32> z =
          tf.math.sigmoid(tf.math.add(dense(tf, x, wz, bz), tf.linalg.matMul(h, uz)));
      Operand<TFloat32> r =
          tf.math.sigmoid(tf.math.add(dense(tf, x, wr, br), tf.linalg.matMul(h, ur)));
      Operand<TFloat32> n =
          tf.math.tanh(tf.math.add(dense(tf, x, wn, bn), tf.linalg.matMul(tf.math.mul(r, h), un)));
      return tf.math.add(tf.math.mul(tf.math.sub(one, z), n), tf.math.mul(z, h));
    };
  }
}
