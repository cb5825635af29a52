package io.netdrift.local;

import io.netdrift.core.metrics.PhaseErrors;
import io.netdrift.core.metrics.RollingError;
import io.netdrift.core.network.DirectedLink;
import io.netdrift.job.config.JobConfig;
import io.netdrift.job.config.JobConfig.Topic;
import io.netdrift.schema.AdaptationEvent;
import io.netdrift.schema.DeadLetter;
import io.netdrift.schema.LinkTelemetry;
import io.netdrift.schema.LoadPrediction;
import io.netdrift.schema.NetworkEvent;
import io.netdrift.schema.codec.AvroCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Watches all six topics the way an operator's consumer would ({@code read_committed}): counts
 * records per topic and scores every prediction against the telemetry that later arrives for its
 * target time (and against the simulator's noise-free expected load, when given), per strategy.
 * Owned by one thread ({@link #poll}); the numbers are read from others through snapshots.
 */
public final class OutputMonitor implements AutoCloseable {
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Map<String, Topic> topicByName = new HashMap<>();
  private final Map<Topic, Long> counts = new EnumMap<>(Topic.class);
  private final Map<String, Float> truthByLinkTime = new HashMap<>();
  private final Map<String, List<LoadPrediction>> awaitingTruth = new HashMap<>();
  private final Map<String, Double> expectedByLinkTime;
  private final Map<String, RollingError> errorByStrategy = new TreeMap<>();
  private final Map<String, RollingError> errorVsExpectedByStrategy = new TreeMap<>();
  private final Supplier<PhaseErrors> newPhaseErrors;
  private final Map<String, PhaseErrors> phaseErrorsByStrategy = new TreeMap<>();
  private final Map<String, Long> deadLettersByReason = new TreeMap<>();
  private final Set<String> linksWithPredictions = new HashSet<>();
  private final AvroCodec<LinkTelemetry> telemetryCodec = AvroCodec.of(LinkTelemetry.class);
  private final AvroCodec<LoadPrediction> predictionCodec = AvroCodec.of(LoadPrediction.class);
  private final AvroCodec<DeadLetter> deadLetterCodec = AvroCodec.of(DeadLetter.class);
  private final AvroCodec<AdaptationEvent> adaptationCodec = AvroCodec.of(AdaptationEvent.class);
  private final AvroCodec<NetworkEvent> networkEventCodec = AvroCodec.of(NetworkEvent.class);
  private java.util.function.Consumer<NetworkEvent> networkEventListener;
  private java.util.function.Consumer<LoadPrediction> predictionListener = p -> {};
  private java.util.function.Consumer<AdaptationEvent> adaptationListener;
  private long undecodableOutputs;

  /**
   * @param expectedByLinkTime noise-free load per {@code linkKey@timestampMs}, filled by the
   *     producer side (may be empty); must be safe for concurrent writes
   */
  public OutputMonitor(
      String bootstrapServers, JobConfig config, Map<String, Double> expectedByLinkTime) {
    this(bootstrapServers, config, expectedByLinkTime, null);
  }

  /**
   * @param newPhaseErrors makes the per-strategy error by phase around the simulated failure (null:
   *     none)
   */
  public OutputMonitor(
      String bootstrapServers,
      JobConfig config,
      Map<String, Double> expectedByLinkTime,
      Supplier<PhaseErrors> newPhaseErrors) {
    this.expectedByLinkTime = expectedByLinkTime;
    this.newPhaseErrors = newPhaseErrors;
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "netdrift-monitor-" + UUID.randomUUID());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = new ArrayList<>();
    for (Topic topic : Topic.values()) {
      String name = config.topic(topic);
      topicByName.put(name, topic);
      counts.put(topic, 0L);
      consumer
          .partitionsFor(name)
          .forEach(p -> partitions.add(new TopicPartition(name, p.partition())));
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /** Reads what is there (up to {@code timeout}) and scores what can be scored. */
  public void poll(Duration timeout) {
    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(timeout)) {
      Topic topic = topicByName.get(record.topic());
      counts.merge(topic, 1L, Long::sum);
      try {
        switch (topic) {
          case TELEMETRY -> onTelemetry(telemetryCodec.decode(record.value()));
          case PREDICTIONS -> onPrediction(predictionCodec.decode(record.value()));
          case ADAPTATION_EVENTS -> {
            if (adaptationListener != null) {
              adaptationListener.accept(adaptationCodec.decode(record.value()));
            }
          }
          case NETWORK_EVENTS -> {
            if (networkEventListener != null) {
              networkEventListener.accept(networkEventCodec.decode(record.value()));
            }
          }
          case DEAD_LETTERS ->
              deadLettersByReason.merge(
                  deadLetterCodec.decode(record.value()).getReasonCode(), 1L, Long::sum);
          default -> {}
        }
      } catch (AvroCodec.DecodeException e) {
        if (topic != Topic.TELEMETRY && topic != Topic.NETWORK_EVENTS) {
          undecodableOutputs++; // inputs may be bad on purpose; outputs never should be
        }
      }
    }
  }

  /**
   * Reads until every partition's committed end (as of now) is reached and a poll comes back empty,
   * or {@code maxWait} passes.
   */
  public void drain(Duration maxWait) {
    long deadline = System.nanoTime() + maxWait.toNanos();
    Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
    while (System.nanoTime() < deadline) {
      boolean behind =
          end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue());
      long before = counts.values().stream().mapToLong(Long::longValue).sum();
      poll(Duration.ofMillis(500));
      long after = counts.values().stream().mapToLong(Long::longValue).sum();
      if (!behind && after == before) {
        return;
      }
    }
  }

  private void onTelemetry(LinkTelemetry t) {
    if (!Double.isFinite(t.getLoadMbps()) || t.getLoadMbps() < 0) {
      return; // a bad record on purpose: the job dead-letters it, it is nobody's truth
    }
    String key =
        DirectedLink.key(t.getLinkId(), t.getSrcNode(), t.getDstNode()) + '@' + t.getTimestampMs();
    float load = (float) t.getLoadMbps();
    if (truthByLinkTime.putIfAbsent(key, load) != null) {
      return; // the first measurement of a (link, time) is the one the job used
    }
    List<LoadPrediction> waiting = awaitingTruth.remove(key);
    if (waiting != null) {
      waiting.forEach(p -> score(p, key, load));
    }
  }

  /** Every committed prediction is also handed to {@code listener}, in the order read. */
  public OutputMonitor onPredictions(java.util.function.Consumer<LoadPrediction> listener) {
    this.predictionListener = listener;
    return this;
  }

  /** Every committed adaptation event is decoded and handed to {@code listener}. */
  public OutputMonitor onAdaptationEvents(java.util.function.Consumer<AdaptationEvent> listener) {
    this.adaptationListener = listener;
    return this;
  }

  /** Every network event read from the input topic is decoded and handed to {@code listener}. */
  public OutputMonitor onNetworkEvents(java.util.function.Consumer<NetworkEvent> listener) {
    this.networkEventListener = listener;
    return this;
  }

  private void onPrediction(LoadPrediction p) {
    predictionListener.accept(p);
    String link = DirectedLink.key(p.getLinkId(), p.getSrcNode(), p.getDstNode());
    linksWithPredictions.add(link);
    String key = link + '@' + p.getTargetTimeMs();
    Float truth = truthByLinkTime.get(key);
    if (truth != null) {
      score(p, key, truth);
    } else {
      awaitingTruth.computeIfAbsent(key, k -> new ArrayList<>(2)).add(p);
    }
  }

  private void score(LoadPrediction p, String key, float truth) {
    errorByStrategy
        .computeIfAbsent(p.getStrategy(), s -> new RollingError(Integer.MAX_VALUE))
        .update(p.getValueMbps(), truth);
    Double expected = expectedByLinkTime.get(key);
    if (expected != null) {
      errorVsExpectedByStrategy
          .computeIfAbsent(p.getStrategy(), s -> new RollingError(Integer.MAX_VALUE))
          .update(p.getValueMbps(), expected);
    }
    if (newPhaseErrors != null) {
      phaseErrorsByStrategy
          .computeIfAbsent(p.getStrategy(), s -> newPhaseErrors.get())
          .add(
              p.getTargetTimeMs(),
              p.getValueMbps(),
              truth,
              expected != null ? expected : Double.NaN);
    }
  }

  /** Error by phase around the failure, per strategy (empty without a phase factory). */
  public Map<String, PhaseErrors> phaseErrorsByStrategy() {
    return phaseErrorsByStrategy;
  }

  public long count(Topic topic) {
    return counts.get(topic);
  }

  public Map<String, RollingError> errorByStrategy() {
    return errorByStrategy;
  }

  public Map<String, RollingError> errorVsExpectedByStrategy() {
    return errorVsExpectedByStrategy;
  }

  public Map<String, Long> deadLettersByReason() {
    return deadLettersByReason;
  }

  public Set<String> linksWithPredictions() {
    return linksWithPredictions;
  }

  public long undecodableOutputs() {
    return undecodableOutputs;
  }

  /** A concurrent map for the producer side to record expected loads in. */
  public static Map<String, Double> newExpectedLoadMap() {
    return new ConcurrentHashMap<>();
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(5));
  }
}
