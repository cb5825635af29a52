package io.netdrift.benchmarks.scale;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointFootprintTest {

  @Test
  void countsTheRegularFilesBelowADirectoryAndNothingForAMissingOne(@TempDir Path dir)
      throws Exception {
    Files.write(dir.resolve("_metadata"), new byte[100]);
    Files.createDirectories(dir.resolve("a/b"));
    Files.write(dir.resolve("a/b/sst"), new byte[2_000]);

    assertThat(CheckpointFootprint.bytes(dir)).isEqualTo(2_100);
    assertThat(CheckpointFootprint.bytes(dir.resolve("shared"))).isZero();
  }
}
