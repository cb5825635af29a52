package io.netdrift.benchmarks.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Counts what a {@code read_committed} consumer sees on the output topics while a job runs (no
 * decoding, to keep the monitor's CPU share small); keeps the values of one topic for the check
 * after the run.
 */
public final class OutputCounter implements AutoCloseable {
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Map<String, Long> counts = new HashMap<>();
  private final String keptTopic;
  private final List<byte[]> kept = new ArrayList<>();

  public OutputCounter(String bootstrap, List<String> topics, String keptTopic) {
    this.consumer = ReadCommitted.consumer(bootstrap, 0);
    this.keptTopic = keptTopic;
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : topics) {
      counts.put(topic, 0L);
      for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
        partitions.add(new TopicPartition(topic, info.partition()));
      }
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /** Polls once; returns how many records arrived. */
  public int poll(Duration timeout) {
    int n = 0;
    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(timeout)) {
      counts.merge(r.topic(), 1L, Long::sum);
      if (r.topic().equals(keptTopic)) {
        kept.add(r.value());
      }
      n++;
    }
    return n;
  }

  public long count(String topic) {
    return counts.getOrDefault(topic, 0L);
  }

  public List<byte[]> kept() {
    return kept;
  }

  @Override
  public void close() {
    consumer.close();
  }
}
