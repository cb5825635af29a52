package io.netdrift.core.model.reference;

import io.netdrift.core.forecast.BatchForecaster;
import io.netdrift.core.forecast.ForecastBatch;
import io.netdrift.core.model.FeatureEncoder;
import io.netdrift.core.model.ModelConfig;
import io.netdrift.core.model.ModelKind;
import io.netdrift.core.model.ModelWeights;

/**
 * The same forecasters in plain Java, row by row, straight from the paper equations (see {@code
 * graph.ForecastGraph} for the references). It checks the TensorFlow graphs in tests and is the
 * baseline of the serving benchmark; it needs no natives.
 */
public final class ReferenceForecaster implements BatchForecaster {
  private final ModelConfig c;
  private final ModelWeights w;
  private final long version;
  private float[] x = new float[0];
  private float[] dt = new float[0];

  public ReferenceForecaster(ModelConfig config, ModelWeights weights, long version) {
    this.c = config;
    this.w = weights;
    this.version = version;
  }

  @Override
  public String modelId() {
    return c.kind().id() + "-reference";
  }

  @Override
  public long modelVersion() {
    return version;
  }

  @Override
  public int window() {
    return c.servingWindow();
  }

  @Override
  public int warmUpSamples() {
    return c.warmUpSamples();
  }

  @Override
  public int stateSize() {
    return c.stateSize();
  }

  @Override
  public void forecast(ForecastBatch batch) {
    int wnd = c.servingWindow();
    int f = ModelConfig.FEATURES;
    if (x.length < batch.capacityRows * wnd * f) {
      x = new float[batch.capacityRows * wnd * f];
      dt = new float[batch.capacityRows * wnd];
    }
    FeatureEncoder.encode(batch, c.stepSeconds(), x, dt);
    int h = c.stateSize();
    float[] state = new float[Math.max(h, 1)];
    float[] out = new float[c.horizon()];
    for (int r = 0; r < batch.rows; r++) {
      float[] stateOut = h > 0 ? new float[h] : null;
      if (h > 0) {
        System.arraycopy(batch.stateIn, r * h, state, 0, h);
      }
      run(x, r * wnd * f, dt, r * wnd, wnd, state, stateOut, out);
      for (int j = 0; j < batch.horizon; j++) {
        batch.forecastMbps[r * batch.horizon + j] = out[j] * batch.scaleMbps[r];
      }
      if (h > 0) {
        System.arraycopy(stateOut, 0, batch.stateOut, r * h, h);
      }
    }
  }

  /**
   * One row: unrolls {@code steps} samples from {@code state} (updated in place to the final
   * state), writes the state after the first sample to {@code stateAfterFirst} and the normalised
   * forecast to {@code out}.
   */
  public void run(
      float[] x,
      int xOff,
      float[] dt,
      int dtOff,
      int steps,
      float[] state,
      float[] stateAfterFirst,
      float[] out) {
    int f = ModelConfig.FEATURES;
    float[] features;
    if (c.kind() == ModelKind.MLP) {
      float[] flat = new float[steps * f];
      System.arraycopy(x, xOff, flat, 0, steps * f);
      float[] h1 = tanh(dense(flat, "mlp_w1", "mlp_b1"));
      features = tanh(dense(h1, "mlp_w2", "mlp_b2"));
    } else {
      float[] xt = new float[f];
      for (int s = 0; s < steps; s++) {
        System.arraycopy(x, xOff + s * f, xt, 0, f);
        float[] next =
            switch (c.kind()) {
              case CFC -> cfcStep(xt, state, dt[dtOff + s]);
              case LTC -> ltcStep(xt, state, dt[dtOff + s]);
              case GRU -> gruStep(xt, state);
              default -> throw new IllegalStateException();
            };
        System.arraycopy(next, 0, state, 0, next.length);
        if (s == 0 && stateAfterFirst != null) {
          System.arraycopy(next, 0, stateAfterFirst, 0, next.length);
        }
      }
      features = state;
    }
    float last = x[xOff + (steps - 1) * f];
    float[] y = dense(features, "head_w", "head_b");
    for (int j = 0; j < y.length; j++) {
      out[j] = last + y[j];
    }
  }

  /** CfC, Hasani et al. 2022 eq. 10 (gated form). */
  public float[] cfcStep(float[] xt, float[] h, float dtNorm) {
    float[] z = concat(xt, h);
    float[] bb = dense(z, "bb_w", "bb_b");
    for (int i = 0; i < bb.length; i++) {
      bb[i] = (float) (1.7159 * Math.tanh(0.666 * bb[i]));
    }
    float[] ff1 = tanh(dense(bb, "ff1_w", "ff1_b"));
    float[] ff2 = tanh(dense(bb, "ff2_w", "ff2_b"));
    float[] ta = dense(bb, "ta_w", "ta_b");
    float[] tb = dense(bb, "tb_w", "tb_b");
    float[] next = new float[h.length];
    for (int i = 0; i < next.length; i++) {
      float gate = sigmoid(ta[i] * dtNorm + tb[i]);
      next[i] = ff1[i] * (1 - gate) + gate * ff2[i];
    }
    return next;
  }

