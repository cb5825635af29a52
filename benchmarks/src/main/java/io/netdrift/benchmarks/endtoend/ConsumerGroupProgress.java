package io.netdrift.benchmarks.endtoend;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How far a job has read its input, as its consumer group's committed offsets over the end offsets
 * of each input topic (Flink commits them after checkpoints, so this trails the actual reading).
 */
final class ConsumerGroupProgress implements AutoCloseable {
  private final Admin admin;
  private final String group;
  private final Map<TopicPartition, Long> ends;

  ConsumerGroupProgress(String bootstrap, String group, Map<TopicPartition, Long> ends) {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    this.admin = Admin.create(props);
    this.group = group;
    this.ends = ends;
  }

  /** Per input topic, in name order: the fraction of its records the group has committed. */
  Map<String, Double> consumedFractions() throws Exception {
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    Map<String, long[]> byTopic = new TreeMap<>();
    for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
      OffsetAndMetadata offset = committed.get(e.getKey());
      long[] doneTotal = byTopic.computeIfAbsent(e.getKey().topic(), t -> new long[2]);
      doneTotal[0] += Math.min(e.getValue(), offset == null ? 0 : offset.offset());
      doneTotal[1] += e.getValue();
    }
    Map<String, Double> fractions = new LinkedHashMap<>();
    byTopic.forEach((t, dt) -> fractions.put(t, dt[1] == 0 ? 1.0 : (double) dt[0] / dt[1]));
    return fractions;
  }

  /** {@code telemetry 40%, traffic 12%}: short topic names and percentages. */
  static String percentages(Map<String, Double> fractions) {
    StringBuilder s = new StringBuilder();
    fractions.forEach(
        (topic, f) ->
            s.append(s.length() > 0 ? ", " : "")
                .append(topic.replaceFirst("^e2e-", "").replaceFirst("-[0-9a-f]{8}$", ""))
                .append(String.format(Locale.ROOT, " %.0f%%", 100 * f)));
    return s.toString();
  }

  @Override
  public void close() {
    admin.close();
  }
}
