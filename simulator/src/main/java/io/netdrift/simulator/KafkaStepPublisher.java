package io.netdrift.simulator;

import io.netdrift.core.network.DirectedLink;
import io.netdrift.schema.LinkTelemetry;
import io.netdrift.schema.NetworkEvent;
import io.netdrift.schema.TrafficSample;
import io.netdrift.schema.codec.AvroCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes {@link SimulationStep}s to Kafka: telemetry, traffic samples and network events, each on
 * its topic, values Avro single-object encoded ({@link AvroCodec}), keys UTF-8 strings (telemetry:
 * the directed link key {@code linkId:src>dst}; traffic: {@code src>dst}; events: the failed or
 * repaired element), record timestamps = event time of the step.
 *
 * <p>The producer is idempotent ({@code enable.idempotence=true}, {@code acks=all}), so retries
 * never duplicate a record. Within a step, events are sent first, then traffic, then telemetry.
 * Pace: as fast as possible, or {@code stepsPerSecond} steps per wall-clock second (steps are
 * scheduled on a fixed grid, so a slow step is caught up rather than shifting every later one). A
 * send failure is rethrown by the next call. Not thread-safe.
 */
public final class KafkaStepPublisher implements AutoCloseable {

  private static final AvroCodec<LinkTelemetry> TELEMETRY = AvroCodec.of(LinkTelemetry.class);
  private static final AvroCodec<TrafficSample> TRAFFIC = AvroCodec.of(TrafficSample.class);
  private static final AvroCodec<NetworkEvent> EVENTS = AvroCodec.of(NetworkEvent.class);

  private final KafkaPublisherConfig config;
  private final Producer<String, byte[]> producer;
  private final AtomicReference<Exception> sendFailure = new AtomicReference<>();
  private final Callback onCompletion =
      (metadata, exception) -> {
        if (exception != null) {
          sendFailure.compareAndSet(null, exception);
        }
      };
  private long firstStepNanos = -1;
  private long publishedSteps;
  private long publishedRecords;

  /** A publisher with its own idempotent {@link KafkaProducer}. */
  public KafkaStepPublisher(KafkaPublisherConfig config) {
    this(config, new KafkaProducer<>(producerProperties(config)));
  }

  /** A publisher writing through a given producer (closed by {@link #close()}). */
  public KafkaStepPublisher(KafkaPublisherConfig config, Producer<String, byte[]> producer) {
    this.config = config;
    this.producer = producer;
  }

