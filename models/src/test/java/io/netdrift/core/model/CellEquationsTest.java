package io.netdrift.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.netdrift.core.model.graph.ForecastGraph;
import io.netdrift.core.model.graph.TfSupport;
import io.netdrift.core.model.natives.TensorFlowRuntime;
import io.netdrift.core.model.reference.ReferenceForecaster;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Every cell's TensorFlow graph (TF Java, in-process) against the plain-Java equations on tiny
 * random weights: one step (state after the first sample) and a full window (forecast).
 */
class CellEquationsTest {

  @ParameterizedTest
  @EnumSource(ModelKind.class)
  void graphMatchesPlainJavaEquations(ModelKind kind) {
    TensorFlowRuntime.ensureLoaded();
    ModelConfig c = new ModelConfig(kind, 3, 2, 4, 5, 3, 0, 60f);
    ModelWeights w = ModelArchitecture.initialWeights(c, 99);
    SplittableRandom rnd = new SplittableRandom(4);
    for (float[] v : new float[][] {w.values("head_w")}) {
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) (rnd.nextDouble() - 0.5);
      }
    }
    int rows = 3;
    int steps = c.window();
    int f = ModelConfig.FEATURES;
    int h = c.hiddenUnits();
    float[] x = new float[rows * steps * f];
    float[] dt = new float[rows * steps];
    float[] h0 = new float[rows * h];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (rnd.nextDouble() * 2 - 1);
    }
    for (int i = 0; i < dt.length; i++) {
      dt[i] = (float) (rnd.nextDouble() * 3); // irregular gaps, 0 = padded
    }
    dt[0] = 0f;
    for (int i = 0; i < h0.length; i++) {
      h0[i] = (float) (rnd.nextDouble() - 0.5);
    }
    float[] tfForecast = new float[rows * c.horizon()];
    float[] tfState = new float[rows * h];
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Map<String, Variable<TFloat32>> vars = TfSupport.variables(tf, w);
      Placeholder<TFloat32> px =
          tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, steps, f)));
      Placeholder<TFloat32> pdt =
          tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, steps)));
      Placeholder<TFloat32> ph = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, h)));
      ForecastGraph.Outputs out =
          ForecastGraph.build(tf, c, vars::get, px, pdt, kind.recurrent() ? ph : null, steps, 1);
      try (Session s = new Session(g);
          TFloat32 tx = TfSupport.tensor(x, rows, steps, f);
          TFloat32 tdt = TfSupport.tensor(dt, rows, steps);
          TFloat32 th = TfSupport.tensor(h0, rows, h)) {
        s.initialize();
        Session.Runner r = s.runner().feed(px, tx).feed(pdt, tdt).fetch(out.forecast());
        if (kind.recurrent()) {
          r.feed(ph, th).fetch(out.stateOut());
        }
        try (Result res = r.run()) {
          TfSupport.read(res.get(0), tfForecast);
          if (kind.recurrent()) {
            TfSupport.read(res.get(1), tfState);
          }
        }
      }
    }
    ReferenceForecaster ref = new ReferenceForecaster(c, w, 1);
    for (int row = 0; row < rows; row++) {
      float[] state = new float[h];
      System.arraycopy(h0, row * h, state, 0, h);
      float[] afterFirst = new float[h];
      float[] y = new float[c.horizon()];
      ref.run(x, row * steps * f, dt, row * steps, steps, state, afterFirst, y);
      for (int j = 0; j < c.horizon(); j++) {
        assertThat(tfForecast[row * c.horizon() + j])
            .as("%s forecast row %d", kind, row)
            .isCloseTo(y[j], within(2e-5f));
      }
      if (kind.recurrent()) {
        for (int j = 0; j < h; j++) {
          assertThat(tfState[row * h + j])
              .as("%s one-step state row %d", kind, row)
              .isCloseTo(afterFirst[j], within(2e-5f));
        }
      }
    }
  }
}
