package io.netdrift.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvStepWriterTest {

  @Test
  void writesOneRowPerDirectionPerStepOnlyOnCommit(@TempDir Path directory) throws IOException {
    NetworkSimulator simulator =
        NetworkSimulator.builder().scenario(FailureScenario.MODERATE, 1, 2).maxSteps(3).build();
    try (CsvStepWriter writer = new CsvStepWriter(directory, simulator.topology())) {
      while (simulator.hasNext()) {
        writer.write(simulator.next());
      }
      assertThat(directory.resolve("link_load.csv")).doesNotExist();
      writer.commit();
    }
    List<String> linkLoad = Files.readAllLines(directory.resolve("link_load.csv"));
    assertThat(linkLoad.get(0)).isEqualTo(CsvStepWriter.LINK_LOAD_HEADER);
    assertThat(linkLoad).hasSize(1 + 3 * 82);
    assertThat(linkLoad.get(1)).startsWith("2026-01-05T00:00:00Z,");
    List<String> events = Files.readAllLines(directory.resolve("events.csv"));
    assertThat(events.stream().filter(line -> line.contains(",LINK_DOWN,"))).isNotEmpty();
    assertThat(events.stream().filter(line -> line.contains(",LINK_UP,"))).isNotEmpty();
    try (Stream<Path> files = Files.list(directory)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder(
              "link_load.csv",
              "link_status.csv",
              "traffic.csv",
              "events.csv",
              "dropped.csv",
              "topology.csv");
    }
  }

  @Test
  void anAbandonedRunLeavesNothing(@TempDir Path directory) throws IOException {
    NetworkSimulator simulator = NetworkSimulator.builder().maxSteps(1).build();
    try (CsvStepWriter writer = new CsvStepWriter(directory, simulator.topology())) {
      writer.write(simulator.next());
    }
    try (Stream<Path> files = Files.list(directory)) {
      assertThat(files).isEmpty();
    }
  }
}
