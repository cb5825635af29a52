package io.netdrift.job;

import io.netdrift.core.network.DirectedLink;
import io.netdrift.core.validation.InputValidator;
import io.netdrift.core.validation.NetworkCatalog;
import io.netdrift.job.config.JobConfig;
import io.netdrift.job.config.KafkaClientProperties;
import io.netdrift.job.ingest.AvroValueSerializer;
import io.netdrift.job.ingest.EventTime;
import io.netdrift.job.ingest.RecordCheck;
import io.netdrift.job.ingest.ValidatingAvroDeserializer;
import io.netdrift.schema.AdaptationEvent;
import io.netdrift.schema.DeadLetter;
import io.netdrift.schema.LinkTelemetry;
import io.netdrift.schema.LoadPrediction;
import io.netdrift.schema.NetworkEvent;
import io.netdrift.schema.TrafficSample;
import io.netdrift.schema.codec.ValueFormat;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaSinkBuilder;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;
import org.apache.flink.util.ParameterTool;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * Plugs Kafka into {@link NetdriftPipeline}: three sources (read_committed, per-partition
 * watermarks from the decoded event time, idle partitions released) and three sinks, EXACTLY_ONCE
 * (Kafka transactions committed on checkpoint completion) or, with {@link
 * JobConfig#DELIVERY_GUARANTEE} {@code at-least-once}, AT_LEAST_ONCE (sent at once, flushed on
 * checkpoints; duplicates after a restart).
 */
public final class NetdriftJob {

  /** The watermark alignment group of the telemetry and traffic sources. */
  static final String ALIGNMENT_GROUP = "netdrift-telemetry-traffic";

  private NetdriftJob() {}

