package io.netdrift.core.model.serving;

import io.netdrift.core.forecast.BatchForecaster;
import io.netdrift.core.forecast.ForecasterSpec;
import io.netdrift.core.forecast.PersistenceForecaster;
import io.netdrift.core.forecast.SeasonalNaiveForecaster;
import io.netdrift.core.model.ModelDirectory;
import io.netdrift.core.model.ModelLoadException;
import io.netdrift.core.model.natives.TensorFlowRuntime;
import io.netdrift.core.model.runtime.DeviceSelection;
import io.netdrift.core.model.runtime.DeviceSelection.ResolvedDevice;
import io.netdrift.core.model.runtime.ServingEngine;
import java.nio.file.Path;

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

  private ModelRegistry() {}

  /**
   * Builds the forecaster of a strategy lane: a baseline, or the trained model its spec names.
   * Lives here, not on {@link ForecasterSpec}, so the plain-Java forecasting API does not depend on
   * the TensorFlow serving layer.
   *
   * @throws ModelLoadException when a trained lane's model directory is missing or corrupt
   * @throws IllegalStateException for the hybrid lane, which blends other lanes and has no model
   */
  public static BatchForecaster forecaster(ForecasterSpec spec) {
    return switch (spec.model()) {
      case ForecasterSpec.PERSISTENCE -> new PersistenceForecaster();
      case ForecasterSpec.SEASONAL_NAIVE -> new SeasonalNaiveForecaster(spec.seasonSteps());
      case ForecasterSpec.TRAINED ->
          load(
              Path.of(spec.modelDirectory()),
              DeviceSelection.parse(spec.device()),
              ServingEngine.parse(spec.engine()));
      case ForecasterSpec.HYBRID ->
          throw new IllegalStateException("the hybrid lane blends other lanes; it has no model");
      default -> throw new IllegalStateException("unreachable: " + spec.model());
    };
  }

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
    ResolvedDevice resolved = TensorFlowRuntime.resolveDevice(device);
    return engine == ServingEngine.TF_JAVA
        ? new TfSessionForecaster(dir, resolved)
        : DjlForecasters.open(dir, resolved);
  }
}
