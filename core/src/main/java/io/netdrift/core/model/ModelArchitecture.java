package io.netdrift.core.model;

import java.util.SplittableRandom;

/**
 * Weight names, shapes and initial values of every model family. The TensorFlow graph ({@code
 * graph.ForecastGraph}) and the plain-Java reference ({@code reference.ReferenceForecaster}) read
 * the same names, so they compute the same function.
 *
 * <p>Shapes ({@code F} features, {@code H} hidden, {@code U} backbone, {@code W} window, {@code K}
 * horizon):
 *
 * <ul>
 *   <li>CfC: {@code bb_w [F+H,U]}, {@code bb_b [U]}; {@code ff1_w, ff2_w, ta_w, tb_w [U,H]} and
 *       their biases {@code [H]}.
 *   <li>LTC: {@code in_w, in_b [F]}; sensory synapses {@code s_w, s_mu, s_sigma, s_erev [F,H]};
 *       recurrent synapses {@code w, mu, sigma, erev [H,H]}; {@code gleak, vleak, cm [H]}.
 *   <li>GRU: {@code gru_wz, gru_wr, gru_wn [F,H]}, {@code gru_uz, gru_ur, gru_un [H,H]}, biases
 *       {@code gru_bz, gru_br, gru_bn [H]}.
 *   <li>MLP: {@code mlp_w1 [W*F,H]}, {@code mlp_b1 [H]}, {@code mlp_w2 [H,H]}, {@code mlp_b2 [H]}.
 *   <li>All: readout {@code head_w [H,K]}, {@code head_b [K]}.
 * </ul>
 */
public final class ModelArchitecture {
  private ModelArchitecture() {}

  /** Deterministic initial weights (Glorot-uniform dense layers, ncps-style LTC ranges). */
  public static ModelWeights initialWeights(ModelConfig c, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int f = ModelConfig.FEATURES;
    int h = c.hiddenUnits();
    int u = c.backboneUnits();
    ModelWeights w = new ModelWeights();
    switch (c.kind()) {
      case CFC -> {
        glorot(w, "bb_w", f + h, u, rnd);
        constant(w, "bb_b", u, 0f);
        for (String name : new String[] {"ff1", "ff2", "ta", "tb"}) {
          glorot(w, name + "_w", u, h, rnd);
          constant(w, name + "_b", h, 0f);
        }
      }
      case LTC -> {
        constant(w, "in_w", f, 1f);
        constant(w, "in_b", f, 0f);
        uniform(w, "s_w", f, h, 0.001f, 1f, rnd);
        uniform(w, "s_mu", f, h, 0.3f, 0.8f, rnd);
        uniform(w, "s_sigma", f, h, 3f, 8f, rnd);
        sign(w, "s_erev", f, h, rnd);
        uniform(w, "w", h, h, 0.001f, 1f, rnd);
        uniform(w, "mu", h, h, 0.3f, 0.8f, rnd);
        uniform(w, "sigma", h, h, 3f, 8f, rnd);
        sign(w, "erev", h, h, rnd);
        uniformVector(w, "gleak", h, 0.001f, 1f, rnd);
        uniformVector(w, "vleak", h, -0.2f, 0.2f, rnd);
        uniformVector(w, "cm", h, 0.4f, 0.6f, rnd);
      }
      case GRU -> {
        for (String g : new String[] {"z", "r", "n"}) {
          glorot(w, "gru_w" + g, f, h, rnd);
          glorot(w, "gru_u" + g, h, h, rnd);
          constant(w, "gru_b" + g, h, 0f);
        }
      }
      case MLP -> {
        glorot(w, "mlp_w1", c.window() * f, h, rnd);
        constant(w, "mlp_b1", h, 0f);
        glorot(w, "mlp_w2", h, h, rnd);
        constant(w, "mlp_b2", h, 0f);
      }
      default -> throw new IllegalStateException(c.kind().toString());
    }
    // A small readout: the model starts close to persistence (the residual is added to the newest
    // normalised load), which keeps early training stable.
    float[] head = new float[h * c.horizon()];
    for (int i = 0; i < head.length; i++) {
      head[i] = (float) ((rnd.nextDouble() * 2 - 1) * 0.01);
    }
    w.put("head_w", new long[] {h, c.horizon()}, head);
    constant(w, "head_b", c.horizon(), 0f);
    return w;
  }

  private static void glorot(ModelWeights w, String name, int in, int out, SplittableRandom r) {
    double limit = Math.sqrt(6.0 / (in + out));
    float[] d = new float[in * out];
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) ((r.nextDouble() * 2 - 1) * limit);
    }
    w.put(name, new long[] {in, out}, d);
  }

  private static void uniform(
      ModelWeights w, String name, int rows, int cols, float lo, float hi, SplittableRandom r) {
    float[] d = new float[rows * cols];
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) (lo + r.nextDouble() * (hi - lo));
    }
    w.put(name, new long[] {rows, cols}, d);
  }

  private static void uniformVector(
      ModelWeights w, String name, int n, float lo, float hi, SplittableRandom r) {
    float[] d = new float[n];
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) (lo + r.nextDouble() * (hi - lo));
    }
    w.put(name, new long[] {n}, d);
  }

  private static void sign(ModelWeights w, String name, int rows, int cols, SplittableRandom r) {
    float[] d = new float[rows * cols];
    for (int i = 0; i < d.length; i++) {
      d[i] = r.nextBoolean() ? 1f : -1f;
    }
    w.put(name, new long[] {rows, cols}, d);
  }

  private static void constant(ModelWeights w, String name, int n, float v) {
    float[] d = new float[n];
    java.util.Arrays.fill(d, v);
    w.put(name, new long[] {n}, d);
  }
}
