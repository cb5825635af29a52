package io.netdrift.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netdrift.job.config.JobConfig;
import io.netdrift.local.EmbeddedKafka;
import io.netdrift.schema.LinkTelemetry;
import io.netdrift.schema.LoadPrediction;
import io.netdrift.schema.codec.AvroCodec;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Runs a client recipe of {@code docs/clients.md} (JavaScript, Python) against the whole job on the
 * test's MiniCluster and broker, and checks what it did: Java decodes the telemetry the recipe
 * wrote (key, Kafka timestamp and value in the job's encoding; no dead letter), and every
 * prediction the recipe printed equals one the job committed, the persistence lane's value being
 * the load the recipe sent.
 */
final class ClientRecipeSupport {
  static final long STEP_MS = 900_000;
  static final int STEPS = 10;
  static final List<String> LINKS = List.of("A-B:A>B", "A-B:B>A", "B-C:B>C");

  private ClientRecipeSupport() {}

  /** Starts the job on fresh topics, runs {@code command} in {@code work}, checks its output. */
  static void checkAgainstTheJob(EmbeddedKafka kafka, Path work, String... command)
      throws Exception {
    String suffix = "js-" + UUID.randomUUID().toString().substring(0, 8);
    String bootstrap = kafka.bootstrapServers();
    JobConfig config = JobRunSupport.jobWithFreshTopics(bootstrap, suffix, STEP_MS);
    int lanes = config.lanes().size();
    JobClient job = JobRunSupport.start(config, null, "netdrift-js-client-it");
    long start = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    // sharedFlags' out-of-orderness is one step: the two newest steps wait for the watermark
    int expected = (STEPS - 2) * LINKS.size() * lanes;
    Map<String, String> env = new HashMap<>();
    env.put("BOOTSTRAP", bootstrap);
    env.put("SCHEMAS", RepositoryFiles.path("schemas/src/main/avro").toString());
    env.put("TELEMETRY_TOPIC", config.get(JobConfig.TELEMETRY_TOPIC));
    env.put("PREDICTIONS_TOPIC", config.get(JobConfig.PREDICTIONS_TOPIC));
    env.put("LINKS", String.join(",", LINKS));
    env.put("STEPS", String.valueOf(STEPS));
    env.put("STEP_MS", String.valueOf(STEP_MS));
    env.put("START_MS", String.valueOf(start));
    env.put("EXPECT", String.valueOf(expected));
    env.put("TIMEOUT_MS", "180000");
    Result client;
    try {
      client = run(work, env, 240, command);
    } finally {
      job.cancel().get();
    }
    System.out.println(client.output());
    assertThat(client.exit()).as(client.output()).isZero();

    // what Node wrote, decoded by the job's own codec: the encoding is right
    AvroCodec<LinkTelemetry> telemetryCodec = AvroCodec.of(LinkTelemetry.class);
    Map<String, Double> loadAt = new HashMap<>();
    List<ConsumerRecord<byte[], byte[]>> telemetry =
        KafkaTopicsSupport.readCommitted(bootstrap, config.get(JobConfig.TELEMETRY_TOPIC));
    assertThat(telemetry).hasSize(STEPS * LINKS.size());
    for (ConsumerRecord<byte[], byte[]> r : telemetry) {
      LinkTelemetry t = telemetryCodec.decode(r.value());
      String key = t.getLinkId() + ":" + t.getSrcNode() + ">" + t.getDstNode();
      assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(key);
      assertThat(r.timestamp()).isEqualTo(t.getTimestampMs());
      loadAt.put(key + "@" + t.getTimestampMs(), t.getLoadMbps());
    }
    assertThat(JobRunSupport.readDeadLetters(bootstrap, config.get(JobConfig.DEAD_LETTERS_TOPIC)))
        .isEmpty();

    // what Node read: each one a prediction the job committed, decoded to the same fields
    Map<String, LoadPrediction> committed = new HashMap<>();
    for (LoadPrediction p :
        JobRunSupport.readPredictions(bootstrap, config.get(JobConfig.PREDICTIONS_TOPIC))) {
      committed.put(JobRunSupport.linkKey(p) + "@" + p.getEventTimeMs() + "/" + p.getStrategy(), p);
    }
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> printed = new ArrayList<>();
    for (String line : client.output().split("\n")) {
      if (line.startsWith("prediction ")) {
        printed.add(json.readTree(line.substring("prediction ".length())));
      }
    }
    assertThat(printed).hasSize(expected);
    for (JsonNode p : printed) {
      String link =
          p.get("linkId").asText()
              + ":"
              + p.get("srcNode").asText()
              + ">"
              + p.get("dstNode").asText();
      long eventTime = p.get("eventTimeMs").asLong();
      LoadPrediction same =
          committed.get(link + "@" + eventTime + "/" + p.get("strategy").asText());
      assertThat(same).as("a committed prediction for %s", p).isNotNull();
      assertThat(p.get("valueMbps").asDouble()).isEqualTo(same.getValueMbps());
      assertThat(p.get("targetTimeMs").asLong()).isEqualTo(same.getTargetTimeMs());
      assertThat(p.get("horizonSteps").asInt()).isEqualTo(same.getHorizonSteps());
      assertThat(p.get("modelId").asText()).isEqualTo(same.getModelId());
      assertThat(p.get("modelVersion").asLong()).isEqualTo(same.getModelVersion());
      if (p.get("strategy").asText().equals("persistence")) {
        assertThat(p.get("valueMbps").asDouble())
            .isCloseTo(loadAt.get(link + "@" + eventTime), within(1e-3));
      }
    }
  }

  /** Whether the command exits 0 within the time (false also when it cannot be started). */
  static boolean runs(Path dir, int seconds, String... command) {
    try {
      return run(dir, Map.of(), seconds, command).exit() == 0;
    } catch (IOException e) {
      return false;
    }
  }

  record Result(int exit, String output) {}

  static Result run(Path dir, Map<String, String> env, int seconds, String... command)
      throws IOException {
    File log = Files.createTempFile("netdrift-client", ".log").toFile();
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    builder.redirectOutput(log);
    builder.environment().putAll(env);
    try {
      Process process = builder.start();
      try {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          return new Result(
              -1, "timed out after " + seconds + " s\n" + Files.readString(log.toPath()));
        }
        return new Result(process.exitValue(), Files.readString(log.toPath()));
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    } finally {
      Files.deleteIfExists(log.toPath());
    }
  }
}
