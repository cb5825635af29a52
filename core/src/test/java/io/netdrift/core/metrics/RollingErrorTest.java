package io.netdrift.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RollingErrorTest {
  private static final double EPS = 1e-12;

  @Test
  void meansArePlainAveragesBeforeTheWindowFills() {
    RollingError e = new RollingError(10);

    e.update(2, 1); // error 1, ape 1
    assertThat(e.meanSquaredError()).isCloseTo(1.0, within(EPS));
    assertThat(e.mape()).isCloseTo(1.0, within(EPS));

    e.update(1, 2); // error -1, ape 0.5
    assertThat(e.meanSquaredError()).isCloseTo((1 + 1) / 2.0, within(EPS));
    assertThat(e.mape()).isCloseTo((1 + 0.5) / 2.0, within(EPS));

    e.update(7, 4); // error 3, ape 0.75
    assertThat(e.meanSquaredError()).isCloseTo((1 + 1 + 9) / 3.0, within(EPS));
    assertThat(e.rmse()).isCloseTo(Math.sqrt(11 / 3.0), within(EPS));
    assertThat(e.mape()).isCloseTo((1 + 0.5 + 0.75) / 3.0, within(EPS));
    assertThat(e.count()).isEqualTo(3);
  }

  @Test
  void meansAreExponentiallyWeightedOnceTheWindowIsFull() {
    // window 3: alpha = 2 / (3 + 1) = 0.5
    RollingError e = RollingError.restore(3, 1.0, 0.5, 10, 10);

    e.update(3, 1); // error 2, squared 4, ape 2
    assertThat(e.meanSquaredError()).isCloseTo(1.0 + 0.5 * (4 - 1.0), within(EPS));
    assertThat(e.mape()).isCloseTo(0.5 + 0.5 * (2 - 0.5), within(EPS));

    e.update(4, 4); // error 0, ape 0
    assertThat(e.meanSquaredError()).isCloseTo(2.5 * 0.5, within(EPS));
    assertThat(e.rmse()).isCloseTo(Math.sqrt(1.25), within(EPS));
    assertThat(e.mape()).isCloseTo(1.25 * 0.5, within(EPS));
    assertThat(e.count()).isEqualTo(12);
  }

  @Test
  void aLongRunForgetsOldErrors() {
    // window 4 (alpha 0.4): 50 big errors then 50 perfect forecasts
    RollingError e = new RollingError(4);
    for (int i = 0; i < 50; i++) {
      e.update(110, 100);
    }
    assertThat(e.rmse()).isCloseTo(10.0, within(1e-9));
    assertThat(e.mape()).isCloseTo(0.1, within(1e-9));
    for (int i = 0; i < 50; i++) {
      e.update(100, 100);
    }
    // 100 * 0.6^50 ~ 8e-10
    assertThat(e.meanSquaredError()).isCloseTo(100 * Math.pow(0.6, 50), within(1e-15));
    assertThat(e.mape()).isCloseTo(0.1 * Math.pow(0.6, 50), within(1e-15));
  }

  @Test
  void windowOfOneTracksTheLastError() {
    RollingError e = new RollingError(1);
    e.update(5, 1).update(3, 2);
    assertThat(e.meanSquaredError()).isCloseTo(1.0, within(EPS));
    assertThat(e.mape()).isCloseTo(0.5, within(EPS));
  }

  @Test
  void mapeSkipsZeroTruthsButRmseCountsThem() {
    RollingError e = RollingError.restore(3, 1.0, 0.5, 10, 10);

    e.update(5, 0); // error 5, squared 25; ape undefined
    e.update(2, 1e-10); // below the threshold too

    assertThat(e.mape()).isEqualTo(0.5);
    assertThat(Double.isFinite(e.mape())).isTrue();
    double afterFirst = 1.0 + 0.5 * (25 - 1.0);
    double squaredSecond = (2 - 1e-10) * (2 - 1e-10);
    assertThat(e.meanSquaredError())
        .isCloseTo(afterFirst + 0.5 * (squaredSecond - afterFirst), within(1e-9));
    assertThat(e.count()).isEqualTo(12);
  }

  @Test
  void mapeOfOnlyZeroTruthsStaysZeroAndFinite() {
    RollingError e = new RollingError(5);
    e.update(3, 0).update(4, 0);
    assertThat(e.mape()).isZero();
    assertThat(e.rmse()).isCloseTo(Math.sqrt((9 + 16) / 2.0), within(EPS));
  }

  @Test
  void zeroTruthsDoNotDiluteThePlainAverageOfMape() {
    RollingError e = new RollingError(10);
    e.update(5, 0); // skipped by MAPE
    e.update(2, 1); // ape 1
    assertThat(e.mape()).isCloseTo(1.0, within(EPS));
  }

  @Test
  void restoreContinuesIdentically() {
    Random random = new Random(7);
    RollingError original = new RollingError(5);
    for (int i = 0; i < 3; i++) {
      original.update(random.nextDouble() * 100, random.nextDouble() * 100);
    }
    RollingError restored =
        RollingError.restore(
            5,
            original.meanSquaredError(),
            original.mape(),
            original.count(),
            original.percentCount());
    for (int i = 0; i < 20; i++) {
      double predicted = random.nextDouble() * 100;
      double actual = i % 7 == 0 ? 0 : random.nextDouble() * 100;
      original.update(predicted, actual);
      restored.update(predicted, actual);
      assertThat(restored.meanSquaredError()).isEqualTo(original.meanSquaredError());
      assertThat(restored.mape()).isEqualTo(original.mape());
      assertThat(restored.rmse()).isEqualTo(original.rmse());
      assertThat(restored.count()).isEqualTo(original.count());
    }
  }

  @Test
  void aFreshInstanceHasNoError() {
    RollingError e = new RollingError(3);
    assertThat(e.count()).isZero();
    assertThat(e.rmse()).isZero();
    assertThat(e.mape()).isZero();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
  void badWindowIsRejected(int window) {
    assertThatThrownBy(() -> new RollingError(window))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("window")
        .hasMessageContaining(String.valueOf(window));
    assertThatThrownBy(() -> RollingError.restore(window, 0, 0, 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
