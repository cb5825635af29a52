package io.netdrift.core.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DriftDetectorsTest {

  @Test
  void createsEachDetectorByName() {
    assertThat(DriftDetectors.names()).containsExactly("adwin", "kswin", "page-hinkley");
    for (String name : DriftDetectors.names()) {
      DriftDetector d = DriftDetectors.create(name);
      assertThat(d.name()).isEqualTo(name);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"adwin", "page-hinkley", "kswin"})
  void resetBehavesLikeANewDetector(String name) {
    double[] stream = TestStreams.meanShift(12, 3000, 1500, 3);
    DriftDetector used = DriftDetectors.create(name);
    List<Integer> first = TestStreams.detections(used, stream);
    assertThat(first).isNotEmpty();
    used.reset();
    assertThat(used.samplesSeen()).isZero();
    assertThat(used.driftDetected()).isFalse();
    assertThat(TestStreams.detections(used, stream)).isEqualTo(first);
  }

  @ParameterizedTest
  @ValueSource(strings = {"adwin", "page-hinkley", "kswin"})
  void rejectsNonFiniteValues(String name) {
    DriftDetector d = DriftDetectors.create(name);
    assertThatThrownBy(() -> d.update(Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("finite");
    assertThat(d.samplesSeen()).isZero();
  }

  @Test
  void passesParameters() {
    AdwinDetector adwin =
        (AdwinDetector) DriftDetectors.create("adwin", Map.of("delta", "0.01", "clock", "8"));
    assertThat(adwin.delta()).isEqualTo(0.01);
    assertThat(adwin.clock()).isEqualTo(8);
    KswinDetector kswin =
        (KswinDetector)
            DriftDetectors.create(
                "kswin",
                Map.of("alpha", "0.001", "windowSize", "200", "statSize", "50", "seed", "7"));
    assertThat(kswin.windowSize()).isEqualTo(200);
    assertThat(kswin.seed()).isEqualTo(7);
    PageHinkleyDetector ph =
        (PageHinkleyDetector)
            DriftDetectors.create(
                "page-hinkley",
                Map.of(
                    "delta",
                    "0.1",
                    "lambda",
                    "20",
                    "alpha",
                    "1",
                    "minInstances",
                    "10",
                    "direction",
                    "UP",
                    "warningFraction",
                    "0.8"));
    assertThat(ph.lambda()).isEqualTo(20);
    assertThat(ph.direction()).isEqualTo(PageHinkleyDetector.Direction.UP);
  }

  @Test
  void rejectsUnknownNamesAndParametersClearly() {
    assertThatThrownBy(() -> DriftDetectors.create("ddm"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown drift detector 'ddm'")
        .hasMessageContaining("adwin, kswin, page-hinkley");
    assertThatThrownBy(() -> DriftDetectors.create("adwin", Map.of("lambda", "3")))
        .hasMessageContaining("adwin: unknown parameter 'lambda'")
        .hasMessageContaining("delta, clock");
  }

  @Test
  void rejectsBadValuesNamingTheParameter() {
    assertThatThrownBy(() -> DriftDetectors.create("adwin", Map.of("delta", "abc")))
        .hasMessage("adwin: parameter delta must be a number, got 'abc'");
    assertThatThrownBy(() -> DriftDetectors.create("kswin", Map.of("windowSize", "1.5")))
        .hasMessage("kswin: parameter windowSize must be an integer, got '1.5'");
    assertThatThrownBy(() -> DriftDetectors.create("adwin", Map.of("delta", "2")))
        .hasMessage("adwin: delta must be in (0, 1), got 2.0");
    assertThatThrownBy(() -> DriftDetectors.create("page-hinkley", Map.of("direction", "left")))
        .hasMessageContaining("page-hinkley: direction must be one of both, up, down");
  }
}
