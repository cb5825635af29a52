package io.netdrift.core.adaptation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RewarmRuleTest {

  @Test
  void aLargeMoveRewarmsASmallOneDoesNot() {
    assertThat(RewarmRule.rewarm(100, 125)).isFalse(); // a moderate detour: +25 %
    assertThat(RewarmRule.rewarm(100, 190)).isFalse();
    assertThat(RewarmRule.rewarm(100, 200)).isTrue(); // doubled
    assertThat(RewarmRule.rewarm(100, 0)).isTrue(); // the failed link itself
    assertThat(RewarmRule.rewarm(0, 50)).isTrue(); // a link that carried nothing
    assertThat(RewarmRule.rewarm(0, 0)).isFalse();
  }

  @Test
  void anUnknownLoadRewarms() {
    assertThat(RewarmRule.rewarm(Double.NaN, 100)).isTrue();
    assertThat(RewarmRule.rewarm(100, Double.NaN)).isTrue();
  }
}
