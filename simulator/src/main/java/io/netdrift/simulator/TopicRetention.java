package io.netdrift.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Whether Kafka's time retention would delete records as soon as they are written. Simulated and
 * replayed records carry their event time as the Kafka timestamp; a topic with {@code
 * cleanup.policy=delete} deletes every record whose timestamp is older than {@code retention.ms} at
 * its next retention check (30 s after the broker starts, then every 5 minutes by default), the
 * active segment included. A job reading such a topic finds its input gone while it runs: its tasks
 * idle and nothing more is committed (the "output stall" of the end-to-end benchmark, traced to
 * this in {@code benchmarks/results/output-stall/}).
 */
public final class TopicRetention {

  /** A topic that would delete records stamped at {@code oldestTimestampMs}. */
  public record Problem(String topic, long retentionMs, long oldestTimestampMs) {
    /** A one-line explanation with the fix. */
    public String message(long nowMs) {
      return String.format(
          java.util.Locale.ROOT,
          "topic %s deletes records older than %s (retention.ms=%d), but these records are stamped"
              + " from %s, %s ago: Kafka would delete them within minutes of writing them, and a"
              + " job reading them would find its input gone. Use a --start within the retention,"
              + " or keep the records: kafka-configs.sh --alter --entity-type topics"
              + " --entity-name %s --add-config retention.ms=-1",
          topic,
          human(Duration.ofMillis(retentionMs)),
          retentionMs,
          Instant.ofEpochMilli(oldestTimestampMs),
          human(Duration.ofMillis(nowMs - oldestTimestampMs)),
          topic);
    }

    private static String human(Duration d) {
      long days = d.toDays();
      return days >= 2 ? days + " days" : d.toHours() + " hours";
    }
  }

  private TopicRetention() {}

  /**
   * The existing {@code topics} whose time retention would delete records stamped {@code
   * oldestTimestampMs} at {@code nowMs}; topics that do not exist yet are skipped (whoever creates
   * them chooses their retention).
   */
  public static List<Problem> problems(
      Admin admin, Collection<String> topics, long oldestTimestampMs, long nowMs) {
    List<Problem> problems = new ArrayList<>();
    for (String topic : topics) {
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
      Config config;
      try {
        Map<ConfigResource, Config> configs =
            admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS);
        config = configs.get(resource);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof UnknownTopicOrPartitionException) {
          continue;
        }
        throw new IllegalStateException(
            "cannot read the configuration of topic " + topic + ": " + e.getCause(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while reading topic configurations", e);
      } catch (TimeoutException e) {
        throw new IllegalStateException("timed out reading the configuration of " + topic, e);
      }
      String policy = value(config, "cleanup.policy", "delete");
      long retentionMs = Long.parseLong(value(config, "retention.ms", "-1"));
      if (policy.contains("delete")
          && retentionMs >= 0
          && nowMs - oldestTimestampMs > retentionMs) {
        problems.add(new Problem(topic, retentionMs, oldestTimestampMs));
      }
    }
    return problems;
  }

  private static String value(Config config, String name, String fallback) {
    ConfigEntry entry = config == null ? null : config.get(name);
    return entry == null || entry.value() == null ? fallback : entry.value();
  }
}
