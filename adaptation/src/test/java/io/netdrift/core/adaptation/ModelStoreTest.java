package io.netdrift.core.adaptation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netdrift.core.model.ModelConfig;
import io.netdrift.core.model.ModelDirectory;
import io.netdrift.core.model.ModelKind;
import io.netdrift.core.model.ModelTestSupport;
import io.netdrift.core.model.training.ModelTrainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelStoreTest {
  @TempDir Path tmp;

  @Test
  void reservedNumbersAreNeverHandedOutTwiceAndSkipWhatIsOnDisk() throws Exception {
    ModelStore store = new ModelStore(tmp);
    Files.createDirectories(store.directory("liquid", 0, 3)); // written before a crash
    assertThat(store.nextFreeVersion("liquid", 0, 2)).isEqualTo(4);
    assertThat(store.reserve("liquid", 0, 2)).isEqualTo(4);
    assertThat(store.reserve("liquid", 0, 2)).isEqualTo(5);
    assertThat(store.reserve("liquid", 1, 2)).isEqualTo(2); // per subtask
  }

  @Test
  void aVersionIsWrittenOnceIntoItsReservedDirectoryWithItsLineage() throws Exception {
    ModelStore store = new ModelStore(tmp);
    ModelConfig config = new ModelConfig(ModelKind.MLP, 4, 1, 4, 4, 1, 0, 300f);
    long number = store.reserve("incremental", 0, 2);
    ModelVersion version =
        new ModelVersion(
            number,
            1,
            "incremental",
            "link:A-B",
            store.directory("incremental", 0, number).toString(),
            10,
            20,
            12.5,
            30);
    ModelDirectory written =
        store.write(
            0,
            version,
            ModelTestSupport.untrainedMetadata(config),
            ModelTrainer.persistenceStart(config, 1));
    assertThat(written.metadata().modelVersion()).isEqualTo(number);
    Properties lineage = new Properties();
    try (var in = Files.newInputStream(written.path().resolve("version.properties"))) {
      lineage.load(in);
    }
    assertThat(lineage.getProperty("parent")).isEqualTo("1");
    assertThat(lineage.getProperty("scope")).isEqualTo("link:A-B");
    assertThatThrownBy(
            () ->
                store.write(
                    0,
                    version,
                    ModelTestSupport.untrainedMetadata(config),
                    ModelTrainer.persistenceStart(config, 1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already in the store");
  }
}