  /** LTC, Hasani et al. 2021 eq. 1 with the fused solver eq. 3, {@code odeUnfolds} sub-steps. */
  public float[] ltcStep(float[] xt, float[] h, float dtNorm) {
    int f = xt.length;
    int n = h.length;
    float[] inW = w.values("in_w");
    float[] inB = w.values("in_b");
    float[] sW = w.values("s_w");
    float[] sMu = w.values("s_mu");
    float[] sSigma = w.values("s_sigma");
    float[] sErev = w.values("s_erev");
    float[] rW = w.values("w");
    float[] rMu = w.values("mu");
    float[] rSigma = w.values("sigma");
    float[] rErev = w.values("erev");
    float[] gleak = w.values("gleak");
    float[] vleak = w.values("vleak");
    float[] cm = w.values("cm");
    float[] sNum = new float[n];
    float[] sDen = new float[n];
    for (int i = 0; i < f; i++) {
      float xin = xt[i] * inW[i] + inB[i];
      for (int j = 0; j < n; j++) {
        int ij = i * n + j;
        float a = softplus(sW[ij]) * sigmoid(sSigma[ij] * (xin - sMu[ij]));
        sNum[j] += a * sErev[ij];
        sDen[j] += a;
      }
    }
    float delta = Math.max(dtNorm, 1e-4f);
    float[] v = h.clone();
    for (int k = 0; k < c.odeUnfolds(); k++) {
      float[] num = new float[n];
      float[] den = new float[n];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          int ij = i * n + j;
          float a = softplus(rW[ij]) * sigmoid(rSigma[ij] * (v[i] - rMu[ij]));
          num[j] += a * rErev[ij];
          den[j] += a;
        }
      }
      float[] next = new float[n];
      for (int j = 0; j < n; j++) {
        float cmT = softplus(cm[j]) * c.odeUnfolds() / delta;
        float gl = softplus(gleak[j]);
        float numerator = cmT * v[j] + gl * vleak[j] + sNum[j] + num[j];
        float denominator = cmT + gl + sDen[j] + den[j];
        next[j] = numerator / (denominator + 1e-8f);
      }
      v = next;
    }
    return v;
  }

  /** GRU, Cho et al. 2014 (reset gate applied before the recurrent matrix). */
  public float[] gruStep(float[] xt, float[] h) {
    float[] z = add(dense(xt, "gru_wz", "gru_bz"), matVec(h, "gru_uz"));
    float[] r = add(dense(xt, "gru_wr", "gru_br"), matVec(h, "gru_ur"));
    float[] rh = new float[h.length];
    for (int i = 0; i < h.length; i++) {
      z[i] = sigmoid(z[i]);
      rh[i] = sigmoid(r[i]) * h[i];
    }
    float[] n = tanh(add(dense(xt, "gru_wn", "gru_bn"), matVec(rh, "gru_un")));
    float[] next = new float[h.length];
    for (int i = 0; i < h.length; i++) {
      next[i] = (1 - z[i]) * n[i] + z[i] * h[i];
    }
    return next;
  }

  private float[] dense(float[] in, String weight, String bias) {
    float[] y = matVec(in, weight);
    float[] b = w.values(bias);
    for (int j = 0; j < y.length; j++) {
      y[j] += b[j];
    }
    return y;
  }

  /** {@code in [1×n] · W [n×m]}. */
  private float[] matVec(float[] in, String weight) {
    ModelWeights.Tensor t = w.get(weight);
    int rows = (int) t.shape()[0];
    int cols = (int) t.shape()[1];
    if (rows != in.length) {
      throw new IllegalArgumentException(weight + " expects " + rows + " inputs, got " + in.length);
    }
    float[] m = t.data();
    float[] y = new float[cols];
    for (int i = 0; i < rows; i++) {
      float v = in[i];
      int base = i * cols;
      for (int j = 0; j < cols; j++) {
        y[j] += v * m[base + j];
      }
    }
    return y;
  }

  private static float[] add(float[] a, float[] b) {
    for (int i = 0; i < a.length; i++) {
      a[i] += b[i];
    }
    return a;
  }

  private static float[] concat(float[] a, float[] b) {
    float[] z = new float[a.length + b.length];
    System.arraycopy(a, 0, z, 0, a.length);
    System.arraycopy(b, 0, z, a.length, b.length);
    return z;
  }

  private static float[] tanh(float[] v) {
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) Math.tanh(v[i]);
    }
    return v;
  }

  static float sigmoid(float v) {
    return (float) (1 / (1 + Math.exp(-v)));
  }

  static float softplus(float v) {
    return (float) (v > 20 ? v : Math.log1p(Math.exp(v)));
  }
}
