package io.netdrift.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netdrift.core.model.natives.TensorFlowRuntime;
import io.netdrift.core.model.runtime.DeviceSelection;
import io.netdrift.core.model.runtime.DeviceSelection.ResolvedDevice;
import org.junit.jupiter.api.Test;

/**
 * Device selection and CPU fallback, decided without a GPU: with the CPU natives (the default
 * build) and with the GPU natives on a machine that shows no GPU ({@code -Pgpu}); each real-runtime
 * test skips, saying why, under the build it does not cover.
 */
class DeviceSelectionTest {

  @Test
  void parsesTheAcceptedForms() {
    assertThat(DeviceSelection.parse("auto")).isEqualTo(DeviceSelection.AUTO);
    assertThat(DeviceSelection.parse(" CPU ")).isEqualTo(DeviceSelection.CPU);
    assertThat(DeviceSelection.parse("gpu")).isEqualTo(DeviceSelection.gpu(0));
    assertThat(DeviceSelection.parse("gpu:3").gpuIndex()).isEqualTo(3);
    assertThat(DeviceSelection.parse("gpu:3").toString()).isEqualTo("gpu:3");
    for (String bad : new String[] {"", "gpu:", "gpu:-1", "gpu:x", "tpu", "cuda:0"}) {
      assertThatThrownBy(() -> DeviceSelection.parse(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("auto, cpu, gpu:N");
    }
  }

  @Test
  void autoPicksFirstGpuOnlyWithGpuNativesAndAVisibleGpu() {
    assertThat(DeviceSelection.AUTO.resolve(2, true)).isEqualTo(gpu(0));
    ResolvedDevice noGpu = DeviceSelection.AUTO.resolve(0, true);
    assertThat(noGpu.isGpu()).isFalse();
    assertThat(noGpu.description()).contains("no GPU visible");
    ResolvedDevice cpuNatives = DeviceSelection.AUTO.resolve(0, false);
    assertThat(cpuNatives.isGpu()).isFalse();
    assertThat(cpuNatives.description()).contains("-Pgpu");
  }

  @Test
  void explicitGpuFailsClearlyWhenAbsent() {
    assertThatThrownBy(() -> DeviceSelection.gpu(0).resolve(0, false))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("CPU build")
        .hasMessageContaining("-Pgpu");
    assertThatThrownBy(() -> DeviceSelection.gpu(2).resolve(2, true))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("sees 2 GPU(s)");
    assertThat(DeviceSelection.gpu(1).resolve(2, true).gpuIndex()).isEqualTo(1);
    assertThat(DeviceSelection.CPU.resolve(4, true).isGpu()).isFalse();
  }

  @Test
  void withTheCpuNativesAutoFallsBackToCpuAndGpuIsRefused() {
    TensorFlowRuntime.NativeLibraries natives = TensorFlowRuntime.ensureLoaded();
    assumeFalse(
        natives.gpu(),
        "GPU natives loaded ("
            + natives.classifier()
            + ", -Pgpu): this test covers the CPU build; the GPU build's fallback is the next test");
    assertThat(TensorFlowRuntime.resolveDevice(DeviceSelection.AUTO).isGpu()).isFalse();
    assertThatThrownBy(() -> TensorFlowRuntime.resolveDevice(DeviceSelection.gpu(0)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("gpu:0 requested")
        .hasMessageContaining("CPU build");
  }

  @Test
  void withTheGpuNativesAndNoVisibleGpuAutoFallsBackToCpu() {
    TensorFlowRuntime.NativeLibraries natives = TensorFlowRuntime.ensureLoaded();
    assumeTrue(natives.gpu(), "CPU natives loaded: run with -Pgpu to check the GPU build");
    ResolvedDevice auto = TensorFlowRuntime.resolveDevice(DeviceSelection.AUTO);
    assumeFalse(
        auto.isGpu(),
        "a GPU is visible (" + auto.description() + "): nothing to fall back from here");
    assertThat(auto.description()).contains("no GPU visible");
    assertThatThrownBy(() -> TensorFlowRuntime.resolveDevice(DeviceSelection.gpu(0)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("gpu:0 requested")
        .hasMessageContaining("sees 0 GPU(s)");
  }

  private static ResolvedDevice gpu(int i) {
    return new ResolvedDevice(i, "gpu:" + i + " (auto: 2 GPU(s) visible)");
  }
}
