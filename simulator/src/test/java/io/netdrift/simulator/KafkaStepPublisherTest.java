package io.netdrift.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdrift.schema.LinkTelemetry;
import io.netdrift.schema.NetworkEvent;
import io.netdrift.schema.TrafficSample;
import io.netdrift.schema.codec.AvroCodec;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Record layout only (topics, keys, Avro values, timestamps), through kafka-clients' in-memory
 * producer; a real broker is exercised by the end-to-end tests.
 */
class KafkaStepPublisherTest {

  @Test
  void writesEveryRecordOfAStepWithTheAgreedKeysAndAvroValues() throws Exception {
    NetworkSimulator simulator =
        NetworkSimulator.builder().scenario(FailureScenario.DRASTIC, 1, -1).maxSteps(2).build();
    MockProducer<String, byte[]> producer =
        new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    KafkaPublisherConfig config = KafkaPublisherConfig.defaults("unused:9092");
    try (KafkaStepPublisher publisher = new KafkaStepPublisher(config, producer)) {
      assertThat(publisher.publish(simulator, 10, done -> {})).isEqualTo(2);
    }
    List<ProducerRecord<String, byte[]>> records = producer.history();
    long telemetry = records.stream().filter(r -> r.topic().equals("link-telemetry")).count();
    long traffic = records.stream().filter(r -> r.topic().equals("traffic-matrix")).count();
    long events = records.stream().filter(r -> r.topic().equals("network-events")).count();
    assertThat(telemetry).isEqualTo(2 * 82);
    assertThat(traffic).isEqualTo(2 * 28 * 27);
    assertThat(events).isEqualTo(1);

    for (ProducerRecord<String, byte[]> record : records) {
      switch (record.topic()) {
        case "link-telemetry" -> {
          LinkTelemetry value = AvroCodec.of(LinkTelemetry.class).decode(record.value());
          assertThat(record.key())
              .isEqualTo(value.getLinkId() + ":" + value.getSrcNode() + ">" + value.getDstNode());
          assertThat(record.timestamp()).isEqualTo(value.getTimestampMs());
        }
        case "traffic-matrix" -> {
          TrafficSample value = AvroCodec.of(TrafficSample.class).decode(record.value());
          assertThat(record.key()).isEqualTo(value.getSrcNode() + ">" + value.getDstNode());
        }
        default -> {
          NetworkEvent value = AvroCodec.of(NetworkEvent.class).decode(record.value());
          assertThat(record.key()).isEqualTo(value.getElement());
          assertThat(value.getAffectedLinks()).isNotEmpty();
        }
      }
    }
  }

  @Test
  void producerIsIdempotent() {
    var properties =
        KafkaStepPublisher.producerProperties(
            KafkaPublisherConfig.defaults("localhost:9092").withStepsPerSecond(10));
    assertThat(properties.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG)).isEqualTo("true");
    assertThat(properties.get(ProducerConfig.ACKS_CONFIG)).isEqualTo("all");
  }
}
