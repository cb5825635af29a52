package io.netdrift.core.model;

import ai.djl.engine.Engine;
import io.netdrift.core.forecast.BatchForecaster;
import io.netdrift.core.model.runtime.DeviceSelection;
import io.netdrift.core.model.runtime.DeviceSelection.ResolvedDevice;
import io.netdrift.core.model.runtime.TensorFlowRuntime;
import io.netdrift.core.model.serving.DjlForecasters;
import io.netdrift.core.model.serving.TfSessionForecaster;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point for the stream operator: loads a model directory as a {@link BatchForecaster} served
 * by DJL on the selected device. Call from the operator's {@code open()} (one instance per subtask)
 * and close it in {@code close()}.
 *
 * <pre>{@code
 * BatchForecaster model = ModelRegistry.load(Path.of("/models/cfc"), DeviceSelection.parse("auto"));
 * ForecastBatch batch = new ForecastBatch(1024, model.window(), model.stateSize(), 1);
 * // fill batch rows, then one TensorFlow call for all of them:
 * model.forecast(batch); // batch.forecastMbps, batch.stateOut
 * }</pre>
 */
public final class ModelRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);

  private ModelRegistry() {}

  /**
   * @throws ModelLoadException when the directory is missing, incomplete or corrupt
   * @throws IllegalStateException when an explicitly requested GPU is not available
   */
  public static BatchForecaster load(Path modelDir, DeviceSelection device) {
    return load(modelDir, device, ServingEngine.DJL);
  }

  /**
   * Like {@link #load(Path, DeviceSelection)} with an explicit serving runtime.
   *
   * @throws ModelLoadException when the directory is missing, incomplete or corrupt
   */
  public static BatchForecaster load(Path modelDir, DeviceSelection device, ServingEngine engine) {
    ModelDirectory dir = ModelDirectory.open(modelDir);
    ResolvedDevice resolved = resolveDevice(device);
    return engine == ServingEngine.TF_JAVA
        ? new TfSessionForecaster(dir, resolved)
        : DjlForecasters.open(dir, resolved);
  }

  /** Loads the natives and resolves the device against what the runtime sees. */
  public static ResolvedDevice resolveDevice(DeviceSelection device) {
    TensorFlowRuntime.NativeLibraries natives = TensorFlowRuntime.ensureLoaded();
    int gpus = natives.gpu() ? visibleGpus() : 0;
    ResolvedDevice resolved = device.resolve(gpus, natives.gpu());
    LOG.info(
        "TensorFlow device: {} [requested {}, natives {}, {} GPU(s) visible]",
        resolved.description(),
        device,
        natives.classifier(),
        gpus);
    return resolved;
  }

  private static int visibleGpus() {
    try {
      return Engine.getEngine("TensorFlow").getGpuCount();
    } catch (RuntimeException | LinkageError e) {
      LOG.warn("cannot count GPUs ({}); assuming none", e.toString());
      return 0;
    }
  }
}
