package io.netdrift.core.adaptation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdaptiveLaneCodecTest {

  private static AdaptiveLaneCodec.Contents contents() {
    ModelVersion base =
        new ModelVersion(1, -1, "liquid", ModelVersion.BASE_SCOPE, "/models/base", -1, -1, 0, 0);
    ModelVersion promoted =
        new ModelVersion(7, 1, "liquid", "down:r1", "/store/v7", 1000, 420, 12.5, 96);
    Scope scope = new Scope("down:r1", true, 7);
    scope.previousVersion = 1;
    scope.servingSquares = 3.5;
    scope.previousSquares = 1.25;
    scope.shadowScored = 4;
    scope.confirmed = true;
    scope.retrains = 2;
    LinkSamples samples = new LinkSamples(16);
    samples.append(1000, 10.5f, 100f);
    samples.append(2000, 11.5f, 100f);
    scope.samples.put("l1:a:b", samples);
    scope.newSamples.put("l1:a:b", 2);
    Map<String, String> scopeOfLink = new LinkedHashMap<>();
    scopeOfLink.put("l1:a:b", "down:r1");
    Map<String, Long> regimeMemory = new LinkedHashMap<>();
    regimeMemory.put("down:r1", 7L);
    return new AdaptiveLaneCodec.Contents(
        "liquid", 8, List.of(base, promoted), List.of(scope), scopeOfLink, regimeMemory, 2000);
  }

  @Test
  void aSnapshotReadBackWritesTheSameBytes() {
    byte[] bytes = AdaptiveLaneCodec.write(contents());

    AdaptiveLaneCodec.Contents read = AdaptiveLaneCodec.read(bytes, "liquid");

    assertThat(read.nextVersion()).isEqualTo(8);
    assertThat(read.versions()).extracting(ModelVersion::version).containsExactly(1L, 7L);
    assertThat(read.scopes())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.servingVersion).isEqualTo(7);
              assertThat(s.previousVersion).isEqualTo(1);
              assertThat(s.samples.get("l1:a:b").size()).isEqualTo(2);
            });
    assertThat(read.scopeOfLink()).containsEntry("l1:a:b", "down:r1");
    assertThat(read.regimeMemory()).containsEntry("down:r1", 7L);
    assertThat(read.newestEventTimeMs()).isEqualTo(2000);
    assertThat(AdaptiveLaneCodec.write(read)).isEqualTo(bytes);
  }

  @Test
  void theBytesStartWithFormatOneAndTheLaneName() throws IOException {
    byte[] bytes = AdaptiveLaneCodec.write(contents());
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      assertThat(in.readInt()).isEqualTo(1);
      assertThat(in.readUTF()).isEqualTo("liquid");
      assertThat(in.readLong()).isEqualTo(8);
    }
    assertThat(AdaptiveLaneCodec.laneOf(bytes)).isEqualTo("liquid");
  }

  @Test
  void refusesAnotherLanesSnapshotAndAnUnknownFormat() {
    byte[] bytes = AdaptiveLaneCodec.write(contents());
    assertThatThrownBy(() -> AdaptiveLaneCodec.read(bytes, "incremental"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("restored into incremental");
    byte[] otherFormat = bytes.clone();
    otherFormat[3] = 2;
    assertThatThrownBy(() -> AdaptiveLaneCodec.read(otherFormat, "liquid"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("format 2");
  }
}
