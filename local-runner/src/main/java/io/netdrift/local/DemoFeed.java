package io.netdrift.local;

import io.netdrift.core.network.DirectedLink;
import io.netdrift.job.config.JobConfig;
import io.netdrift.job.config.JobConfig.Topic;
import io.netdrift.schema.LinkStatus;
import io.netdrift.schema.LinkTelemetry;
import io.netdrift.schema.codec.AvroCodec;
import io.netdrift.simulator.KafkaPublisherConfig;
import io.netdrift.simulator.KafkaStepPublisher;
import io.netdrift.simulator.NetworkSimulator;
import io.netdrift.simulator.SimulationStep;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The demo's input: a background thread that publishes the simulator's steps to the job's three
 * input topics at the demo's pace, keeps the noise-free load per link and step for scoring (and the
 * truth for {@code --report}), and halfway through injects three bad records an operator meets.
 */
final class DemoFeed {
  private final AtomicLong stepsPublished = new AtomicLong();
  private final AtomicLong badRecords = new AtomicLong();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final NetworkSimulator simulator;
  private final JobConfig config;
  private final int steps;
  private final double stepsPerSecond;
  private final boolean injectBadRecords;
  private final Map<String, Double> expected;
  private final DemoTruth truth;
  private final Thread thread;

  private DemoFeed(
      NetworkSimulator simulator,
      JobConfig config,
      int steps,
      double stepsPerSecond,
      boolean injectBadRecords,
      Map<String, Double> expected,
      DemoTruth truth) {
    this.simulator = simulator;
    this.config = config;
    this.steps = steps;
    this.stepsPerSecond = stepsPerSecond;
    this.injectBadRecords = injectBadRecords;
    this.expected = expected;
    this.truth = truth;
    this.thread = new Thread(this::feed, "netdrift-demo-simulator");
    thread.setDaemon(true);
  }

  /**
   * Starts feeding {@code steps} steps.
   *
   * @param expected receives each step's noise-free load per link, keyed {@code link@time}
   * @param truth receives each step for the report, or null without {@code --report}
   */
  static DemoFeed start(
      NetworkSimulator simulator,
      JobConfig config,
      int steps,
      double stepsPerSecond,
      boolean injectBadRecords,
      Map<String, Double> expected,
      DemoTruth truth) {
    DemoFeed feed =
        new DemoFeed(simulator, config, steps, stepsPerSecond, injectBadRecords, expected, truth);
    feed.thread.start();
    return feed;
  }

  private void feed() {
    KafkaPublisherConfig publisherConfig =
        KafkaPublisherConfig.defaults(config.get(JobConfig.BOOTSTRAP_SERVERS))
            .withTopics(
                config.topic(Topic.TELEMETRY),
                config.topic(Topic.TRAFFIC),
                config.topic(Topic.NETWORK_EVENTS))
            .withStepsPerSecond(stepsPerSecond);
    try (KafkaStepPublisher publisher = new KafkaStepPublisher(publisherConfig);
        KafkaProducer<String, byte[]> raw = rawProducer(config.get(JobConfig.BOOTSTRAP_SERVERS))) {
      for (int i = 0; i < steps && simulator.hasNext(); i++) {
        SimulationStep step = simulator.next();
        step.expectedLoadMbps()
            .forEach((link, load) -> expected.put(link + '@' + step.timestampMs(), load));
        if (truth != null) {
          truth.record(i, step);
        }
        publisher.publish(step);
        if (injectBadRecords && i == steps / 2) {
          badRecords.addAndGet(sendBadRecords(raw, config.topic(Topic.TELEMETRY), step));
        }
        stepsPublished.set(i + 1);
      }
      publisher.flush();
      raw.flush();
    } catch (Throwable t) {
      failure.set(t);
    }
  }

  long stepsPublished() {
    return stepsPublished.get();
  }

  long badRecords() {
    return badRecords.get();
  }

  /** What ended the feed early, or null. */
  Throwable failure() {
    return failure.get();
  }

  boolean running() {
    return thread.isAlive();
  }

  private static KafkaProducer<String, byte[]> rawProducer(String bootstrap) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
  }

  /**
   * Three kinds of bad input an operator meets: NaN, a link nobody knows, bytes that are not Avro.
   */
  private static int sendBadRecords(
      KafkaProducer<String, byte[]> raw, String topic, SimulationStep step) {
    AvroCodec<LinkTelemetry> codec = AvroCodec.of(LinkTelemetry.class);
    LinkTelemetry any = step.telemetry().get(0);
    LinkTelemetry nan = LinkTelemetry.newBuilder(any).setLoadMbps(Double.NaN).build();
    LinkTelemetry unknown =
        LinkTelemetry.newBuilder(any)
            .setLinkId("Atlantis-Lemuria")
            .setSrcNode("Atlantis")
            .setDstNode("Lemuria")
            .setStatus(LinkStatus.UP)
            .build();
    raw.send(
        new ProducerRecord<>(
            topic,
            DirectedLink.key(any.getLinkId(), any.getSrcNode(), any.getDstNode()),
            codec.encode(nan)));
    raw.send(
        new ProducerRecord<>(topic, "Atlantis-Lemuria:Atlantis>Lemuria", codec.encode(unknown)));
    raw.send(
        new ProducerRecord<>(
            topic, "garbage", "{\"load\": 12}".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    return 3;
  }
}
