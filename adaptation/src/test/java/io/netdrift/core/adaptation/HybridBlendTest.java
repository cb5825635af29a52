package io.netdrift.core.adaptation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.FloatRange;
import org.junit.jupiter.api.Test;

class HybridBlendTest {

  @Test
  void theLaneWithTheLowerRecentErrorGetsTheLargerWeight() {
    assertThat(HybridBlend.liquidWeight(1.0, 9.0)).isCloseTo(0.9, within(1e-9));
    assertThat(HybridBlend.blend(100f, 200f, 1.0, 9.0)).isCloseTo(110f, within(1e-3f));
    assertThat(HybridBlend.blend(100f, 200f, 9.0, 1.0)).isCloseTo(190f, within(1e-3f));
  }

  @Test
  void unknownErrorsGiveThePlainMean() {
    assertThat(HybridBlend.blend(100f, 200f, Double.NaN, 4.0)).isEqualTo(150f);
  }

  @Test
  void aLaneWithNoErrorYetCannotTakeAllTheWeight() {
    assertThat(HybridBlend.liquidWeight(0.0, 1e-6)).isCloseTo(0.5, within(1e-9));
  }

  @Property
  void theBlendLiesBetweenItsMembers(
      @ForAll @FloatRange(min = 0, max = 1e5f) float a,
      @ForAll @FloatRange(min = 0, max = 1e5f) float b,
      @ForAll @DoubleRange(min = 0, max = 1e6) double mseA,
      @ForAll @DoubleRange(min = 0, max = 1e6) double mseB) {
    float blended = HybridBlend.blend(a, b, mseA, mseB);
    assertThat(blended).isBetween(Math.min(a, b) - 1e-2f, Math.max(a, b) + 1e-2f);
  }
}
