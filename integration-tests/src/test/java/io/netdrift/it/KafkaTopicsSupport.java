package io.netdrift.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Producing to and reading back from the real broker of an integration test. */
final class KafkaTopicsSupport {
  private KafkaTopicsSupport() {}

  static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
    return producer(bootstrap, Map.of());
  }

  /** A producer with extra client settings (e.g. the SASL ones of a secured broker). */
  static KafkaProducer<byte[], byte[]> producer(String bootstrap, Map<String, String> client) {
    Properties props = new Properties();
    props.putAll(client);
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }

  static void send(KafkaProducer<byte[], byte[]> producer, String topic, String key, byte[] value) {
    producer.send(new ProducerRecord<>(topic, key == null ? null : key.getBytes(), value));
  }

  /** Every committed record of a topic, read with {@code isolation.level=read_committed}. */
  static List<ConsumerRecord<byte[], byte[]>> readCommitted(String bootstrap, String topic) {
    return read(bootstrap, topic, "read_committed");
  }

  static List<ConsumerRecord<byte[], byte[]>> read(
      String bootstrap, String topic, String isolation) {
    return read(bootstrap, Map.of(), topic, isolation);
  }

  /** Every record of a topic, read with extra client settings (e.g. SASL). */
  static List<ConsumerRecord<byte[], byte[]>> read(
      String bootstrap, Map<String, String> client, String topic, String isolation) {
    Properties props = new Properties();
    props.putAll(client);
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-reader-" + UUID.randomUUID());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
          && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    return out;
  }
}
