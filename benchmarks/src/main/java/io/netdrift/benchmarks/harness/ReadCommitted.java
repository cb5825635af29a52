package io.netdrift.benchmarks.harness;

import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A consumer of raw bytes that sees only committed outputs ({@code read_committed}), assigns its
 * partitions itself and commits nothing: how the benchmarks watch a job's outputs.
 */
public final class ReadCommitted {
  private ReadCommitted() {}

  /** A new consumer; {@code fetchMaxWaitMs} above 0 overrides the broker's fetch wait. */
  public static KafkaConsumer<byte[], byte[]> consumer(
      String bootstrapServers, int fetchMaxWaitMs) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
    if (fetchMaxWaitMs > 0) {
      props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, String.valueOf(fetchMaxWaitMs));
    }
    return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }
}
