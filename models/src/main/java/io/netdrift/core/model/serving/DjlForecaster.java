package io.netdrift.core.model.serving;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.tensorflow.engine.SavedModelBundle;
import ai.djl.tensorflow.engine.TfSymbolBlock;
import ai.djl.tensorflow.engine.javacpp.JavacppUtils;
import ai.djl.translate.NoopTranslator;
import ai.djl.util.Pair;
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
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Base64;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.internal.c_api.AbstractTF_Tensor;
import org.tensorflow.internal.c_api.TF_Operation;
import org.tensorflow.internal.c_api.TF_Session;
import org.tensorflow.internal.c_api.TF_Tensor;
import org.tensorflow.internal.c_api.global.tensorflow;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;

/**
 * Serves a trained model through DJL's TensorFlow engine: one SavedModel call per batch of link
 * rows, with recurrent state passed in ({@code h_in}) and out ({@code h_out}) as tensors.
 *
 * <p>DJL loads the SavedModel ({@link Criteria}, its {@code TfSymbolBlock} holds the session and
 * the signature); each batch then runs that session through the engine's own {@link
 * JavacppUtils#runSession}, on tensors written and read through direct buffers over TensorFlow's
 * own memory: the inputs are allocated by TensorFlow and filled through a direct {@code ByteBuffer}
 * view, the outputs are read through one and released at once. DJL's {@code Predictor}/{@code
 * NDArray} route was the slower one (issue 11: 1.1-1.3x the time of a TF Java session per call):
 * every input went heap buffer, fresh direct buffer, TensorFlow tensor, eager tensor handle, then
 * back to a tensor for the session, every output through an eager handle and a heap copy, and each
 * call registered about 30 JavaCPP deallocators (each of which reads {@code /proc/self/statm} by
 * default) and a DJL resource id. That route did the same session call; the results are
 * bit-identical (see {@code benchmarks/results/serving-djl-vs-session.md}).
 *
 * <p>Not thread-safe: one instance per operator subtask; {@link #close()} releases the native
 * model. Obtain instances from {@code ModelRegistry.load}.
 */
public final class DjlForecaster implements BatchForecaster {
  private static final Logger LOG = LoggerFactory.getLogger(DjlForecaster.class);
  // The SavedModel's init op (if any) ran when the session was loaded; DJL's own forward would
  // run it again on every call.
  private static final TF_Operation[] NO_TARGETS = new TF_Operation[0];
  private static final int INPUT_X = 0;
  private static final int INPUT_DT = 1;
  private static final int INPUT_STATE = 2;
  private static final int OUTPUT_FORECAST = 0;
  private static final int OUTPUT_STATE = 1;

  private final ModelConfig config;
  private final long version;
  private final ZooModel<NDList, NDList> model;
  private final String deviceDescription;
  private final TF_Session session;
  // signature tensors in the order of the TF_Tensor arrays: x, dt[, h_in] -> y[, h_out]
  private final SignatureTensors inputs;
  private final SignatureTensors outputs;
  private float[] x = new float[0];
  private float[] dt = new float[0];

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
    try {
      SavedModelBundle bundle = ((TfSymbolBlock) model.getBlock()).getSavedModelBundle();
      SignatureDef signature =
          bundle.getMetaGraphDef().getSignatureDefMap().get(SavedModelWriter.SIGNATURE);
      if (signature == null) {
        throw new ModelLoadException(
            "SavedModel " + dir.savedModel() + " has no signature " + SavedModelWriter.SIGNATURE);
      }
      boolean recurrent = config.stateSize() > 0;
      String[] inputNames =
          recurrent
              ? new String[] {
                SavedModelWriter.INPUT_X, SavedModelWriter.INPUT_DT, SavedModelWriter.INPUT_STATE
              }
              : new String[] {SavedModelWriter.INPUT_X, SavedModelWriter.INPUT_DT};
      String[] outputNames =
          recurrent
              ? new String[] {SavedModelWriter.OUTPUT_FORECAST, SavedModelWriter.OUTPUT_STATE}
              : new String[] {SavedModelWriter.OUTPUT_FORECAST};
      this.inputs = SignatureTensors.of(bundle, signature.getInputsMap(), inputNames, dir);
      this.outputs = SignatureTensors.of(bundle, signature.getOutputsMap(), outputNames, dir);
      this.session = bundle.getSession();
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
    this.deviceDescription = device.description();
    LOG.info(
        "serving {} v{} from {} on {}", config.kind().id(), version, dir.path(), deviceDescription);
  }

