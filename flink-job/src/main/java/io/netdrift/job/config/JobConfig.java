package io.netdrift.job.config;

import io.netdrift.core.drift.DetectorSetting;
import io.netdrift.core.drift.DriftDetectors;
import io.netdrift.core.forecast.ForecasterSpec;
import io.netdrift.schema.codec.ValueFormat;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The job's immutable, validated configuration. Every key has a default, a unit in its name and a
 * rule; values come from an optional YAML file ({@code --config FILE}, flat camelCase keys)
 * overridden by CLI flags ({@code --checkpoint-interval-ms 5000} or {@code
 * --checkpointIntervalMs=5000}). Anything unknown or out of range fails at once with a {@link
 * ConfigException} naming the key. {@link #reference()} prints the table the README quotes.
 */
public final class JobConfig implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final ConfigParam<String> BOOTSTRAP_SERVERS =
      ConfigParam.nonBlank("bootstrapServers", "localhost:9092", "Kafka bootstrap servers.");
  public static final ConfigParam<String> KAFKA_PROPERTIES =
      new ConfigParam<>(
          "kafkaProperties",
          "Kafka client properties file shared by every source, sink and the start-up check:"
              + " security.protocol, sasl.mechanism, sasl.jaas.config, ssl.truststore.location, ..."
              + " Environment variables NETDRIFT_KAFKA_<PROPERTY> (dots as underscores, e.g."
              + " NETDRIFT_KAFKA_SASL_JAAS_CONFIG) override it. Secrets are never logged or shown.",
          "",
          s -> s,
          v -> true,
          "a readable file, or empty for none");
  public static final ConfigParam<Long> KAFKA_CHECK_TIMEOUT_MS =
      ConfigParam.positiveLong(
          "kafkaCheckTimeoutMs",
          15_000,
          "Before submitting, the job checks with the same client settings that Kafka accepts"
              + " its credentials and ACLs on its topics; it fails with one line after this long"
              + " without an answer (unreachable broker, or a listener that needs SSL/SASL).");
  public static final ConfigParam<String> TELEMETRY_TOPIC =
      ConfigParam.nonBlank(
          "telemetryTopic",
          "link-telemetry",
          "Input: per-link load telemetry (Avro LinkTelemetry).");
  public static final ConfigParam<String> TRAFFIC_TOPIC =
      ConfigParam.nonBlank(
          "trafficTopic", "traffic-matrix", "Input: OD demand samples (Avro TrafficSample).");
  public static final ConfigParam<String> NETWORK_EVENTS_TOPIC =
      ConfigParam.nonBlank(
          "networkEventsTopic",
          "network-events",
          "Input: failures, repairs, re-routes (Avro NetworkEvent).");
  public static final ConfigParam<String> PREDICTIONS_TOPIC =
      ConfigParam.nonBlank(
          "predictionsTopic", "load-predictions", "Output: forecasts (Avro LoadPrediction).");
  public static final ConfigParam<String> ADAPTATION_EVENTS_TOPIC =
      ConfigParam.nonBlank(
          "adaptationEventsTopic",
          "adaptation-events",
          "Output: drift and adaptation events (Avro AdaptationEvent).");
  public static final ConfigParam<String> DEAD_LETTERS_TOPIC =
      ConfigParam.nonBlank(
          "deadLettersTopic",
          "dead-letters",
          "Output: rejected input with its reason (Avro DeadLetter).");
  public static final ConfigParam<String> VALUE_FORMAT =
      ConfigParam.oneOf(
          "valueFormat",
          ValueFormat.SINGLE_OBJECT,
          "How the values of the three input and the predictions and adaptation-events topics are"
              + " written: single-object (Avro single-object encoding: C3 01, the 8-byte schema"
              + " fingerprint, the body) or registry (Confluent schema-registry wire format: byte 0,"
              + " the 4-byte schema id, the body; needs schemaRegistryUrl; the job registers its"
              + " output schemas under <topic>-value). Dead letters stay single-object, so they"
              + " are written even while the registry is down.",
          ValueFormat.SINGLE_OBJECT,
          ValueFormat.REGISTRY);
  public static final ConfigParam<String> SCHEMA_REGISTRY_URL =
      new ConfigParam<>(
          "schemaRegistryUrl",
          "Base URL of the Confluent-compatible schema-registry API, for valueFormat registry:"
              + " http://host:8081 (Confluent), http://host:8080/apis/ccompat/v7 (Apicurio).",
          "",
          String::strip,
          v -> v.isEmpty() || validRegistryUrl(v),
          "an http:// or https:// URL, or empty");
  public static final ConfigParam<String> CONSUMER_GROUP_ID =
      ConfigParam.nonBlank("consumerGroupId", "netdrift", "Kafka consumer group of the sources.");
  public static final ConfigParam<String> TRANSACTIONAL_ID_PREFIX =
      ConfigParam.nonBlank(
          "transactionalIdPrefix",
          "netdrift",
          "Prefix of the sinks' transactional ids (exactly-once); unique per job on a cluster.");
  public static final ConfigParam<String> STARTING_OFFSETS =
      ConfigParam.oneOf(
          "startingOffsets",
          "earliest",
          "Where sources start without a checkpoint.",
          "earliest",
          "latest",
          "committed");
  public static final ConfigParam<Long> CHECKPOINT_INTERVAL_MS =
      ConfigParam.positiveLong(
          "checkpointIntervalMs",
          5_000,
          "Checkpoint interval; with deliveryGuarantee exactly-once, outputs become visible to"
              + " read_committed consumers at each checkpoint.");
  public static final String EXACTLY_ONCE = "exactly-once";
  public static final String AT_LEAST_ONCE = "at-least-once";
  public static final ConfigParam<String> DELIVERY_GUARANTEE =
      ConfigParam.oneOf(
          "deliveryGuarantee",
          EXACTLY_ONCE,
          "Guarantee of the three Kafka sinks. exactly-once: Kafka transactions committed when a"
              + " checkpoint completes, so read_committed consumers see each output once, a"
              + " checkpoint interval after it was made. at-least-once: outputs are sent at once"
              + " (no transactions, no transactional ids; visible within milliseconds) and flushed"
              + " at each checkpoint, but after a restart the job replays from the last checkpoint"
              + " and consumers may see duplicates (the same link, step and lane again), so they"
              + " must deduplicate. Checkpointing stays on either way (source offsets, model and"
              + " detector state).",
          EXACTLY_ONCE,
          AT_LEAST_ONCE);
  public static final ConfigParam<Long> TRANSACTION_TIMEOUT_MS =
      ConfigParam.positiveLong(
          "transactionTimeoutMs",
          600_000,
          "Kafka transaction timeout of the sinks (exactly-once); must be <= the broker's"
              + " transaction.max.timeout.ms.");
  public static final ConfigParam<Integer> PARALLELISM =
      ConfigParam.positiveInt(
          "parallelism", 1, "Parallelism of the job (link keys spread over subtasks).");
  public static final ConfigParam<Long> MAX_OUT_OF_ORDERNESS_MS =
      ConfigParam.nonNegativeLong(
          "maxOutOfOrdernessMs",
          60_000,
          "Watermark delay behind the largest event time seen (bounded out-of-orderness).");
  public static final ConfigParam<Long> SOURCE_IDLE_TIMEOUT_MS =
      ConfigParam.positiveLong(
          "sourceIdleTimeoutMs",
          5_000,
          "A source partition silent this long (processing time) stops holding back the watermark; one that resumes may not move it alone for as long.");
  public static final ConfigParam<Integer> MAX_SOURCE_DRIFT_STEPS =
      new ConfigParam<>(
          "maxSourceDriftSteps",
          "How many steps the telemetry and traffic sources may read ahead of each other's watermark"
              + " before Flink pauses the one ahead (watermark alignment); bounds the samples that"
              + " wait in state for the watermark while the job works through a backlog. 0 disables.",
          8,
          Integer::parseInt,
          v -> v >= 0,
          ">= 0");
  public static final ConfigParam<String> CHECKPOINT_DIR =
      new ConfigParam<>(
          "checkpointDir",
          "Where checkpoints go (a file system URI or path: file:///, hdfs://, s3://); empty: the"
              + " cluster's execution.checkpointing.dir, or the JobManager's memory (5 MB of state"
              + " per task at most) when the cluster names none.",
          "",
          s -> s,
          v -> true,
          "a directory");
  public static final ConfigParam<String> STATE_BACKEND =
      ConfigParam.oneOf(
          "stateBackend",
          "hashmap",
          "Where keyed state lives: hashmap (objects on the JVM heap, full snapshots) or rocksdb"
              + " (serialized on local disk, incremental checkpoints: only the files changed since"
              + " the last checkpoint are uploaded; the norm for large keyed state). Both need"
              + " checkpointDir (or the cluster's) for more than 5 MB of state.",
          "hashmap",
          "rocksdb");
  public static final ConfigParam<Long> MAX_LATENESS_MS =
      ConfigParam.nonNegativeLong(
          "maxLatenessMs",
          3_600_000,
          "A sample this far behind the watermark is dead-lettered TOO_LATE.");
  public static final ConfigParam<Long> MAX_AHEAD_MS =
      ConfigParam.positiveLong(
          "maxAheadMs",
          86_400_000,
          "Telemetry or traffic this far ahead of the newest event time its source reader accepted is dead-lettered TOO_EARLY (protects the watermark; network events are sparse and exempt).");
  public static final ConfigParam<Long> STEP_MS =
      ConfigParam.positiveLong(
          "stepMs", 900_000, "Nominal telemetry interval (turns horizons into target times).");
  public static final ConfigParam<Integer> HORIZON_STEPS =
      ConfigParam.positiveInt("horizonSteps", 1, "How many steps ahead each prediction is.");
  public static final ConfigParam<Integer> SEASON_STEPS =
      new ConfigParam<>(
          "seasonSteps",
          "Season length in steps for seasonal models (96 = one day of 15-min steps).",
          96,
          Integer::parseInt,
          v -> v >= 2,
          ">= 2");
  public static final ConfigParam<List<String>> STRATEGIES =
      new ConfigParam<>(
          "strategies",
          "Comma-separated strategy lanes served side by side (shadow mode): persistence,"
              + " seasonal-naive, name=MODEL_DIR for a static model trained by ./netdrift train"
              + " (CfC, LTC, GRU, MLP; the directory must exist on every TaskManager),"
              + " liquid=MODEL_DIR (continuously fine-tuned liquid model), incremental=MODEL_DIR"
              + " (re-fitted on batches of post-drift samples), hybrid (blends liquid and"
              + " incremental; needs both). Predictions carry the lane's name.",
          List.of(ForecasterSpec.PERSISTENCE, ForecasterSpec.SEASONAL_NAIVE),
          s -> Arrays.stream(s.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList(),
          JobConfig::validLanes,
          "a non-empty list of persistence, seasonal-naive, hybrid or name=MODEL_DIR, names"
              + " unique");
  public static final ConfigParam<String> MODEL_STORE_DIR =
      ConfigParam.nonBlank(
          "modelStoreDir",
          System.getProperty("java.io.tmpdir") + "/netdrift-model-store",
          "Where adaptive lanes keep their model versions (a directory on every TaskManager, shared"
              + " on a cluster); versions are written once, never replaced.");
  public static final ConfigParam<Integer> LIQUID_UPDATE_STEPS =
      ConfigParam.positiveInt(
          "liquidUpdateSteps",
          4,
          "The liquid lane fine-tunes its drifted links' model every this many new samples.");
  public static final ConfigParam<Integer> INCREMENTAL_BATCH_STEPS =
      ConfigParam.positiveInt(
          "incrementalBatchSteps",
          24,
          "The incremental lane re-fits its model on every batch of this many post-drift samples"
              + " per link, once a detector confirmed the drift.");
  public static final ConfigParam<Integer> REPLAY_STEPS =
      ConfigParam.positiveInt(
          "replaySteps",
          32,
          "Pre-drift samples per link kept with the post-drift ones for retraining (against"
              + " forgetting; burn-in of the recurrent state).");
  public static final ConfigParam<Integer> ROLLBACK_WINDOW_STEPS =
      ConfigParam.positiveInt(
          "rollbackWindowSteps",
          12,
          "Samples per link a promoted model version runs beside its predecessor (in shadow);"
              + " if it did worse, the predecessor is restored.");
  public static final ConfigParam<Double> TRAINING_DUTY_CYCLE =
      new ConfigParam<>(
          "trainingDutyCycle",
          "Share of one core the background retraining of each adaptive lane may use (it rests"
              + " between retrains so the stream keeps its throughput).",
          0.5,
          Double::parseDouble,
          v -> v > 0 && v <= 1,
          "in (0, 1]");
  public static final ConfigParam<String> RETRAIN_MODE =
      ConfigParam.oneOf(
          "retrainMode",
          "background",
          "background: retrains run beside the stream and land when done (production);"
              + " blocking: the task waits for each retrain, so it lands before the next step"
              + " however fast history is replayed (what `netdrift evaluate` uses).",
          "background",
          "blocking");
  public static final ConfigParam<String> MODEL_ENGINE =
      ConfigParam.oneOf(
          "modelEngine",
          "djl",
          "What serves trained models: djl (DJL TensorFlow engine) or tf-java (a TF Java session on"
              + " the same SavedModel; identical outputs, DJL at 0.86-0.96× the session's time per"
              + " call, `benchmarks/results/serving-djl-vs-session.md`).",
          "djl",
          "tf-java");
  public static final ConfigParam<String> MODEL_DEVICE =
      new ConfigParam<>(
          "modelDevice",
          "Where trained models run: auto (GPU when present, else CPU, logged), cpu, or gpu:N"
              + " (fails when absent).",
          "auto",
          s -> s.trim().toLowerCase(java.util.Locale.ROOT),
          JobConfig::validDevice,
          "auto, cpu or gpu:N");
  public static final ConfigParam<Integer> MAX_BATCH_ROWS =
      ConfigParam.positiveInt(
          "maxBatchRows",
          1024,
          "Rows (link samples) per model call; the micro-batch flushes when full.");
  public static final ConfigParam<Long> FLUSH_INTERVAL_MS =
      ConfigParam.positiveLong(
          "flushIntervalMs", 10, "Longest a sample waits in the micro-batch (processing time).");
  public static final ConfigParam<Long> BUFFER_TIMEOUT_MS =
      ConfigParam.positiveLong(
          "bufferTimeoutMs",
          100,
          "Longest a record waits in a network buffer between tasks before it is sent (Flink's"
              + " execution.buffer-timeout); every hop of a sparse stream may add this much latency."
              + " Lower it (e.g. 5) for low latency at some throughput cost.");
  public static final ConfigParam<Long> WATERMARK_INTERVAL_MS =
      ConfigParam.positiveLong(
          "watermarkIntervalMs",
          200,
          "How often the sources emit watermarks (Flink's pipeline.auto-watermark-interval); a"
              + " step's predictions wait for the first watermark after the next step arrives, so"
              + " up to this long. Lower it (e.g. 20) for low latency.");
  public static final ConfigParam<Integer> ERROR_WINDOW =
      ConfigParam.positiveInt(
          "errorWindow", 96, "Effective window of rolling RMSE/MAPE, in predictions.");
  public static final ConfigParam<Long> OUTPUT_STALL_TIMEOUT_MS =
      ConfigParam.nonNegativeLong(
          "outputStallTimeoutMs",
          0,
          "Records waiting this long for a completed checkpoint (so for their output to be"
              + " committed) mark the output stalled: gauge outputStalled and a WARN log line;"
              + " 0 = the larger of 60 s and 10 checkpoint intervals.");

  public static final ConfigParam<String> FAULT_INJECTION =
      new ConfigParam<>(
          "faultInjection",
          "Chaos testing: throw injected faults in the forecast path,"
              + " point=probability,...,max=N,seed=S with points forecast-batch, model-swap,"
              + " retrain (max faults per JVM); empty = off.",
          "",
          raw -> {
            if (!raw.isBlank()) {
              io.netdrift.core.reliability.FaultInjection.validate(raw);
            }
            return raw;
          },
          plan -> true,
          "a fault-injection plan");

  public static final ConfigParam<Long> LINK_STATE_TTL_MS =
      ConfigParam.positiveLong(
          "linkStateTtlMs",
          7L * 24 * 3_600_000,
          "A link direction silent this long in event time (the watermark this far past its newest"
              + " sample or network signal) has all its state and timers dropped, and leaves the"
              + " adaptive lanes; if it reports again it starts afresh. Must exceed maxLatenessMs.");
  public static final ConfigParam<String> DRIFT_DETECTOR =
      new ConfigParam<>(
          "driftDetector",
          "Detector on each link's prediction error (scaled by capacity): adwin, page-hinkley, kswin.",
          "adwin",
          s -> s,
          v -> DriftDetectors.names().contains(v),
          "one of " + String.join(", ", DriftDetectors.names()));
  public static final ConfigParam<Map<String, String>> DRIFT_DETECTOR_PARAMS =
      new ConfigParam<>(
          "driftDetectorParams",
          "Its hyper-parameters as key=value pairs separated by commas, e.g. delta=0.002.",
          Map.of(),
          JobConfig::parseKeyValues,
          v -> true,
          "key=value[,key=value...]");
  public static final ConfigParam<Integer> CONFIRMATION_HORIZON_STEPS =
      ConfigParam.positiveInt(
          "confirmationHorizonSteps",
          24,
          "Samples after a network event within which the detector must fire to confirm its drift.");
  public static final ConfigParam<Double> MAX_UTILISATION =
      new ConfigParam<>(
          "maxUtilisation",
          "Load above this multiple of capacity is impossible (dead letter IMPOSSIBLE_VALUE).",
          1.5,
          Double::parseDouble,
          v -> v >= 1.0 && Double.isFinite(v),
          "finite and >= 1");
  public static final ConfigParam<String> TOPOLOGY =
      ConfigParam.nonBlank(
          "topology",
          "none",
          "Topology that defines known links and nodes: a built-in name (euro28) or a CSV file; 'none' accepts any link.");

  /** Every key, in the order the reference lists them. */
  public static final List<ConfigParam<?>> PARAMS =
      List.of(
          BOOTSTRAP_SERVERS,
          KAFKA_PROPERTIES,
          KAFKA_CHECK_TIMEOUT_MS,
          TELEMETRY_TOPIC,
          TRAFFIC_TOPIC,
          NETWORK_EVENTS_TOPIC,
          PREDICTIONS_TOPIC,
          ADAPTATION_EVENTS_TOPIC,
          DEAD_LETTERS_TOPIC,
          VALUE_FORMAT,
          SCHEMA_REGISTRY_URL,
          CONSUMER_GROUP_ID,
          TRANSACTIONAL_ID_PREFIX,
          STARTING_OFFSETS,
          CHECKPOINT_INTERVAL_MS,
          DELIVERY_GUARANTEE,
          TRANSACTION_TIMEOUT_MS,
          PARALLELISM,
          MAX_OUT_OF_ORDERNESS_MS,
          SOURCE_IDLE_TIMEOUT_MS,
          MAX_SOURCE_DRIFT_STEPS,
          CHECKPOINT_DIR,
          STATE_BACKEND,
          MAX_LATENESS_MS,
          MAX_AHEAD_MS,
          STEP_MS,
          HORIZON_STEPS,
          SEASON_STEPS,
          STRATEGIES,
          MODEL_STORE_DIR,
          LIQUID_UPDATE_STEPS,
          INCREMENTAL_BATCH_STEPS,
          REPLAY_STEPS,
          ROLLBACK_WINDOW_STEPS,
          TRAINING_DUTY_CYCLE,
          RETRAIN_MODE,
          MODEL_DEVICE,
          MODEL_ENGINE,
          MAX_BATCH_ROWS,
          FLUSH_INTERVAL_MS,
          BUFFER_TIMEOUT_MS,
          WATERMARK_INTERVAL_MS,
          ERROR_WINDOW,
          LINK_STATE_TTL_MS,
          OUTPUT_STALL_TIMEOUT_MS,
          FAULT_INJECTION,
          DRIFT_DETECTOR,
          DRIFT_DETECTOR_PARAMS,
          CONFIRMATION_HORIZON_STEPS,
          MAX_UTILISATION,
          TOPOLOGY);

  /** The six topics, for code that handles them all (topic creation, readers). */
  public enum Topic {
    TELEMETRY(TELEMETRY_TOPIC),
    TRAFFIC(TRAFFIC_TOPIC),
    NETWORK_EVENTS(NETWORK_EVENTS_TOPIC),
    PREDICTIONS(PREDICTIONS_TOPIC),
    ADAPTATION_EVENTS(ADAPTATION_EVENTS_TOPIC),
    DEAD_LETTERS(DEAD_LETTERS_TOPIC);

    private final ConfigParam<String> param;

    Topic(ConfigParam<String> param) {
      this.param = param;
    }
  }

  private final Map<String, Object> values;

  /** Keys the user gave (a flag in either spelling, or the YAML file), not left at the default. */
  private final Set<String> given;

  private JobConfig(Map<String, Object> values, Set<String> given) {
    this.values = Collections.unmodifiableMap(values);
    this.given = Collections.unmodifiableSet(given);
  }

  /**
   * Whether the user set this key ({@code --checkpoint-interval-ms}, {@code
   * --checkpointIntervalMs=}, or the YAML file), even to its default value; values set in code
   * ({@link #with}) do not count.
   */
  public boolean givenByUser(ConfigParam<?> param) {
    return given.contains(param.key());
  }

  /** All defaults. */
  public static JobConfig defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Parses CLI arguments: {@code --config FILE} (YAML) first, then flags override it. Unknown flags
   * are an error.
   */
  public static JobConfig fromArgs(String... args) {
    return JobConfigReader.fromArgs(args);
  }

  @SuppressWarnings("unchecked")
  public <T> T get(ConfigParam<T> param) {
    return (T) values.get(param.key());
  }

  /** A copy with one value replaced (validated). */
  public <T> JobConfig with(ConfigParam<T> param, T value) {
    Builder builder = new Builder();
    builder.values.putAll(values);
    builder.given.addAll(given);
    return builder.set(param, value).build(); // build() re-checks the rules across keys
  }

  public String topic(Topic topic) {
    return get(topic.param);
  }

  /**
   * The Kafka client settings of {@link #KAFKA_PROPERTIES} and the {@code NETDRIFT_KAFKA_*}
   * environment variables, read now (so a job run on a cluster reads them where it is submitted).
   */
  public KafkaClientProperties kafkaClientProperties() {
    return KafkaClientProperties.load(get(KAFKA_PROPERTIES), System.getenv());
  }

  /**
   * Every value as text, with the Kafka client settings (secrets redacted) under {@code kafka.}:
   * what the job publishes as its global job parameters, shown by the Flink dashboard.
   */
  public Map<String, String> toDisplayMap() {
    Map<String, String> out = new LinkedHashMap<>();
    values.forEach((k, v) -> out.put(k, String.valueOf(v)));
    kafkaClientProperties().redacted().forEach((k, v) -> out.put("kafka." + k, v));
    return out;
  }

  /** The drift detector of every link and lane: {@code driftDetector} with its parameters. */
  public DetectorSetting driftDetector() {
    return detectorSetting(get(DRIFT_DETECTOR), get(DRIFT_DETECTOR_PARAMS));
  }

  private static DetectorSetting detectorSetting(String name, Map<String, String> params) {
    try {
      return new DetectorSetting(name, params);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("driftDetector / driftDetectorParams: " + e.getMessage());
    }
  }

  /** The strategy lanes the forecast operator serves. */
  public List<ForecasterSpec> lanes() {
    return LaneDeclaration.parseAll(get(STRATEGIES)).stream()
        .map(lane -> lane.toSpec(get(SEASON_STEPS), get(MODEL_DEVICE), get(MODEL_ENGINE)))
        .toList();
  }

  /** The value format of the input topics and of the predictions and adaptation-events topics. */
  public ValueFormat valueFormat() {
    return new ValueFormat(get(VALUE_FORMAT), get(SCHEMA_REGISTRY_URL));
  }

  /**
   * Fails for {@code valueFormat registry}: {@code who} (the demo, evaluate) feeds and reads its
   * topics itself in single-object encoding and runs no registry.
   */
  public void requireSingleObjectValues(String who) {
    if (valueFormat().usesRegistry()) {
      throw new ConfigException(
          who
              + " writes and reads its own topics in single-object encoding: valueFormat registry"
              + " is for the job on your topics (flink run ... --value-format registry"
              + " --schema-registry-url URL)");
    }
  }

  /**
   * Whether the sinks write in Kafka transactions committed on checkpoints ({@link
   * #DELIVERY_GUARANTEE} {@code exactly-once}) rather than at once ({@code at-least-once}).
   */
  public boolean exactlyOnce() {
    return get(DELIVERY_GUARANTEE).equals(EXACTLY_ONCE);
  }

  /**
   * How long records may wait for a completed checkpoint before the output counts as stalled:
   * {@link #OUTPUT_STALL_TIMEOUT_MS}, or if 0 the larger of 60 s and 10 checkpoint intervals.
   */
  public long outputStallTimeoutMs() {
    long configured = get(OUTPUT_STALL_TIMEOUT_MS);
    return configured > 0 ? configured : Math.max(60_000L, 10 * get(CHECKPOINT_INTERVAL_MS));
  }

  /** Settings of the adaptive lanes. */
  public io.netdrift.core.adaptation.AdaptationConfig adaptation() {
    io.netdrift.core.adaptation.AdaptationPolicy liquid =
        io.netdrift.core.adaptation.AdaptationPolicy.liquid(
            get(LIQUID_UPDATE_STEPS), get(REPLAY_STEPS), get(ROLLBACK_WINDOW_STEPS));
    io.netdrift.core.adaptation.AdaptationPolicy incremental =
        io.netdrift.core.adaptation.AdaptationPolicy.incremental(
            get(INCREMENTAL_BATCH_STEPS), get(REPLAY_STEPS), get(ROLLBACK_WINDOW_STEPS));
    boolean blocking = get(RETRAIN_MODE).equals("blocking");
    return new io.netdrift.core.adaptation.AdaptationConfig(
        liquid.withTrainingDutyCycle(get(TRAINING_DUTY_CYCLE)).withBlockingRetrains(blocking),
        incremental.withTrainingDutyCycle(get(TRAINING_DUTY_CYCLE)).withBlockingRetrains(blocking),
        get(MODEL_STORE_DIR));
  }

  private static boolean validLanes(List<String> items) {
    try {
      LaneDeclaration.parseAll(items);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean validRegistryUrl(String url) {
    try {
      io.netdrift.schema.codec.ConfluentRegistryClient.checkUrl(url);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean validDevice(String device) {
    try {
      io.netdrift.core.model.runtime.DeviceSelection.parse(device);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  static Map<String, String> parseKeyValues(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : raw.split(",")) {
      if (pair.isBlank()) {
        continue;
      }
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("expected key=value, got '" + pair.trim() + "'");
      }
      out.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
    }
    return out;
  }

  /** Markdown table of every key: flag, default, rule, meaning. */
  public static String reference() {
    StringBuilder out =
        new StringBuilder("| key / flag | default | rule | meaning |\n|---|---|---|---|\n");
    for (ConfigParam<?> p : PARAMS) {
      Object d =
          p.defaultValue() instanceof List<?> list
              ? String.join(",", list.stream().map(String::valueOf).toList())
              : p.defaultValue() instanceof Map<?, ?> map && map.isEmpty() ? "" : p.defaultValue();
      out.append("| `")
          .append(p.key())
          .append("` / `")
          .append(p.flag())
          .append("` | `")
          .append(d)
          .append("` | ")
          .append(p.ruleText())
          .append(" | ")
          .append(p.description())
          .append(" |\n");
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return values.toString();
  }

  /** Collects values from YAML and flags, then validates the cross-key rules. */
  public static final class Builder {
    private final Map<String, Object> values = new LinkedHashMap<>();
    private final Set<String> given = new java.util.LinkedHashSet<>();

    private Builder() {
      for (ConfigParam<?> p : PARAMS) {
        values.put(p.key(), p.defaultValue());
      }
    }

    /** A value the user gave (a flag or the YAML file), parsed and validated. */
    public Builder set(ConfigParam<?> param, String raw, String source) {
      values.put(param.key(), param.parse(raw, source));
      given.add(param.key());
      return this;
    }

    public <T> Builder set(ConfigParam<T> param, T value) {
      param.check(value, "code");
      values.put(param.key(), value);
      return this;
    }

    /** Reads a flat YAML map of camelCase keys ({@link JobConfigReader#readYaml}). */
    public Builder yaml(Path file) {
      JobConfigReader.readYaml(this, file);
      return this;
    }

    @SuppressWarnings("unchecked")
    public JobConfig build() {
      long transactionTimeout = (Long) values.get(TRANSACTION_TIMEOUT_MS.key());
      long checkpointInterval = (Long) values.get(CHECKPOINT_INTERVAL_MS.key());
      // at-least-once sinks open no transactions, so their timeout does not bound the interval
      boolean transactional = EXACTLY_ONCE.equals(values.get(DELIVERY_GUARANTEE.key()));
      if (transactional && transactionTimeout <= checkpointInterval) {
        throw new ConfigException(
            "transactionTimeoutMs ("
                + transactionTimeout
                + ") must be larger than checkpointIntervalMs ("
                + checkpointInterval
                + "), or transactions abort before they commit");
      }
      long linkStateTtl = (Long) values.get(LINK_STATE_TTL_MS.key());
      long maxLateness = (Long) values.get(MAX_LATENESS_MS.key());
      if (linkStateTtl <= maxLateness) {
        throw new ConfigException(
            "linkStateTtlMs ("
                + linkStateTtl
                + ") must be larger than maxLatenessMs ("
                + maxLateness
                + "), or a late sample could reach a link whose state was dropped");
      }
      detectorSetting(
          (String) values.get(DRIFT_DETECTOR.key()),
          (Map<String, String>) values.get(DRIFT_DETECTOR_PARAMS.key()));
      if (ValueFormat.REGISTRY.equals(values.get(VALUE_FORMAT.key()))
          && ((String) values.get(SCHEMA_REGISTRY_URL.key())).isEmpty()) {
        throw new ConfigException(
            "valueFormat registry needs schemaRegistryUrl (--schema-registry-url), the base URL of"
                + " the Confluent-compatible registry API");
      }
      // a typo in the Kafka client settings fails here, not when the first client starts
      KafkaClientProperties.load((String) values.get(KAFKA_PROPERTIES.key()), System.getenv());
      return new JobConfig(new LinkedHashMap<>(values), new java.util.LinkedHashSet<>(given));
    }
  }
}
