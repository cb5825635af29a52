package io.netdrift.core.model.serving;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import io.netdrift.core.forecast.BatchForecaster;
import io.netdrift.core.forecast.ForecastBatch;
import io.netdrift.core.model.FeatureEncoder;
import io.netdrift.core.model.ModelConfig;
import io.netdrift.core.model.ModelDirectory;
import io.netdrift.core.model.ModelLoadException;
import io.netdrift.core.model.graph.SavedModelWriter;
import io.netdrift.core.model.graph.TfSupport;
import io.netdrift.core.model.runtime.DeviceSelection.ResolvedDevice;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a trained model through DJL's TensorFlow engine: one SavedModel call per batch of link
 * rows, with recurrent state passed in ({@code h_in}) and out ({@code h_out}) as tensors.
 *
 * <p>Not thread-safe: one instance (one DJL {@link Predictor}) per operator subtask; {@link
 * #close()} releases the native model. Obtain instances from {@code ModelRegistry.load}.
 */
public final class DjlForecaster implements BatchForecaster {
  private static final Logger LOG = LoggerFactory.getLogger(DjlForecaster.class);

  private final ModelConfig config;
  private final long version;
  private final ZooModel<NDList, NDList> model;
  private final Predictor<NDList, NDList> predictor;
  private final NDManager manager;
  private final String deviceDescription;
  private float[] x = new float[0];
  private float[] dt = new float[0];
  // Direct, native-order staging buffers reused across calls: DJL copies a heap buffer into a
  // freshly allocated direct one on every create(), which costs more than the model at small
  // batches.
  private ByteBuffer xBuffer = ByteBuffer.allocateDirect(0);
  private ByteBuffer dtBuffer = ByteBuffer.allocateDirect(0);
  private ByteBuffer stateBuffer = ByteBuffer.allocateDirect(0);

  DjlForecaster(ModelDirectory dir, ResolvedDevice device) {
    this.config = dir.metadata().config();
    this.version = dir.metadata().modelVersion();
    Device djlDevice = device.isGpu() ? Device.gpu(device.gpuIndex()) : Device.cpu();
    Criteria<NDList, NDList> criteria =
        Criteria.builder()
            .setTypes(NDList.class, NDList.class)
            .optModelPath(dir.savedModel().toAbsolutePath())
            .optEngine("TensorFlow")
            .optDevice(djlDevice)
            .optOption("Tags", "serve")
            .optOption("SignatureDefKey", SavedModelWriter.SIGNATURE)
            // device pinning and thread pools for the SavedModel session
            .optOption(
                "ConfigProto",
                Base64.getEncoder().encodeToString(TfSupport.sessionConfig(device).toByteArray()))
            .optTranslator(new NoopTranslator())
            .build();
    try {
      this.model = criteria.loadModel();
    } catch (IOException | ModelNotFoundException | MalformedModelException | RuntimeException e) {
      throw new ModelLoadException(
          "cannot load SavedModel " + dir.savedModel() + " with DJL: " + e.getMessage(), e);
    }
    this.predictor = model.newPredictor();
    this.manager = model.getNDManager().newSubManager();
    this.deviceDescription = device.description();
    LOG.info(
        "serving {} v{} from {} on {}", config.kind().id(), version, dir.path(), deviceDescription);
  }

  /** Which device serves, as logged at load time. */
  public String device() {
    return deviceDescription;
  }

  public ModelConfig config() {
    return config;
  }

  @Override
  public String modelId() {
    return config.kind().id();
  }

  @Override
  public long modelVersion() {
    return version;
  }

  @Override
  public int window() {
    return config.servingWindow();
  }

  @Override
  public int warmUpSamples() {
    return config.warmUpSamples();
  }

  @Override
  public int stateSize() {
    return config.stateSize();
  }

  @Override
  public void forecast(ForecastBatch batch) {
    if (batch.window != config.servingWindow() || batch.stateSize != config.stateSize()) {
      throw new IllegalArgumentException(
          "batch shape window="
              + batch.window
              + " state="
              + batch.stateSize
              + " does not fit model "
              + modelId()
              + " (window="
              + config.servingWindow()
              + " state="
              + config.stateSize()
              + ")");
    }
    if (batch.horizon > config.horizon()) {
      throw new IllegalArgumentException(
          "batch asks horizon " + batch.horizon + ", model predicts " + config.horizon());
    }
    int rows = batch.rows;
    if (rows == 0) {
      return;
    }
    int w = config.servingWindow();
    int f = ModelConfig.FEATURES;
    if (x.length < batch.capacityRows * w * f) {
      x = new float[batch.capacityRows * w * f];
      dt = new float[batch.capacityRows * w];
    }
    FeatureEncoder.encode(batch, config.stepSeconds(), x, dt);
    try (NDManager m = manager.newSubManager()) {
      NDArray xArr = m.create(FloatBuffer.wrap(x, 0, rows * w * f), new Shape(rows, w, f));
      xArr.setName(SavedModelWriter.INPUT_X);
      NDArray dtArr = m.create(FloatBuffer.wrap(dt, 0, rows * w), new Shape(rows, w));
      dtArr.setName(SavedModelWriter.INPUT_DT);
      NDList in;
      int h = config.stateSize();
      if (h > 0) {
        NDArray hArr = m.create(FloatBuffer.wrap(batch.stateIn, 0, rows * h), new Shape(rows, h));
        hArr.setName(SavedModelWriter.INPUT_STATE);
        // DJL feeds a SavedModel's inputs in name order: dt, h_in, x.
        in = new NDList(dtArr, hArr, xArr);
      } else {
        in = new NDList(dtArr, xArr);
      }
      NDList out = predictor.predict(in);
      NDArray y = out.get(SavedModelWriter.OUTPUT_FORECAST);
      if (y == null) {
        y = out.get(out.size() - 1);
      }
      FloatBuffer yv = y.toByteBuffer().order(ByteOrder.nativeOrder()).asFloatBuffer();
      int k = config.horizon();
      for (int r = 0; r < rows; r++) {
        float scale = batch.scaleMbps[r];
        for (int j = 0; j < batch.horizon; j++) {
          batch.forecastMbps[r * batch.horizon + j] = yv.get(r * k + j) * scale;
        }
      }
      if (h > 0) {
        NDArray ho = out.get(SavedModelWriter.OUTPUT_STATE);
        if (ho == null) {
          ho = out.get(0);
        }
        ho.toByteBuffer()
            .order(ByteOrder.nativeOrder())
            .asFloatBuffer()
            .get(batch.stateOut, 0, rows * h);
      }
    } catch (TranslateException e) {
      throw new IllegalStateException("model " + modelId() + " v" + version + " failed", e);
    }
  }

  private static ByteBuffer direct(int floats) {
    return ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder());
  }

  /** Copies {@code n} floats into the staging buffer; returns a view of exactly those bytes. */
  private static ByteBuffer stage(ByteBuffer buffer, float[] src, int n) {
    buffer.clear();
    buffer.asFloatBuffer().put(src, 0, n);
    ByteBuffer view = buffer.duplicate().order(ByteOrder.nativeOrder());
    view.position(0).limit(n * Float.BYTES);
    return view;
  }

  @Override
  public void close() {
    manager.close();
    predictor.close();
    model.close();
  }
}
