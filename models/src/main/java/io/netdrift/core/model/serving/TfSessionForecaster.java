package io.netdrift.core.model.serving;

import io.netdrift.core.forecast.BatchForecaster;
import io.netdrift.core.forecast.ForecastBatch;
import io.netdrift.core.model.FeatureEncoder;
import io.netdrift.core.model.ModelConfig;
import io.netdrift.core.model.ModelDirectory;
import io.netdrift.core.model.ModelLoadException;
import io.netdrift.core.model.graph.SavedModelWriter;
import io.netdrift.core.model.graph.TfSupport;
import io.netdrift.core.model.natives.TensorFlowRuntime;
import io.netdrift.core.model.runtime.DeviceSelection.ResolvedDevice;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.types.TFloat32;

/**
 * Serves the same SavedModel through a plain TF Java session (feeds and fetches by tensor name),
 * without DJL. Same inputs, outputs and numerics as {@link DjlForecaster}, and the reference its
 * cost per call is measured against ({@code ServingEngineBenchmark}); the operator picks it with
 * {@code ServingEngine.TF_JAVA}. Not thread-safe: one instance per subtask.
 */
public final class TfSessionForecaster implements BatchForecaster {
  private final ModelConfig c;
  private final SavedModelBundle bundle;
  private float[] x = new float[0];
  private float[] dt = new float[0];

  private final long version;

  /**
   * @throws ModelLoadException when TensorFlow cannot load the SavedModel
   */
  public TfSessionForecaster(ModelDirectory dir, ResolvedDevice device) {
    TensorFlowRuntime.ensureLoaded();
    this.c = dir.metadata().config();
    this.version = dir.metadata().modelVersion();
    try {
      this.bundle =
          SavedModelBundle.loader(dir.savedModel().toAbsolutePath().toString())
              .withTags("serve")
              .withConfigProto(TfSupport.sessionConfig(device))
              .load();
    } catch (RuntimeException e) {
      throw new ModelLoadException(
          "cannot load SavedModel " + dir.savedModel() + " with TF Java: " + e.getMessage(), e);
    }
  }

  @Override
  public String modelId() {
    return c.kind().id();
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
  public void forecast(ForecastBatch b) {
    if (b.window != c.servingWindow() || b.stateSize != c.stateSize() || b.horizon > c.horizon()) {
      throw new IllegalArgumentException(
          "batch shape window="
              + b.window
              + " state="
              + b.stateSize
              + " horizon="
              + b.horizon
              + " does not fit model "
              + c.kind().id()
              + " (window="
              + c.servingWindow()
              + " state="
              + c.stateSize()
              + " horizon="
              + c.horizon()
              + ")");
    }
    if (b.rows == 0) {
      return;
    }
    int w = c.servingWindow();
    int f = ModelConfig.FEATURES;
    int rows = b.rows;
    if (x.length < b.capacityRows * w * f) {
      x = new float[b.capacityRows * w * f];
      dt = new float[b.capacityRows * w];
    }
    FeatureEncoder.encode(b, c.stepSeconds(), x, dt);
    int h = c.stateSize();
    try (TFloat32 tx = TfSupport.tensor(x, rows, w, f);
        TFloat32 tdt = TfSupport.tensor(dt, rows, w);
        TFloat32 th = h > 0 ? TfSupport.tensor(b.stateIn, rows, h) : null) {
      Session.Runner r =
          bundle
              .session()
              .runner()
              .feed(SavedModelWriter.INPUT_X, tx)
              .feed(SavedModelWriter.INPUT_DT, tdt)
              .fetch(SavedModelWriter.OUTPUT_FORECAST);
      if (h > 0) {
        r.feed(SavedModelWriter.INPUT_STATE, th).fetch(SavedModelWriter.OUTPUT_STATE);
      }
      try (Result res = r.run()) {
        float[] y = new float[rows * c.horizon()];
        TfSupport.read(res.get(0), y);
        for (int i = 0; i < rows; i++) {
          for (int j = 0; j < b.horizon; j++) {
            b.forecastMbps[i * b.horizon + j] = y[i * c.horizon() + j] * b.scaleMbps[i];
          }
        }
        if (h > 0) {
          float[] s = new float[rows * h];
          TfSupport.read(res.get(1), s);
          System.arraycopy(s, 0, b.stateOut, 0, rows * h);
        }
      }
    }
  }

  @Override
  public void close() {
    bundle.close();
  }
}
