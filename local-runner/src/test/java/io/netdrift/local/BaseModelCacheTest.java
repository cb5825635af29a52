package io.netdrift.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaseModelCacheTest {

  private static BaseModelCache.Builder writing(String content, AtomicInteger builds) {
    return dir -> {
      builds.incrementAndGet();
      Files.writeString(dir.resolve("model.txt"), content);
    };
  }

  @Test
  void theSecondCallReusesTheEntry(@TempDir Path root) throws Exception {
    BaseModelCache cache = new BaseModelCache(root);
    AtomicInteger builds = new AtomicInteger();

    BaseModelCache.Entry first = cache.getOrBuild("k1", writing("first", builds));
    BaseModelCache.Entry second = cache.getOrBuild("k1", writing("second", builds));

    assertThat(first.reused()).isFalse();
    assertThat(second.reused()).isTrue();
    assertThat(second.dir()).isEqualTo(first.dir()).isEqualTo(root.resolve("k1"));
    assertThat(builds).hasValue(1);
    assertThat(Files.readString(second.dir().resolve("model.txt"))).isEqualTo("first");
    // no temporary directories left behind
    try (var entries = Files.list(root)) {
      assertThat(entries.map(p -> p.getFileName().toString())).containsExactly("k1");
    }
  }

  @Test
  void aHalfWrittenEntryIsIgnoredAndRebuilt(@TempDir Path root) throws Exception {
    BaseModelCache cache = new BaseModelCache(root);
    Path half = Files.createDirectories(root.resolve("k1"));
    Files.writeString(half.resolve("model.txt"), "truncated");
    AtomicInteger builds = new AtomicInteger();

    assertThat(cache.has("k1")).isFalse();
    BaseModelCache.Entry entry = cache.getOrBuild("k1", writing("complete", builds));

    assertThat(entry.reused()).isFalse();
    assertThat(builds).hasValue(1);
    assertThat(Files.readString(entry.dir().resolve("model.txt"))).isEqualTo("complete");
    assertThat(cache.has("k1")).isTrue();
  }

  @Test
  void aFailedBuildLeavesNothingToReuse(@TempDir Path root) throws Exception {
    BaseModelCache cache = new BaseModelCache(root);

    assertThatThrownBy(
            () ->
                cache.getOrBuild(
                    "k1",
                    dir -> {
                      Files.writeString(dir.resolve("model.txt"), "part");
                      throw new IllegalStateException("interrupted");
                    }))
        .hasMessage("interrupted");

    assertThat(cache.has("k1")).isFalse();
    try (var entries = Files.list(root)) {
      assertThat(entries).isEmpty();
    }
    AtomicInteger builds = new AtomicInteger();
    assertThat(cache.getOrBuild("k1", writing("again", builds)).reused()).isFalse();
    assertThat(builds).hasValue(1);
  }

  @Test
  void theKeyChangesWithAnyInputAndItsOrderIsStable() {
    Map<String, String> inputs = new LinkedHashMap<>();
    inputs.put("topology", "euro28");
    inputs.put("seed", "1");
    String key = BaseModelCache.key(inputs);

    assertThat(BaseModelCache.key(new LinkedHashMap<>(inputs))).isEqualTo(key);
    inputs.put("seed", "2");
    assertThat(BaseModelCache.key(inputs)).isNotEqualTo(key).hasSize(32);
  }
}
