package io.netdrift.core.model.runtime;

import java.util.Locale;
import java.util.Objects;

/**
 * Which device a model should run on, as configured: {@code auto} (first GPU when the GPU natives
 * are loaded and a GPU is visible, CPU otherwise), {@code cpu}, or {@code gpu:N}. Resolve it
 * against what the runtime actually sees with {@link #resolve(int, boolean)}.
 */
public final class DeviceSelection {
  /** Kind of request. */
  public enum Kind {
    AUTO,
    CPU,
    GPU
  }

  public static final DeviceSelection AUTO = new DeviceSelection(Kind.AUTO, -1);
  public static final DeviceSelection CPU = new DeviceSelection(Kind.CPU, -1);

  private final Kind kind;
  private final int gpuIndex;

  private DeviceSelection(Kind kind, int gpuIndex) {
    this.kind = kind;
    this.gpuIndex = gpuIndex;
  }

  /** A request for GPU {@code index} (0-based, as CUDA numbers them). */
  public static DeviceSelection gpu(int index) {
    if (index < 0) {
      throw new IllegalArgumentException("GPU index must be >= 0, was " + index);
    }
    return new DeviceSelection(Kind.GPU, index);
  }

  /**
   * Parses {@code auto}, {@code cpu}, {@code gpu} (= {@code gpu:0}) or {@code gpu:N}.
   *
   * @throws IllegalArgumentException with the accepted forms for anything else
   */
  public static DeviceSelection parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("device must be one of auto, cpu, gpu:N; was null");
    }
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.equals("auto")) {
      return AUTO;
    }
    if (t.equals("cpu")) {
      return CPU;
    }
    if (t.equals("gpu")) {
      return gpu(0);
    }
    if (t.startsWith("gpu:")) {
      try {
        return gpu(Integer.parseInt(t.substring(4)));
      } catch (IllegalArgumentException e) {
        // falls through to the message below
      }
    }
    throw new IllegalArgumentException(
        "device must be one of auto, cpu, gpu:N (N >= 0); was '" + text + "'");
  }

  public Kind kind() {
    return kind;
  }

  /** GPU index for {@link Kind#GPU}, -1 otherwise. */
  public int gpuIndex() {
    return gpuIndex;
  }

  /**
   * Decides the device that serves, given what the loaded runtime offers.
   *
   * @param visibleGpus GPUs the runtime sees (0 with the CPU natives)
   * @param gpuNatives whether the GPU build of the natives is loaded ({@code -Pgpu})
   * @throws IllegalStateException when a GPU is requested explicitly and is not available; the
   *     message says why (CPU natives loaded, or fewer GPUs visible) and how to fix it
   */
  public ResolvedDevice resolve(int visibleGpus, boolean gpuNatives) {
    switch (kind) {
      case CPU:
        return new ResolvedDevice(-1, "cpu (requested)");
      case AUTO:
        if (gpuNatives && visibleGpus > 0) {
          return new ResolvedDevice(0, "gpu:0 (auto: " + visibleGpus + " GPU(s) visible)");
        }
        return new ResolvedDevice(
            -1,
            gpuNatives
                ? "cpu (auto: GPU natives loaded but no GPU visible; check the CUDA 12.3 / cuDNN 8.9"
                    + " install and CUDA_VISIBLE_DEVICES)"
                : "cpu (auto: CPU natives loaded; build with -Pgpu for the GPU natives)");
      case GPU:
      default:
        if (!gpuNatives) {
          throw new IllegalStateException(
              "device gpu:"
                  + gpuIndex
                  + " requested but the CPU build of the TensorFlow natives is loaded"
                  + " (tensorflow-core-native classifier linux-x86_64). Build with -Pgpu"
                  + " (classifier linux-x86_64-gpu, needs CUDA 12.3 + cuDNN 8.9 on the host)"
                  + " or use --device auto|cpu.");
        }
        if (gpuIndex >= visibleGpus) {
          throw new IllegalStateException(
              "device gpu:"
                  + gpuIndex
                  + " requested but the runtime sees "
                  + visibleGpus
                  + " GPU(s). Check nvidia-smi, CUDA_VISIBLE_DEVICES and the CUDA 12.3 /"
                  + " cuDNN 8.9 libraries, or use --device auto|cpu.");
        }
        return new ResolvedDevice(gpuIndex, "gpu:" + gpuIndex + " (requested)");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DeviceSelection d && d.kind == kind && d.gpuIndex == gpuIndex;
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, gpuIndex);
  }

  @Override
  public String toString() {
    return kind == Kind.GPU ? "gpu:" + gpuIndex : kind.name().toLowerCase(Locale.ROOT);
  }

  /** The device chosen: {@code gpuIndex} -1 means CPU. {@code description} is what the log says. */
  public record ResolvedDevice(int gpuIndex, String description) {
    public boolean isGpu() {
      return gpuIndex >= 0;
    }
  }
}