  /** Graph operations and output indices of named signature tensors, in the given order. */
  private record SignatureTensors(TF_Operation[] ops, int[] indices) {
    static SignatureTensors of(
        SavedModelBundle bundle, Map<String, TensorInfo> map, String[] names, ModelDirectory dir) {
      TF_Operation[] ops = new TF_Operation[names.length];
      int[] indices = new int[names.length];
      for (int i = 0; i < names.length; i++) {
        TensorInfo info = map.get(names[i]);
        if (info == null) {
          throw new ModelLoadException(
              "SavedModel " + dir.savedModel() + " lacks the signature tensor " + names[i]);
        }
        Pair<TF_Operation, Integer> op =
            JavacppUtils.getGraphOperationByName(bundle.getGraph(), info.getName());
        ops[i] = op.getKey();
        indices[i] = op.getValue();
      }
      return new SignatureTensors(ops, indices);
    }
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
    int h = config.stateSize();
    int k = config.horizon();
    TF_Tensor[] in = new TF_Tensor[inputs.ops().length];
    TF_Tensor[] out = null;
    try {
      in[INPUT_X] = tensor(x, rows * w * f, rows, w, f);
      in[INPUT_DT] = tensor(dt, rows * w, rows, w);
      if (h > 0) {
        in[INPUT_STATE] = tensor(batch.stateIn, rows * h, rows, h);
      }
      out =
          JavacppUtils.runSession(
              session,
              null,
              in,
              inputs.ops(),
              inputs.indices(),
              outputs.ops(),
              outputs.indices(),
              NO_TARGETS);
      FloatBuffer y = floats(out[OUTPUT_FORECAST], rows * k);
      for (int r = 0; r < rows; r++) {
        float scale = batch.scaleMbps[r];
        for (int j = 0; j < batch.horizon; j++) {
          batch.forecastMbps[r * batch.horizon + j] = y.get(r * k + j) * scale;
        }
      }
      if (h > 0) {
        floats(out[OUTPUT_STATE], rows * h).get(batch.stateOut, 0, rows * h);
      }
    } catch (RuntimeException e) {
      throw new IllegalStateException("model " + modelId() + " v" + version + " failed", e);
    } finally {
      close(in);
      close(out);
    }
  }

  /** A TensorFlow-allocated float tensor of shape {@code dims}, filled with {@code src[0..n)}. */
  private static TF_Tensor tensor(float[] src, int n, long... dims) {
    TF_Tensor t =
        AbstractTF_Tensor.allocateTensor(tensorflow.TF_FLOAT, dims, (long) n * Float.BYTES);
    tensorflow.TF_TensorData(t)
        .capacity((long) n * Float.BYTES)
        .asByteBuffer()
        .order(ByteOrder.nativeOrder())
        .asFloatBuffer()
        .put(src, 0, n);
    return t;
  }

  /** A view of a float tensor's memory (valid until the tensor is closed); at least n floats. */
  private static FloatBuffer floats(TF_Tensor t, int n) {
    long bytes = tensorflow.TF_TensorByteSize(t);
    if (bytes < (long) n * Float.BYTES) {
      throw new IllegalStateException("output has " + bytes + " bytes, expected " + n + " floats");
    }
    return tensorflow.TF_TensorData(t)
        .capacity(bytes)
        .asByteBuffer()
        .order(ByteOrder.nativeOrder())
        .asFloatBuffer();
  }

  private static void close(TF_Tensor[] tensors) {
    if (tensors != null) {
      for (TF_Tensor t : tensors) {
        if (t != null) {
          t.close();
        }
      }
    }
  }

  @Override
  public void close() {
    model.close();
  }
}
