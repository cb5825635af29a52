package io.netdrift.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.netdrift.core.model.ModelKind;
import io.netdrift.core.network.BuiltInTopologies;
import io.netdrift.job.config.JobConfig;
import io.netdrift.schema.LoadPrediction;
import io.netdrift.simulator.FailureScenario;
import io.netdrift.simulator.KafkaStepPublisher;
import io.netdrift.simulator.NetworkSimulator;
import io.netdrift.simulator.SimulationStep;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upgrade: the job of this release restores from a savepoint that the previous release wrote
 * (committed under {@code src/test/resources/upgrade/release-1/}: the savepoint, the base model,
 * and the predictions and detector findings that release committed before it stopped), while the
 * per-link state gained a field ({@code LinkForecastStateCodec} layout 2 adds {@code
 * rejectedSamples}). The restored job must continue every link's series as an uninterrupted run of
 * this release does: the same values for persistence, seasonal-naive and the CfC (history ring and
 * recurrent state kept), the same detector findings (drift marks and recovery state kept), and
 * exactly one prediction per (link, step, lane) across both releases. The savepoint is taken in the
 * middle of a link failure, with samples still waiting for the watermark.
 *
 * <p>The fixture is written by the previous release with {@code
 * -Dnetdrift.upgrade.writeFixture=<dir>} ({@link #FIXTURE_COMMAND}). It has no adaptive lane: their
 * model versions name absolute directories of the model store, so a committed savepoint of them
 * would not restore on another machine.
 */
class UpgradeITCase {
  static final String FIXTURE_COMMAND =
      "mvn -B -o -pl integration-tests -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false"
          + " -Dit.test=UpgradeITCase -Dnetdrift.upgrade.writeFixture=$PWD/integration-tests/src/"
          + "test/resources/upgrade/release-1";

  private static final Duration STEP = Duration.ofMinutes(15);
  private static final long STEP_MS = STEP.toMillis();
  private static final int TRAINING_STEPS = 96;
  private static final int STEPS = 24;
  private static final int FAIL_AT = 8;
  private static final int REPAIR_AT = 16;

  /** Steps on the topics when the previous release stopped with its savepoint. */
  private static final int SAVEPOINT_AFTER = 12;

  private static final String SUFFIX = "upgrade-release-1";
  private static final Map<String, Double> COMPARED_LANES =
      Map.of("persistence", 0.0, "seasonal-naive", 0.0, "static", 1e-3);

  @RegisterExtension static final JobClusterExtension CLUSTER = new JobClusterExtension(2, 1);

  @TempDir Path dir;

  @Test
  void thisReleaseContinuesFromThePreviousReleasesSavepoint() throws Exception {
    String writeTo = System.getProperty("netdrift.upgrade.writeFixture");
    if (writeTo != null) {
      writeFixture(Path.of(writeTo));
      return;
    }
    Path fixture = fixture();
    Path models = dir.resolve("models");
    copyRecursively(fixture.resolve("models"), models);
    Path savepoint = dir.resolve("savepoint");
    copyRecursively(fixture.resolve("savepoint"), savepoint);
    List<SimulationStep> steps = run();

    // the previous release's input, on a fresh broker: the same records at the same offsets
    JobConfig config =
        JobRunSupport.jobWithFreshTopics(CLUSTER.kafka(), SUFFIX, STEP_MS, flags(models));
    String bootstrap = CLUSTER.kafka().bootstrapServers();
    int perStep = BuiltInTopologies.abilene().directedLinkCount() * config.lanes().size();
    try (KafkaStepPublisher publisher = publisher(bootstrap, config)) {
      steps.subList(0, SAVEPOINT_AFTER).forEach(publisher::publish);
      publisher.flush();
      JobClient upgraded =
          JobRunSupport.start(config, savepoint.toUri().toString(), "netdrift-upgraded");
      steps.subList(SAVEPOINT_AFTER, STEPS).forEach(publisher::publish);
      publisher.flush();
      JobRunSupport.awaitCommittedPredictionsOrStall(
          bootstrap, config.get(JobConfig.PREDICTIONS_TOPIC), (STEPS - SAVEPOINT_AFTER) * perStep);
      JobRunSupport.drain(upgraded, dir);
    }

    // the reference: this release, uninterrupted, on the same input
    String refSuffix = "reference-" + SUFFIX;
    JobConfig reference =
        JobRunSupport.jobConfig(
            CLUSTER.kafka(),
            refSuffix,
            STEP_MS,
            JobRunSupport.concat(
                flags(models),
                "--telemetry-topic",
                config.get(JobConfig.TELEMETRY_TOPIC),
                "--traffic-topic",
                config.get(JobConfig.TRAFFIC_TOPIC),
                "--network-events-topic",
                config.get(JobConfig.NETWORK_EVENTS_TOPIC)));
    JobRunSupport.createTopics(
        CLUSTER.kafka(),
        reference,
        List.of(
            JobConfig.Topic.PREDICTIONS,
            JobConfig.Topic.ADAPTATION_EVENTS,
            JobConfig.Topic.DEAD_LETTERS));
    JobClient referenceJob = JobRunSupport.start(reference, null, "netdrift-upgrade-reference");
    JobRunSupport.awaitCommittedPredictionsOrStall(
        bootstrap, reference.get(JobConfig.PREDICTIONS_TOPIC), (STEPS - 2) * perStep);
    JobRunSupport.drain(referenceJob, dir);

    // both releases together: one prediction per (link, step, lane), none twice
    List<String> before = Files.readAllLines(fixture.resolve("predictions.tsv"));
    List<LoadPrediction> after =
        JobRunSupport.readPredictions(bootstrap, config.get(JobConfig.PREDICTIONS_TOPIC));
    List<LoadPrediction> uninterrupted =
        JobRunSupport.readPredictions(bootstrap, reference.get(JobConfig.PREDICTIONS_TOPIC));
    Map<String, String[]> all = new HashMap<>();
    for (String line : before) {
      String[] f = line.split("\t");
      all.put(f[0], f);
    }
    Set<String> repeated = new TreeSet<>();
    for (LoadPrediction p : after) {
      String[] previous =
          all.put(
              key(p),
              new String[] {
                key(p), String.valueOf(p.getValueMbps()), String.valueOf(p.getModelVersion())
              });
      if (previous != null) {
        repeated.add(key(p));
      }
    }
    assertThat(repeated).as("predicted by both releases").isEmpty();
    Set<String> expected = new HashSet<>();
    for (LoadPrediction p : uninterrupted) {
      expected.add(key(p));
    }
    assertThat(expected).hasSize(STEPS * perStep);
    assertThat(all.keySet()).as("(link, step, lane) of both releases").isEqualTo(expected);
    assertThat(after.size()).as("predicted by this release").isGreaterThan(0);

    // the same values as the uninterrupted run: history and recurrent state were kept
    Map<String, LoadPrediction> referenceByKey = new HashMap<>();
    uninterrupted.forEach(p -> referenceByKey.put(key(p), p));
    for (String[] p : all.values()) {
      String lane = p[0].substring(p[0].indexOf('/') + 1);
      if (COMPARED_LANES.containsKey(lane)) {
        assertThat(Double.parseDouble(p[1]))
            .as("%s vs the uninterrupted run", p[0])
            .isCloseTo(referenceByKey.get(p[0]).getValueMbps(), within(COMPARED_LANES.get(lane)));
      }
    }
    // the detectors' findings: drift, warning and recovery state was kept
    List<String> findings = new ArrayList<>(Files.readAllLines(fixture.resolve("findings.txt")));
    findings.addAll(JobRunSupport.detectorFindings(bootstrap, config, COMPARED_LANES.keySet()));
    findings.sort(null);
    assertThat(findings)
        .isEqualTo(JobRunSupport.detectorFindings(bootstrap, reference, COMPARED_LANES.keySet()));
  }

  /** The previous release's part: run to the savepoint, keep what it committed. */
  private void writeFixture(Path out) throws Exception {
    Path models = dir.resolve("models");
    NetworkSimulator simulator = simulator();
    List<SimulationStep> history = BaseModelSupport.history(simulator, TRAINING_STEPS);
    BaseModelSupport.trainTiny(
        history, simulator.topology(), ModelKind.CFC, STEP_MS, models.resolve("cfc"));
    List<SimulationStep> steps = new ArrayList<>();
    while (simulator.hasNext()) {
      steps.add(simulator.next());
    }
    JobConfig config =
        JobRunSupport.jobWithFreshTopics(CLUSTER.kafka(), SUFFIX, STEP_MS, flags(models));
    String bootstrap = CLUSTER.kafka().bootstrapServers();
    int perStep = simulator.topology().directedLinkCount() * config.lanes().size();
    String savepoint;
    try (KafkaStepPublisher publisher = publisher(bootstrap, config)) {
      steps.subList(0, SAVEPOINT_AFTER).forEach(publisher::publish);
      publisher.flush();
      JobClient job = JobRunSupport.start(config, null, "netdrift-previous-release");
      JobRunSupport.awaitCommittedPredictions(
          bootstrap, config.get(JobConfig.PREDICTIONS_TOPIC), (SAVEPOINT_AFTER - 2) * perStep);
      savepoint = JobRunSupport.stopWithSavepoint(job, dir);
    }
    deleteRecursively(out);
    Files.createDirectories(out);
    copyRecursively(Path.of(java.net.URI.create(savepoint)), out.resolve("savepoint"));
    copyRecursively(models, out.resolve("models"));
    List<String> predictions = new ArrayList<>();
    for (LoadPrediction p :
        JobRunSupport.readPredictions(bootstrap, config.get(JobConfig.PREDICTIONS_TOPIC))) {
      predictions.add(key(p) + "\t" + p.getValueMbps() + "\t" + p.getModelVersion());
    }
    predictions.sort(null);
    Files.write(out.resolve("predictions.tsv"), predictions);
    Files.write(
        out.resolve("findings.txt"),
        JobRunSupport.detectorFindings(bootstrap, config, COMPARED_LANES.keySet()));
    System.out.println("fixture written to " + out + ": " + predictions.size() + " predictions");
  }

  private static String[] flags(Path models) {
    return new String[] {
      "--topology",
      "abilene",
      "--step-ms",
      String.valueOf(STEP_MS),
      "--strategies",
      "persistence,seasonal-naive,static=" + models.resolve("cfc"),
      "--model-device",
      "cpu",
      "--parallelism",
      "2",
      // the input is on the topics before the job starts: no partition looks idle meanwhile
      "--source-idle-timeout-ms",
      "30000"
    };
  }

  private static NetworkSimulator simulator() {
    return NetworkSimulator.builder()
        .topology(BuiltInTopologies.abilene())
        .start(Instant.parse("2026-01-05T00:00:00Z"))
        .seed(11)
        .stepLength(STEP)
        .telemetryNoise(0.02)
        .scenario(FailureScenario.DRASTIC, TRAINING_STEPS + FAIL_AT, TRAINING_STEPS + REPAIR_AT)
        .maxSteps(TRAINING_STEPS + STEPS)
        .build();
  }

  /** The live steps, after the history the base model was trained on. */
  private static List<SimulationStep> run() {
    NetworkSimulator simulator = simulator();
    BaseModelSupport.history(simulator, TRAINING_STEPS);
    List<SimulationStep> steps = new ArrayList<>();
    while (simulator.hasNext()) {
      steps.add(simulator.next());
    }
    return steps;
  }

  private static KafkaStepPublisher publisher(String bootstrap, JobConfig config) {
    return new KafkaStepPublisher(JobRunSupport.feed(bootstrap, config));
  }

  private static String key(LoadPrediction p) {
    return JobRunSupport.linkKey(p) + "@" + p.getEventTimeMs() + "/" + p.getStrategy();
  }

  private static Path fixture() throws URISyntaxException {
    return Path.of(UpgradeITCase.class.getResource("/upgrade/release-1/predictions.tsv").toURI())
        .getParent();
  }

  private static void copyRecursively(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
  }

  private static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> files = Files.walk(path)) {
      files
          .sorted(Comparator.reverseOrder())
          .forEach(
              f -> {
                try {
                  Files.delete(f);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }
}
