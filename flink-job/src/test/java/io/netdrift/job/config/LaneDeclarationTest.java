package io.netdrift.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class LaneDeclarationTest {

  @Test
  void modelFreeLanesAndLanesOnAModel() {
    assertThat(LaneDeclaration.parseAll(List.of("persistence", "static=/m/cfc", "liquid = /m/cfc")))
        .containsExactly(
            new LaneDeclaration("persistence", null),
            new LaneDeclaration("static", "/m/cfc"),
            new LaneDeclaration("liquid", "/m/cfc"));
  }

  @Test
  void theSpecFollowsTheName() {
    assertThat(new LaneDeclaration("liquid", "/m").toSpec(96, "cpu", "djl").strategy())
        .isEqualTo("liquid");
    assertThat(new LaneDeclaration("seasonal-naive", null).toSpec(96, "cpu", "djl").seasonSteps())
        .isEqualTo(96);
  }

  @Test
  void eachMistakeIsNamed() {
    assertThatThrownBy(() -> LaneDeclaration.parse("persistance"))
        .hasMessageContaining("'persistance' is neither");
    assertThatThrownBy(() -> LaneDeclaration.parse("static="))
        .hasMessageContaining("needs both a name and MODEL_DIR");
    assertThatThrownBy(() -> LaneDeclaration.parse("hybrid=/m"))
        .hasMessageContaining("takes no model");
    assertThatThrownBy(() -> LaneDeclaration.parseAll(List.of("static=/a", "static=/b")))
        .hasMessageContaining("declared twice");
    assertThatThrownBy(() -> LaneDeclaration.parseAll(List.of("liquid=/a", "hybrid")))
        .hasMessageContaining("hybrid needs both liquid and incremental");
    assertThatThrownBy(() -> LaneDeclaration.parseAll(List.of())).hasMessageContaining("no lane");
  }
}
