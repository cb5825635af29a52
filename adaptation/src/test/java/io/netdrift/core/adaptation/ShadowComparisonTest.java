package io.netdrift.core.adaptation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShadowComparisonTest {
  private static final long STEP_MS = 1000;
  private static final String LINK = "l1:a:b";

  /** Rollback window: 3 samples per link. */
  private final AdaptationPolicy policy = AdaptationPolicy.liquid(12, 48, 3);

  private final Map<String, Long> regimeMemory = new HashMap<>();
  private final ShadowComparison shadow = new ShadowComparison(policy, STEP_MS, regimeMemory);

  private static Scope promotedScope() {
    Scope scope = new Scope("down:r1", true, 7);
    scope.samples.put(LINK, new LinkSamples(16));
    ShadowComparison.start(scope, 1);
    return scope;
  }

  /** Both versions forecast the sample at {@code t}; then the truth arrives. */
  private List<AdaptationAction> step(Scope scope, long t, float serving, float previous) {
    shadow.expect(LINK, serving, previous, t);
    return shadow.score(scope, LINK, t, 100f);
  }

  @Test
  void aPromotedVersionThatDoesWorseIsRolledBackAtTheEndOfTheWindow() {
    Scope scope = promotedScope();
    assertThat(step(scope, 1000, 110f, 101f)).isEmpty();
    assertThat(step(scope, 2000, 110f, 101f)).isEmpty();

    List<AdaptationAction> actions = step(scope, 3000, 110f, 101f);

    assertThat(actions)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.type()).isEqualTo(AdaptationAction.Type.ROLLBACK);
              assertThat(a.linkKey()).isEqualTo(LINK);
              assertThat(a.versionBefore()).isEqualTo(7);
              assertThat(a.versionAfter()).isEqualTo(1);
            });
    assertThat(scope.servingVersion).isEqualTo(1);
    assertThat(ShadowComparison.watching(scope)).isFalse();
    assertThat(regimeMemory).containsEntry("down:r1", 1L);
  }

  @Test
  void aPromotedVersionThatDoesBetterKeepsServing() {
    Scope scope = promotedScope();
    for (long t = 1000; t <= 3000; t += STEP_MS) {
      assertThat(step(scope, t, 101f, 110f)).isEmpty();
    }
    assertThat(scope.servingVersion).isEqualTo(7);
    assertThat(ShadowComparison.watching(scope)).isFalse();
    assertThat(regimeMemory).isEmpty();
  }

  @Test
  void aForecastForAnotherTimeIsNotScored() {
    Scope scope = promotedScope();
    shadow.expect(LINK, 110f, 101f, 5000);
    assertThat(shadow.score(scope, LINK, 1000, 100f)).isEmpty();
    assertThat(scope.shadowScored).isZero();
  }

  @Test
  void aForgottenForecastIsNotScored() {
    Scope scope = promotedScope();
    shadow.expect(LINK, 110f, 101f, 1000);
    shadow.forget(LINK);
    assertThat(shadow.score(scope, LINK, 1000, 100f)).isEmpty();
    assertThat(scope.shadowScored).isZero();
  }
}
