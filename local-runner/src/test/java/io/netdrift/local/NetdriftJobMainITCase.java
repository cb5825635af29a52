package io.netdrift.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdrift.job.NetdriftJobMain;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job jar's entry point against a real broker (in-process KRaft) that lacks the job's topics,
 * as a newcomer meets it with {@code flink run ... --bootstrap-servers} before creating them: one
 * line that says what to do, exit code 2, no stack trace. Run in its own JVM, since it exits.
 */
class NetdriftJobMainITCase {

  @Test
  void aTopicMissingOnTheBrokerIsOneLineAndExitCode2(@TempDir Path dir) throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      // all but the telemetry topic exist
      EmbeddedKafka.createTopics(
          kafka.bootstrapServers(),
          Map.of(
              "traffic-matrix", 1,
              "network-events", 1,
              "load-predictions", 1,
              "adaptation-events", 1,
              "dead-letters", 1));
      ProcessBuilder builder =
          new ProcessBuilder(
              List.of(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.netdrift.schema",
                  "-Dlog4j2.configurationFile=log4j2-cli.properties",
                  "-Dnetdrift.logFile=" + dir.resolve("job.log"),
                  "-cp",
                  System.getProperty("java.class.path"),
                  NetdriftJobMain.class.getName(),
                  "--bootstrap-servers",
                  kafka.bootstrapServers(),
                  "--kafka-check-timeout-ms",
                  "10000"));
      builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
      Process process = builder.start();
      String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();

      assertThat(process.exitValue()).as(stderr).isEqualTo(NetdriftJobMain.CONFIGURATION_ERROR);
      assertThat(stderr.lines().toList())
          .as(stderr)
          .containsExactly(
              "netdrift: topic 'link-telemetry' does not exist on Kafka at "
                  + kafka.bootstrapServers()
                  + " (create the six topics first; the job does not)");
    }
  }
}
