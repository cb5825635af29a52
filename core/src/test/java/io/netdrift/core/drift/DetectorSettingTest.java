package io.netdrift.core.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DetectorSettingTest {

  @Test
  void aBadSettingIsRefusedWhenMadeWithTheCulpritNamed() {
    assertThatThrownBy(() -> DetectorSetting.of("cusum"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cusum")
        .hasMessageContaining("adwin");
    assertThatThrownBy(() -> new DetectorSetting("adwin", Map.of("lambda", "3")))
        .hasMessageContaining("unknown parameter 'lambda'");
    assertThatThrownBy(() -> new DetectorSetting("page-hinkley", Map.of("lambda", "x")))
        .hasMessageContaining("lambda");
    assertThatThrownBy(() -> new DetectorSetting(null, Map.of()))
        .hasMessageContaining("drift detector is required");
  }

  @Test
  void createsAFreshDetectorOfTheSettingEachTime() {
    DetectorSetting setting = new DetectorSetting("page-hinkley", Map.of("lambda", "3"));
    DriftDetector a = setting.create();
    DriftDetector b = setting.create();
    assertThat(a).isNotSameAs(b).isInstanceOf(PageHinkleyDetector.class);
    assertThat(setting).hasToString("page-hinkley {lambda=3}");
    assertThat(DetectorSetting.of("adwin")).hasToString("adwin");
  }

  @Test
  void keepsACopyOfItsParametersAndSurvivesJavaSerialization() throws Exception {
    Map<String, String> params = new HashMap<>(Map.of("delta", "0.01"));
    DetectorSetting setting = new DetectorSetting("adwin", params);
    params.put("delta", "not a number");
    assertThat(setting.params()).containsExactly(Map.entry("delta", "0.01"));

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(setting);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      assertThat(in.readObject()).isEqualTo(setting);
    }
  }
}
