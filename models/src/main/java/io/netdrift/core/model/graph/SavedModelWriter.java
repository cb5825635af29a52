package io.netdrift.core.model.graph;

import io.netdrift.core.model.ModelConfig;
import io.netdrift.core.model.ModelWeights;
import io.netdrift.core.model.natives.TensorFlowRuntime;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Exports the serving graph of a model as a TensorFlow SavedModel (tag {@code serve}, signature
 * {@value #SIGNATURE}). Inputs ({@code W = ModelConfig.servingWindow()}: 1 for recurrent models)
 * {@code x [B,W,F]}, {@code dt [B,W]}, {@code h_in [B,H]}; outputs {@code y [B,K]} and {@code h_out
 * [B,H]} (recurrent models only). Both serving engines look these tensors up by their signature
 * names.
 */
public final class SavedModelWriter {
  public static final String SIGNATURE = "serving_default";
  public static final String INPUT_X = "x";
  public static final String INPUT_DT = "dt";
  public static final String INPUT_STATE = "h_in";
  public static final String OUTPUT_FORECAST = "y";
  public static final String OUTPUT_STATE = "h_out";

  private SavedModelWriter() {}

  public static void export(ModelConfig c, ModelWeights weights, Path dir) throws IOException {
    TensorFlowRuntime.ensureLoaded();
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Map<String, Variable<TFloat32>> vars = TfSupport.variables(tf, weights);
      int w = c.servingWindow();
      Placeholder<TFloat32> x =
          tf.withName(INPUT_X)
              .placeholder(
                  TFloat32.class, Placeholder.shape(Shape.of(-1, w, ModelConfig.FEATURES)));
      Placeholder<TFloat32> dt =
          tf.withName(INPUT_DT).placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, w)));
      Signature.Builder sig =
          Signature.builder().key(SIGNATURE).input(INPUT_X, x).input(INPUT_DT, dt);
      Placeholder<TFloat32> hIn = null;
      if (c.kind().recurrent()) {
        hIn =
            tf.withName(INPUT_STATE)
                .placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, c.hiddenUnits())));
        sig.input(INPUT_STATE, hIn);
      }
      ForecastGraph.Outputs out = ForecastGraph.build(tf, c, vars::get, x, dt, hIn, w, w);
      sig.output(OUTPUT_FORECAST, tf.withName(OUTPUT_FORECAST).identity(out.forecast()));
      if (out.stateOut() != null) {
        sig.output(OUTPUT_STATE, tf.withName(OUTPUT_STATE).identity(out.stateOut()));
      }
      try (Session s = new Session(g)) {
        s.initialize();
        SavedModelBundle.exporter(dir.toString())
            .withSession(s)
            .withFunction(SessionFunction.create(sig.build(), s))
            .export();
      }
    }
  }
}
