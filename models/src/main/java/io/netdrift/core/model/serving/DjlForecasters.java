package io.netdrift.core.model.serving;

import io.netdrift.core.model.ModelDirectory;
import io.netdrift.core.model.runtime.DeviceSelection.ResolvedDevice;

/** Factory for {@link DjlForecaster} (keeps its constructor package-private). */
public final class DjlForecasters {
  private DjlForecasters() {}

  public static DjlForecaster open(ModelDirectory dir, ResolvedDevice device) {
    return new DjlForecaster(dir, device);
  }
}
