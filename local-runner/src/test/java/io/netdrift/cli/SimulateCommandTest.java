package io.netdrift.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SimulateCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int simulate(String... args) {
    CommandLine command = new CommandLine(new SimulateCommand());
    command.setOut(new PrintWriter(out));
    command.setErr(new PrintWriter(err));
    return command.execute(args);
  }

  /** A 6-node mesh whose weights leave no equal-cost ties in any failure state of the test. */
  private static final String[][] LINKS = {
    {"AB", "A", "B", "3"}, {"AC", "A", "C", "7"}, {"BC", "B", "C", "2"}, {"BD", "B", "D", "8"},
    {"CD", "C", "D", "4"}, {"CE", "C", "E", "12"}, {"DE", "D", "E", "5"}, {"DF", "D", "F", "9"},
    {"EF", "E", "F", "1"}, {"AF", "A", "F", "19"}
  };

  @Test
  void replayedMatrixWithFailuresGivesLinkLoadsOfAnIndependentShortestPathComputation(
      @TempDir Path directory) throws IOException {
    StringBuilder topology = new StringBuilder("link_id,src,dst,capacity_mbps,weight\n");
    for (String[] link : LINKS) {
      topology.append(String.join(",", link[0], link[1], link[2], "1000", link[3])).append('\n');
    }
    Path topologyFile = Files.writeString(directory.resolve("T.csv"), topology);
    String[] nodes = {"A", "B", "C", "D", "E", "F"};
    Random random = new Random(3);
    StringBuilder matrix = new StringBuilder("timestamp,src,dst,mbps\n");
    List<Map<String, Double>> demandsPerStep = new ArrayList<>();
    Instant start = Instant.parse("2026-03-01T00:00:00Z");
    for (int step = 0; step < 4; step++) {
      Map<String, Double> demands = new HashMap<>();
      for (String src : nodes) {
        for (String dst : nodes) {
          if (!src.equals(dst) && random.nextDouble() < 0.7) {
            double mbps = Math.round(random.nextDouble() * 1000) / 10.0;
            demands.put(src + ">" + dst, mbps);
            matrix
                .append(start.plusSeconds(300L * step))
                .append(',')
                .append(src)
                .append(',')
                .append(dst)
                .append(',')
                .append(mbps)
                .append('\n');
          }
        }
      }
      demandsPerStep.add(demands);
    }
    Path matrixFile = Files.writeString(directory.resolve("M.csv"), matrix);
    Path failureFile =
        Files.writeString(
            directory.resolve("F.csv"),
            "timestamp,type,element\n"
                + start.plusSeconds(300)
                + ",LINK_DOWN,CD\n"
                + start.plusSeconds(600)
                + ",NODE_DOWN,E\n"
                + start.plusSeconds(900)
                + ",LINK_UP,CD\n");
    Path outDirectory = directory.resolve("out");

    int exit =
        simulate(
            "--topology", topologyFile.toString(),
            "--traffic", matrixFile.toString(),
            "--failures", failureFile.toString(),
            "--out", outDirectory.toString());
    assertThat(exit).as(err.toString()).isZero();

    List<String> lines = Files.readAllLines(outDirectory.resolve("link_load.csv"));
    assertThat(lines.get(0)).isEqualTo("timestamp,link_id,src,dst,load_mbps,expected_load_mbps");
    assertThat(lines).hasSize(1 + 4 * 2 * LINKS.length);
    List<Set<String>> downLinks =
        List.of(Set.of(), Set.of("CD"), Set.of("CD", "CE", "DE", "EF"), Set.of("CE", "DE", "EF"));
    List<Set<String>> downNodes = List.of(Set.of(), Set.of(), Set.of("E"), Set.of("E"));
    for (String line : lines.subList(1, lines.size())) {
      String[] fields = line.split(",");
      int step = (int) ((Instant.parse(fields[0]).getEpochSecond() - start.getEpochSecond()) / 300);
      Map<String, Double> expected =
          independentLoads(demandsPerStep.get(step), downLinks.get(step), downNodes.get(step));
      double load = Double.parseDouble(fields[4]);
      String key = fields[1] + ":" + fields[2] + ">" + fields[3];
      assertThat(load).as(line).isCloseTo(expected.getOrDefault(key, 0.0), within(1e-9));
      assertThat(Double.parseDouble(fields[5])).isCloseTo(load, within(1e-9));
    }
    assertThat(Files.readString(outDirectory.resolve("events.csv"))).contains(",NODE_DOWN,E,");
    // Steps 2 and 3: every demand from or to E is dropped, and listed.
    List<String> dropped = Files.readAllLines(outDirectory.resolve("dropped.csv"));
    long expectedDropped =
        demandsPerStep.subList(2, 4).stream()
            .flatMap(demands -> demands.keySet().stream())
            .filter(pair -> pair.contains("E"))
            .count();
    assertThat(dropped).hasSize(1 + (int) expectedDropped);
  }

  /** Floyd-Warshall with path reconstruction: loads per direction, independent of the simulator. */
  private static Map<String, Double> independentLoads(
      Map<String, Double> demands, Set<String> downLinks, Set<String> downNodes) {
    Map<String, Double> distance = new HashMap<>();
    Map<String, String> next = new HashMap<>();
    Map<String, String> linkBetween = new HashMap<>();
    Set<String> nodes = new HashSet<>();
    for (String[] link : LINKS) {
      nodes.add(link[1]);
      nodes.add(link[2]);
      if (downLinks.contains(link[0])
          || downNodes.contains(link[1])
          || downNodes.contains(link[2])) {
        continue;
      }
      double weight = Double.parseDouble(link[3]);
      for (String[] direction : new String[][] {{link[1], link[2]}, {link[2], link[1]}}) {
        distance.put(direction[0] + ">" + direction[1], weight);
        next.put(direction[0] + ">" + direction[1], direction[1]);
        linkBetween.put(direction[0] + ">" + direction[1], link[0]);
      }
    }
    for (String k : nodes) {
      for (String i : nodes) {
        for (String j : nodes) {
          Double ik = distance.get(i + ">" + k);
          Double kj = distance.get(k + ">" + j);
          Double ij = distance.get(i + ">" + j);
          if (!i.equals(j) && ik != null && kj != null && (ij == null || ik + kj < ij)) {
            distance.put(i + ">" + j, ik + kj);
            next.put(i + ">" + j, next.get(i + ">" + k));
          }
        }
      }
    }
    Map<String, Double> loads = new HashMap<>();
    demands.forEach(
        (pair, mbps) -> {
          String[] ends = pair.split(">");
          if (!next.containsKey(pair)) {
            return; // dropped
          }
          for (String node = ends[0]; !node.equals(ends[1]); ) {
            String hop = next.get(node + ">" + ends[1]);
            loads.merge(
                linkBetween.get(node + ">" + hop) + ":" + node + ">" + hop, mbps, Double::sum);
            node = hop;
          }
        });
    return loads;
  }

  @Test
  void generatedDrasticRunWritesEverything(@TempDir Path directory) throws IOException {
    int exit =
        simulate(
            "--scenario",
            "drastic",
            "--steps",
            "6",
            "--fail-at-step",
            "2",
            "--out",
            directory.toString());
    assertThat(exit).as(err.toString()).isZero();
    assertThat(Files.readAllLines(directory.resolve("link_load.csv"))).hasSize(1 + 6 * 82);
    assertThat(Files.readString(directory.resolve("events.csv"))).contains("LINK_DOWN");
    assertThat(out.toString()).contains("done: 6 steps");
  }

  @Test
  void badInputExitsWithTwoNamingFileLineAndColumnAndWritesNothing(@TempDir Path directory)
      throws IOException {
    Path matrix =
        Files.writeString(
            directory.resolve("M.csv"),
            "timestamp,src,dst,mbps\n2026-01-05T00:00:00Z,Amsterdam,Berlin,5\n"
                + "2026-01-05T00:00:00Z,Amsterdam,Atlantis,5\n");
    Path outDirectory = directory.resolve("out");
    int exit = simulate("--traffic", matrix.toString(), "--out", outDirectory.toString());
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString())
        .contains("M.csv, line 3, column 3: unknown node 'Atlantis' in topology euro28");
    assertThat(outDirectory).doesNotExist();

    assertThat(simulate("--scenario", "catastrophic", "--out", outDirectory.toString()))
        .isEqualTo(2);
    assertThat(simulate("--steps", "3")).isEqualTo(2);
    assertThat(simulate("--bootstrap-servers", "localhost:1", "--steps-per-second", "-1"))
        .isEqualTo(2);
    assertThat(simulate("--out", outDirectory.toString(), "--start", "monday")).isEqualTo(2);
    assertThat(simulate("--steps", "1", "--out", matrix.toString())).isEqualTo(2); // a file
    assertThat(simulate("--out", outDirectory.toString(), "--telemetry-noise", "7")).isEqualTo(2);
    assertThat(err.toString()).contains("nothing to write");
    assertThat(
            simulate(
                "--topology",
                directory.resolve("missing.csv").toString(),
                "--out",
                outDirectory.toString()))
        .isEqualTo(2);
    assertThat(outDirectory).doesNotExist();
  }

  @Test
  void sameSeedGivesTheSameFiles(@TempDir Path directory) throws IOException {
    for (String run : List.of("a", "b")) {
      assertThat(
              simulate(
                  "--quiet",
                  "--topology",
                  "abilene",
                  "--steps",
                  "5",
                  "--seed",
                  "9",
                  "--mean-steps-between-failures",
                  "2",
                  "--mean-steps-to-repair",
                  "1",
                  "--out",
                  directory.resolve(run).toString()))
          .isZero();
    }
    try (Stream<Path> files = Files.list(directory.resolve("a"))) {
      for (Path file : files.toList()) {
        assertThat(Files.readString(directory.resolve("b").resolve(file.getFileName())))
            .isEqualTo(Files.readString(file));
      }
    }
  }
}