  /** The producer settings: idempotent, acks=all, string keys, byte values, then overrides. */
  public static Properties producerProperties(KafkaPublisherConfig config) {
    Properties properties = new Properties();
    properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    properties.put(ProducerConfig.ACKS_CONFIG, "all");
    properties.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    properties.put(ProducerConfig.CLIENT_ID_CONFIG, "netdrift-simulator");
    properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    properties.put(
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    properties.putAll(config.producerProperties());
    return properties;
  }

  /**
   * Fails fast with a clear message when no broker answers within {@code timeout} (a producer would
   * otherwise block up to {@code max.block.ms} on every send).
   *
   * @return the number of brokers in the cluster
   */
  public static int checkReachable(KafkaPublisherConfig config, java.time.Duration timeout) {
    Properties properties = new Properties();
    properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    try (Admin admin = Admin.create(properties)) {
      return admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while contacting Kafka", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "cannot reach Kafka at " + config.bootstrapServers() + " within " + timeout, e);
    }
  }

  /**
   * Creates the three topics when missing, with infinite time retention ({@code retention.ms=-1}:
   * the records carry simulated event times, which a broker's default retention would delete, see
   * {@link TopicRetention}); existing topics are left as they are. A partition count or replication
   * factor below 1 leaves it to the broker's default.
   *
   * @param partitions partitions per topic (telemetry is keyed by link direction, so up to the
   *     number of link directions is useful)
   * @param replicationFactor replicas per partition (1 for a single local broker)
   * @return the topics that were created
   */
  public static List<String> createTopicsIfMissing(
      KafkaPublisherConfig config, int partitions, short replicationFactor) {
    Properties properties = new Properties();
    properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    try (Admin admin = Admin.create(properties)) {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing = new ArrayList<>();
      for (String topic :
          new LinkedHashSet<>(
              List.of(config.telemetryTopic(), config.trafficTopic(), config.eventsTopic()))) {
        if (!existing.contains(topic)) {
          // the records carry simulated event times as Kafka timestamps: time-based retention
          // would delete them (see TopicRetention)
          missing.add(
              new NewTopic(
                      topic,
                      partitions < 1 ? Optional.empty() : Optional.of(partitions),
                      replicationFactor < 1 ? Optional.empty() : Optional.of(replicationFactor))
                  .configs(java.util.Map.of("retention.ms", "-1")));
        }
      }
      try {
        admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e; // another client creating the same topic concurrently is fine
        }
      }
      List<String> created = missing.stream().map(NewTopic::name).toList();
      if (!created.isEmpty()) {
        TopicReadiness.await(admin, created, Duration.ofSeconds(60));
      }
      return created;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "cannot create topics on " + config.bootstrapServers() + ": " + e.getMessage(), e);
    }
  }

  /**
   * The publisher's topics that exist and would delete records stamped {@code oldestTimestampMs}
   * right after they are written ({@link TopicRetention}), each as a one-line message with the fix;
   * empty if none.
   */
  public static List<String> retentionProblems(
      KafkaPublisherConfig config, long oldestTimestampMs, long nowMs) {
    Properties properties = new Properties();
    properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    try (Admin admin = Admin.create(properties)) {
      return TopicRetention.problems(
              admin,
              new LinkedHashSet<>(
                  List.of(config.telemetryTopic(), config.trafficTopic(), config.eventsTopic())),
              oldestTimestampMs,
              nowMs)
          .stream()
          .map(problem -> problem.message(nowMs))
          .toList();
    }
  }

  public KafkaPublisherConfig config() {
    return config;
  }

  /** Sends one step (waiting first for its slot when paced; flushing after it if configured). */
  public void publish(SimulationStep step) {
    throwIfFailed();
    waitForSlot();
    long timestamp = step.timestampMs();
    for (NetworkEvent event : step.events()) {
      send(config.eventsTopic(), timestamp, event.getElement(), EVENTS.encode(event));
    }
    for (TrafficSample sample : step.traffic()) {
      send(
          config.trafficTopic(),
          timestamp,
          sample.getSrcNode() + ">" + sample.getDstNode(),
          TRAFFIC.encode(sample));
    }
    for (LinkTelemetry telemetry : step.telemetry()) {
      send(
          config.telemetryTopic(),
          timestamp,
          DirectedLink.key(telemetry.getLinkId(), telemetry.getSrcNode(), telemetry.getDstNode()),
          TELEMETRY.encode(telemetry));
    }
    publishedSteps++;
    if (config.flushEveryStep()) {
      producer.flush();
      throwIfFailed();
    }
  }

  /**
   * Runs a simulator for up to {@code steps} steps (fewer if it ends), publishing each; calls
   * {@code progress} with the number of steps done after each one. Flushes at the end.
   *
   * @return the number of steps published
   */
  public long publish(NetworkSimulator simulator, long steps, LongConsumer progress) {
    long done = 0;
    while (done < steps && simulator.hasNext()) {
      publish(simulator.next());
      done++;
      progress.accept(done);
    }
    flush();
    return done;
  }

  /** Waits until everything sent is acknowledged; rethrows a send failure. */
  public void flush() {
    producer.flush();
    throwIfFailed();
  }

  public long publishedSteps() {
    return publishedSteps;
  }

  public long publishedRecords() {
    return publishedRecords;
  }

  private void send(String topic, long timestampMs, String key, byte[] value) {
    producer.send(new ProducerRecord<>(topic, null, timestampMs, key, value), onCompletion);
    publishedRecords++;
  }

  private void waitForSlot() {
    if (config.stepsPerSecond() <= 0) {
      return;
    }
    long now = System.nanoTime();
    if (firstStepNanos < 0) {
      firstStepNanos = now;
      return;
    }
    long due =
        firstStepNanos
            + (long) (publishedSteps * TimeUnit.SECONDS.toNanos(1) / config.stepsPerSecond());
    while (now < due) {
      LockSupport.parkNanos(due - now);
      if (Thread.interrupted()) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while pacing");
      }
      now = System.nanoTime();
    }
  }

  private void throwIfFailed() {
    Exception failure = sendFailure.get();
    if (failure != null) {
      throw new IllegalStateException("sending to Kafka failed: " + failure.getMessage(), failure);
    }
  }

  @Override
  public void close() {
    try {
      producer.flush();
    } finally {
      producer.close();
    }
    throwIfFailed();
  }
}