  /**
   * Parallelism, exactly-once checkpoints, object reuse, and where state lives: {@code
   * checkpointDir} (file system checkpoint storage) and {@code stateBackend} ({@code rocksdb} with
   * incremental checkpoints, or the heap). Object reuse hands a record from one chained operator to
   * the next without a deep copy (Avro's {@code deepCopy} of every prediction and decoded input
   * otherwise). It is safe here: no operator of the job keeps or modifies a record it emitted or
   * received within a chain (records that wait are kept only by operators behind a keyBy, whose
   * network input deserializes a new object per record).
   */
  public static void configureEnvironment(StreamExecutionEnvironment env, JobConfig config) {
    env.setParallelism(config.get(JobConfig.PARALLELISM));
    env.enableCheckpointing(
        config.get(JobConfig.CHECKPOINT_INTERVAL_MS), CheckpointingMode.EXACTLY_ONCE);
    env.getConfig().enableObjectReuse();
    env.setBufferTimeout(config.get(JobConfig.BUFFER_TIMEOUT_MS));
    env.getConfig().setAutoWatermarkInterval(config.get(JobConfig.WATERMARK_INTERVAL_MS));
    Configuration state = new Configuration();
    String checkpointDir = config.get(JobConfig.CHECKPOINT_DIR);
    if (!checkpointDir.isBlank()) {
      state.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
      state.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointDir);
    }
    if (config.get(JobConfig.STATE_BACKEND).equals("rocksdb")) {
      state.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
      state.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
    }
    env.configure(state);
  }

  /**
   * Adds the whole job to {@code env}, with exactly-once checkpoints and the sinks' {@link
   * JobConfig#DELIVERY_GUARANTEE}. First checks with the job's Kafka client settings ({@link
   * JobConfig#kafkaClientProperties()}) that Kafka accepts its credentials and ACLs ({@link
   * KafkaAccessCheck}): a one-line {@link io.netdrift.job.config.ConfigException} otherwise. The
   * configuration, secrets redacted, becomes the job's global parameters (the dashboard's job
   * configuration tab).
   */
  public static void attach(StreamExecutionEnvironment env, JobConfig config) {
    KafkaClientProperties kafka = config.kafkaClientProperties();
    KafkaAccessCheck.check(config, kafka);
    env.getConfig().setGlobalJobParameters(ParameterTool.fromMap(config.toDisplayMap()));
    configureEnvironment(env, config);

    NetdriftPipeline.Inputs inputs = sources(env, config, kafka);
    NetdriftPipeline.Outputs outputs = NetdriftPipeline.build(inputs, config);

    predictionsSink(outputs.predictions(), config, kafka);
    sink(
        outputs.adaptationEvents(),
        config,
        kafka,
        config.get(JobConfig.ADAPTATION_EVENTS_TOPIC),
        AdaptationEvent.class,
        config.valueFormat(),
        e ->
            e.getLinkId() == null
                ? e.getScope()
                : DirectedLink.key(e.getLinkId(), e.getSrcNode(), e.getDstNode()),
        "adaptation-events");
    sink(
        outputs.deadLetters(),
        config,
        kafka,
        config.get(JobConfig.DEAD_LETTERS_TOPIC),
        DeadLetter.class,
        // dead letters carry the raw input whatever its format, and must be written even while
        // the registry is down (REGISTRY_UNAVAILABLE is one of their reasons): always single-object
        ValueFormat.singleObject(),
        DeadLetter::getSourceTopic,
        "dead-letters");
  }

  /**
   * The job's three Kafka sources: read_committed, Avro decoding and validation in the
   * deserializers (a dead letter for a bad record), per-partition watermarks from the decoded event
   * time with idle partitions released. Public for the benchmarks' fair baseline, which reads the
   * same way.
   */
  public static NetdriftPipeline.Inputs sources(
      StreamExecutionEnvironment env, JobConfig config, KafkaClientProperties kafka) {
    NetworkCatalog catalog = TopologyCatalog.load(config.get(JobConfig.TOPOLOGY));
    InputValidator validator = new InputValidator(catalog, config.get(JobConfig.MAX_UTILISATION));
    long maxAhead = config.get(JobConfig.MAX_AHEAD_MS);

    return new NetdriftPipeline.Inputs(
        source(
            env,
            config,
            kafka,
            config.get(JobConfig.TELEMETRY_TOPIC),
            LinkTelemetry.class,
            validator::check,
            LinkTelemetry::getTimestampMs,
            maxAhead,
            "telemetry",
            denseInput(config)),
        source(
            env,
            config,
            kafka,
            config.get(JobConfig.TRAFFIC_TOPIC),
            TrafficSample.class,
            validator::check,
            TrafficSample::getTimestampMs,
            maxAhead,
            "traffic",
            denseInput(config)),
        // events are sparse (a repair may come days after its failure): no "ahead" check, and
        // they never hold back event time (SparseTopicWatermarks)
        source(
            env,
            config,
            kafka,
            config.get(JobConfig.NETWORK_EVENTS_TOPIC),
            NetworkEvent.class,
            validator::check,
            NetworkEvent::getTimestampMs,
            Long.MAX_VALUE,
            "network-events",
            SparseTopicWatermarks.strategy()));
  }

  /**
   * The predictions sink: the configured delivery guarantee, keyed by link direction, values in the
   * configured {@link JobConfig#VALUE_FORMAT}.
   */
  public static void predictionsSink(
      DataStream<LoadPrediction> predictions, JobConfig config, KafkaClientProperties kafka) {
    sink(
        predictions,
        config,
        kafka,
        config.get(JobConfig.PREDICTIONS_TOPIC),
        LoadPrediction.class,
        config.valueFormat(),
        p -> DirectedLink.key(p.getLinkId(), p.getSrcNode(), p.getDstNode()),
        "predictions");
  }

  /** Serialisable Kafka key of an output record. */
  @FunctionalInterface
  interface RecordKey<T> extends java.io.Serializable {
    String of(T record);
  }

  private static <T extends SpecificRecordBase> DataStream<Either<DeadLetter, T>> source(
      StreamExecutionEnvironment env,
      JobConfig config,
      KafkaClientProperties kafka,
      String topic,
      Class<T> type,
      RecordCheck<T> check,
      EventTime<T> eventTime,
      long maxAheadMs,
      String name,
      WatermarkStrategy<Either<DeadLetter, T>> progress) {
    KafkaSourceBuilder<Either<DeadLetter, T>> builder = KafkaSource.builder();
    // security and tuning first: the job's own settings below win (KafkaClientProperties also
    // refuses the keys the job owns)
    kafka.asMap().forEach(builder::setProperty);
    KafkaSource<Either<DeadLetter, T>> source =
        builder
            .setBootstrapServers(config.get(JobConfig.BOOTSTRAP_SERVERS))
            .setTopics(topic)
            .setGroupId(config.get(JobConfig.CONSUMER_GROUP_ID))
            .setStartingOffsets(startingOffsets(config.get(JobConfig.STARTING_OFFSETS)))
            .setDeserializer(
                new ValidatingAvroDeserializer<>(
                    type, config.valueFormat(), topic, check, eventTime, maxAheadMs))
            // upstream producers may be transactional too: never read aborted data
            .setProperty("isolation.level", "read_committed")
            .setProperty("commit.offsets.on.checkpoint", "true")
            .build();
    SerializableTimestampAssigner<Either<DeadLetter, T>> assigner =
        (record, kafkaTimestamp) ->
            record.isRight() ? eventTime.of(record.right()) : Long.MIN_VALUE;
    // the name is what the dashboard's job graph shows (a newcomer reads it); the uid is what a
    // savepoint's state is matched by, so it never changes
    return env.fromSource(
            source, progress.withTimestampAssigner(assigner), "Read " + name + " (Kafka)")
        .uid("source-" + name);
  }

  /**
   * Watermarks of a dense input (telemetry, traffic): per partition, bounded out-of-orderness
   * behind the newest event time, a partition silent for {@code sourceIdleTimeoutMs} released (and
   * held back that long when it resumes: {@link DenseTopicWatermarks}), and the two sources aligned
   * within {@code maxSourceDriftSteps}.
   */
  private static <T> WatermarkStrategy<Either<DeadLetter, T>> denseInput(JobConfig config) {
    WatermarkStrategy<Either<DeadLetter, T>> watermarks =
        DenseTopicWatermarks.strategy(
            Duration.ofMillis(config.get(JobConfig.MAX_OUT_OF_ORDERNESS_MS)),
            Duration.ofMillis(config.get(JobConfig.SOURCE_IDLE_TIMEOUT_MS)));
    int driftSteps = config.get(JobConfig.MAX_SOURCE_DRIFT_STEPS);
    if (driftSteps > 0) {
      // The forecast operator serves a sample once the watermark, the minimum over telemetry and
      // the traffic-driven network signals, passes it. Reading a backlog, the telemetry topic (a
      // ninth of the traffic's volume) runs ahead and its samples pile up in keyed state; Flink
      // pauses the source that is ahead instead. An idle source does not hold the other back.
      watermarks =
          watermarks.withWatermarkAlignment(
              ALIGNMENT_GROUP,
              Duration.ofMillis(driftSteps * config.get(JobConfig.STEP_MS)),
              // a paused source resumes at the next announcement: short, so it is not left idle
              Duration.ofMillis(200));
    }
    return watermarks;
  }

  private static OffsetsInitializer startingOffsets(String mode) {
    return switch (mode) {
      case "latest" -> OffsetsInitializer.latest();
      case "committed" -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
      default -> OffsetsInitializer.earliest();
    };
  }

  private static <T extends SpecificRecordBase> void sink(
      DataStream<T> stream,
      JobConfig config,
      KafkaClientProperties kafka,
      String topic,
      Class<T> type,
      ValueFormat format,
      RecordKey<T> key,
      String name) {
    SerializationSchema<T> keySerializer =
        record -> key.of(record).getBytes(StandardCharsets.UTF_8);
    KafkaSinkBuilder<T> builder = KafkaSink.builder();
    kafka.asMap().forEach(builder::setProperty);
    builder
        .setBootstrapServers(config.get(JobConfig.BOOTSTRAP_SERVERS))
        .setRecordSerializer(
            KafkaRecordSerializationSchema.<T>builder()
                .setTopic(topic)
                .setKeySerializationSchema(keySerializer)
                .setValueSerializationSchema(new AvroValueSerializer<>(type, format, topic))
                .build())
        .setDeliveryGuarantee(deliveryGuarantee(config));
    if (config.exactlyOnce()) {
      builder
          .setTransactionalIdPrefix(config.get(JobConfig.TRANSACTIONAL_ID_PREFIX) + "-" + name)
          .setProperty(
              "transaction.timeout.ms",
              String.valueOf(config.get(JobConfig.TRANSACTION_TIMEOUT_MS)));
    }
    stream
        .sinkTo(builder.build())
        .name(
            "Write "
                + name
                + " (Kafka, "
                + (config.exactlyOnce() ? "exactly-once" : "at-least-once")
                + ")")
        .uid("sink-" + name);
  }

  /**
   * The sinks' guarantee: EXACTLY_ONCE, or AT_LEAST_ONCE (records sent as they are made and flushed
   * before each checkpoint completes, so nothing is lost, but a restart replays the output since
   * the last checkpoint).
   */
  static DeliveryGuarantee deliveryGuarantee(JobConfig config) {
    return config.exactlyOnce() ? DeliveryGuarantee.EXACTLY_ONCE : DeliveryGuarantee.AT_LEAST_ONCE;
  }
}
