package io.netdrift.flink.forecast;

import io.netdrift.core.adaptation.AdaptationAction;
import io.netdrift.core.adaptation.AdaptiveLane;
import io.netdrift.core.adaptation.HybridBlend;
import io.netdrift.core.adaptation.LinkSamples;
import io.netdrift.core.adaptation.ModelFitter;
import io.netdrift.core.adaptation.ModelStore;
import io.netdrift.core.drift.DetectorCodec;
import io.netdrift.core.drift.DriftDetectors;
import io.netdrift.core.drift.FailureAwareDriftSignal;
import io.netdrift.core.drift.FailureAwareDriftSignal.Transition;
import io.netdrift.core.forecast.ForecastBatch;
import io.netdrift.core.forecast.ForecasterSpec;
import io.netdrift.core.forecast.LinkForecastState;
import io.netdrift.core.metrics.RecoveryTracker;
import io.netdrift.core.metrics.RollingError;
import io.netdrift.core.model.ModelDirectory;
import io.netdrift.core.model.ModelRegistry;
import io.netdrift.core.model.ServingEngine;
import io.netdrift.core.model.runtime.DeviceSelection;
import io.netdrift.core.network.DirectedLink;
import io.netdrift.core.validation.Rejection.ReasonCode;
import io.netdrift.schema.AdaptationEvent;
import io.netdrift.schema.AdaptationEventType;
import io.netdrift.schema.DeadLetter;
import io.netdrift.schema.LinkTelemetry;
import io.netdrift.schema.LoadPrediction;
import io.netdrift.schema.codec.AvroCodec;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.api.common.operators.ProcessingTimeService.ProcessingTimeCallback;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedMultiInput;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.util.OutputTag;

/**
 * Forecasts every link direction of a subtask, micro-batched: one model call per strategy lane per
 * batch of links, never one per record (a TensorFlow call costs ~20 µs of fixed overhead).
 *
 * <p>Input 1 is link telemetry keyed by {@link DirectedLink#key()}, input 2 the network events
 * projected onto the link directions they affect. Per link it keeps a {@link LinkForecastState}
 * (history, recurrent states, forecasts awaiting truth, rolling errors). The main output is one
 * {@link LoadPrediction} per valid sample and lane; side outputs carry {@link AdaptationEvent}s and
 * {@link DeadLetter}s (late or duplicate samples; too-early ones are rejected at the source, before
 * they can move the watermark).
 *
 * <p>Event-time order per link: a sample ahead of the watermark waits in keyed {@link MapState}
 * with an event-time timer; when the watermark passes it, the timer moves it into the in-memory
 * batch buffer. Samples already behind the watermark (but within {@code maxLatenessMs}) go to the
 * buffer at once. The buffer is flushed (the batch is forecast) when it holds {@code maxBatchRows}
 * records, on a processing-time timer armed by its first record, before every watermark or
 * watermark status is forwarded, before each checkpoint barrier ({@link
 * #prepareSnapshotPreBarrier}) and at end of input — so it is empty at every snapshot and needs no
 * state of its own. A link seen twice in one buffer is served in waves (each wave holds each link
 * once), so the second sample sees the state the first one left.
 */
public final class ForecastOperator extends AbstractStreamOperator<LoadPrediction>
    implements TwoInputStreamOperator<LinkTelemetry, NetworkDriftSignal, LoadPrediction>,
        Triggerable<String, VoidNamespace>,
        ProcessingTimeCallback,
        BoundedMultiInput {
  private static final long serialVersionUID = 1L;

  /** Side output: adaptation events (drift signals, later retraining and swaps). */
  public static final OutputTag<AdaptationEvent> ADAPTATION_EVENTS =
      new OutputTag<>("adaptation-events", new AvroTypeInfo<>(AdaptationEvent.class));

  /** Side output: samples the operator rejects (late, early, duplicate). */
  public static final OutputTag<DeadLetter> DEAD_LETTERS =
      new OutputTag<>("forecast-dead-letters", new AvroTypeInfo<>(DeadLetter.class));

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(ForecastOperator.class);

  private final ForecastOperatorConfig config;

  private transient ValueState<LinkForecastState> linkState;
  private transient MapStateDescriptor<Long, LinkTelemetry> waitingDescriptor;
  private transient MapState<Long, LinkTelemetry> waitingForWatermark;
  private transient InternalTimerService<VoidNamespace> eventTimers;

  private transient ServingLane[] lanes;

  /** Lane indexes in serving order: the hybrid lanes last, after the lanes they blend. */
  private transient int[] servingOrder;

  private transient int historyCapacity;
  private transient int[] stateSizes;
  private transient ListState<byte[]> adaptiveLaneState;
  private transient List<byte[]> restoredAdaptiveLanes;
  private transient Counter adaptationActions;
  private transient long[] lastRecoverySteps;
  private transient double[] worstRmseAfterDrift;
  private transient RollingError[] subtaskErrors;
  private transient AvroCodec<LinkTelemetry> telemetryCodec;

  private transient List<String> bufferKeys;
  private transient List<LinkTelemetry> bufferRecords;
  private transient Set<String> bufferIdentities;
  private transient boolean flushTimerArmed;
  private transient boolean copyInputs;

  private transient Counter predictionsOut;
  private transient Counter deadLettersOut;
  private transient Counter modelCalls;
  private transient volatile int lastBatchRows;

  public ForecastOperator(ForecastOperatorConfig config) {
    this.config = config;
  }

  /**
   * The adaptive lanes' versions, scopes and collected samples live in operator state (one entry
   * per adaptive lane and subtask); keyed state holds everything per link.
   */
  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    adaptiveLaneState =
        context
            .getOperatorStateStore()
            .getListState(
                new ListStateDescriptor<>(
                    "adaptive-lanes", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    restoredAdaptiveLanes = new ArrayList<>();
    if (context.isRestored()) {
      for (byte[] entry : adaptiveLaneState.get()) {
        restoredAdaptiveLanes.add(entry);
      }
    }
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    List<byte[]> entries = new ArrayList<>();
    for (ServingLane lane : lanes) {
      if (lane.adaptive != null) {
        entries.add(lane.adaptive.snapshot());
      }
    }
    adaptiveLaneState.update(entries);
  }

  @Override
  public void open() throws Exception {
    super.open();
    List<ForecasterSpec> specs = config.lanes();
    lanes = new ServingLane[specs.size()];
    stateSizes = new int[specs.size()];
    subtaskErrors = new RollingError[specs.size()];
    lastRecoverySteps = new long[specs.size()];
    worstRmseAfterDrift = new double[specs.size()];
    java.util.Arrays.fill(lastRecoverySteps, -1);
    java.util.Arrays.fill(worstRmseAfterDrift, Double.NaN);
    historyCapacity = 1;
    int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
    List<Integer> order = new ArrayList<>();
    List<Integer> hybrids = new ArrayList<>();
    for (int lane = 0; lane < specs.size(); lane++) {
      ForecasterSpec spec = specs.get(lane);
      if (spec.isHybrid()) {
        lanes[lane] =
            ServingLane.hybrid(
                spec,
                laneIndex(specs, ForecasterSpec.LIQUID),
                laneIndex(specs, ForecasterSpec.INCREMENTAL));
        hybrids.add(lane);
      } else if (spec.isAdaptive()) {
        lanes[lane] = ServingLane.adaptive(spec, openAdaptiveLane(spec, subtask));
        historyCapacity = Math.max(historyCapacity, lanes[lane].adaptive.policy().replaySteps());
        order.add(lane);
      } else {
        lanes[lane] = ServingLane.plain(spec, spec.create());
        order.add(lane);
      }
      stateSizes[lane] = lanes[lane].stateSize();
      // one more than the window: the oldest sample in the window needs the one before for its gap
      historyCapacity = Math.max(historyCapacity, lanes[lane].window() + 1);
      lanes[lane].batch =
          new ForecastBatch(
              config.maxBatchRows(),
              lanes[lane].window(),
              lanes[lane].stateSize(),
              config.horizonSteps());
      subtaskErrors[lane] = new RollingError(config.errorWindow());
    }
    order.addAll(hybrids);
    servingOrder = order.stream().mapToInt(Integer::intValue).toArray();
    ValueStateDescriptor<LinkForecastState> linkStateDescriptor =
        new ValueStateDescriptor<>(
            "link-forecast-state", TypeInformation.of(LinkForecastState.class));
    linkStateDescriptor.enableTimeToLive(
        StateTtlConfig.newBuilder(Duration.ofMillis(config.linkStateTtlMs()))
            .updateTtlOnCreateAndWrite()
            .neverReturnExpired()
            .build());
    linkState = getRuntimeContext().getState(linkStateDescriptor);
    waitingDescriptor =
        new MapStateDescriptor<>(
            "samples-waiting-for-watermark", Types.LONG, new AvroTypeInfo<>(LinkTelemetry.class));
    waitingForWatermark = getRuntimeContext().getMapState(waitingDescriptor);
    eventTimers =
        getInternalTimerService("event-time-order", VoidNamespaceSerializer.INSTANCE, this);
    telemetryCodec = AvroCodec.of(LinkTelemetry.class);
    bufferKeys = new ArrayList<>();
    bufferRecords = new ArrayList<>();
    bufferIdentities = new HashSet<>();
    copyInputs = getExecutionConfig().isObjectReuseEnabled();

    MetricGroup metrics = getMetricGroup();
    predictionsOut = metrics.counter("predictionsOut");
    adaptationActions = metrics.counter("adaptationActions");
    deadLettersOut = metrics.counter("lateOrDuplicateSamples");
    modelCalls = metrics.counter("modelCalls");
    metrics.gauge("lastBatchRows", () -> lastBatchRows);
    for (int lane = 0; lane < lanes.length; lane++) {
      RollingError error = subtaskErrors[lane];
      ServingLane serving = lanes[lane];
      MetricGroup group = metrics.addGroup("strategy", serving.name());
      group.gauge("rollingRmseMbps", error::rmse);
      group.gauge("rollingMapePercent", () -> 100.0 * error.mape());
      group.gauge("scoredPredictions", error::count);
      group.gauge("modelVersion", serving::newestModelVersion);
      int index = lane;
      group.gauge("lastRecoverySteps", () -> lastRecoverySteps[index]);
      group.gauge("worstRollingRmseAfterDriftMbps", () -> worstRmseAfterDrift[index]);
      if (serving.adaptive != null) {
        group.gauge("retrainsInFlight", serving.adaptive::retrainsInFlight);
        group.gauge("modelVersionsAccepted", () -> serving.adaptive.versions().size() - 1);
      }
    }
  }

  private static int laneIndex(List<ForecasterSpec> specs, String name) {
    for (int i = 0; i < specs.size(); i++) {
      if (specs.get(i).strategy().equals(name)) {
        return i;
      }
    }
    throw new IllegalStateException("no lane named " + name);
  }

  /**
   * Builds an adaptive lane around its base model: serving through the lane's engine and device,
   * retraining with TF Java on the same device, versions in the model store; restores the lane's
   * checkpointed state if there is one.
   */
  private AdaptiveLane openAdaptiveLane(ForecasterSpec spec, int subtask) {
    DeviceSelection device = DeviceSelection.parse(spec.device());
    ServingEngine engine = ServingEngine.parse(spec.engine());
    AdaptiveLane lane =
        new AdaptiveLane(
            spec.strategy(),
            config.adaptation().policy(spec.adaptation()),
            subtask,
            new ModelStore(Path.of(config.adaptation().modelStoreDirectory())),
            ModelDirectory.open(Path.of(spec.modelDirectory())),
            dir -> ModelRegistry.load(dir.path(), device, engine),
            ModelFitter.reusingGraph(device),
            config.stepMs());
    boolean restored = false;
    for (byte[] entry : restoredAdaptiveLanes) {
      if (AdaptiveLane.laneOf(entry).equals(spec.strategy())) {
        if (restored) {
          // after a rescale a subtask may receive another subtask's lane state: keep the first
          LOG.warn(
              "lane {}: more than one adaptive-lane state restored; keeping the first",
              spec.strategy());
          break;
        }
        lane.restore(entry);
        restored = true;
      }
    }
    return lane;
  }

  // ---------------------------------------------------------------- input 1: telemetry

  @Override
  public void processElement1(StreamRecord<LinkTelemetry> element) throws Exception {
    LinkTelemetry sample = element.getValue();
    if (copyInputs) {
      sample = LinkTelemetry.newBuilder(sample).build();
    }
    String key = (String) getCurrentKey();
    long ts = sample.getTimestampMs();
    long watermark = eventTimers.currentWatermark();
    LinkForecastState state = linkState.value();
    long last = state == null ? Long.MIN_VALUE : state.lastTimestampMs();

    if (ts == last
        || waitingForWatermark.contains(ts)
        || bufferIdentities.contains(identity(key, ts))) {
      reject(
          sample,
          ReasonCode.DUPLICATE,
          "a sample for " + key + " at " + ts + " was already received");
    } else if (ts < last) {
      reject(
          sample,
          ReasonCode.TOO_LATE,
          "event time " + ts + " is before the link's last processed sample " + last);
    } else if (watermark != Long.MIN_VALUE && ts < watermark - config.maxLatenessMs()) {
      reject(
          sample,
          ReasonCode.TOO_LATE,
          "event time "
              + ts
              + " is more than "
              + config.maxLatenessMs()
              + " ms behind the watermark "
              + watermark);
    } else if (ts <= watermark) {
      // already behind the watermark but in order for this link: no reason to wait
      buffer(key, sample);
    } else {
      waitingForWatermark.put(ts, sample);
      eventTimers.registerEventTimeTimer(VoidNamespace.INSTANCE, ts);
    }
  }

  @Override
  public void onEventTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
    long ts = timer.getTimestamp();
    LinkTelemetry sample = waitingForWatermark.get(ts);
    if (sample != null) {
      waitingForWatermark.remove(ts);
      buffer(timer.getKey(), sample);
    }
  }

  @Override
  public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) {
    // no keyed processing-time timers are registered
  }

  private void buffer(String key, LinkTelemetry sample) throws Exception {
    bufferKeys.add(key);
    bufferRecords.add(sample);
    bufferIdentities.add(identity(key, sample.getTimestampMs()));
    if (bufferKeys.size() >= config.maxBatchRows()) {
      flush();
    } else if (!flushTimerArmed) {
      flushTimerArmed = true;
      long now = getProcessingTimeService().getCurrentProcessingTime();
      getProcessingTimeService().registerTimer(now + config.flushIntervalMs(), this);
    }
  }

  private static String identity(String key, long ts) {
    return key + '@' + ts;
  }

  // ---------------------------------------------------------------- input 2: network signals

  @Override
  public void processElement2(StreamRecord<NetworkDriftSignal> element) throws Exception {
    NetworkDriftSignal signal = element.getValue();
    LinkForecastState stored = linkState.value();
    LinkForecastState state = stored == null ? newState() : stored.copy();
    state.driftSignalledAtMs = signal.eventTimeMs;
    for (int lane = 0; lane < lanes.length; lane++) {
      FailureAwareDriftSignal drift = driftSignalOf(state, lane);
      drift.markByNetworkEvent(signal.eventTimeMs);
      state.driftSignals[lane] = DetectorCodec.toBytes(drift);
      markRecovery(state, lane, signal.eventTimeMs);
    }
    linkState.update(state);
    double errorBefore =
        state.scoredCount[0] > 0 ? Math.sqrt(state.meanSquaredError[0]) : Double.NaN;
    String prior =
        Double.isNaN(signal.loadAfterMbps)
            ? ""
            : String.format(
                " routing prior %.1f -> %.1f Mbps", signal.loadBeforeMbps, signal.loadAfterMbps);
    AdaptationEvent event =
        AdaptationEvent.newBuilder()
            .setType(AdaptationEventType.DRIFT_DETECTED)
            .setScope("link")
            .setLinkId(signal.linkId)
            .setSrcNode(signal.srcNode)
            .setDstNode(signal.dstNode)
            .setDetector("network-event")
            .setErrorBefore(Double.isNaN(errorBefore) ? null : errorBefore)
            .setEventTimeMs(signal.eventTimeMs)
            .setProcessingTimeMs(getProcessingTimeService().getCurrentProcessingTime())
            .setDetail(
                signal.eventType + " " + signal.element + " (event " + signal.eventId + ")" + prior)
            .build();
    output.collect(ADAPTATION_EVENTS, new StreamRecord<>(event, signal.eventTimeMs));
    String regime = regimeOf(signal);
    for (ServingLane lane : lanes) {
      if (lane.adaptive != null) {
        emit(
            lane,
            lane.adaptive.markRegime(
                signal.linkKey, regime, recentSamples(state), signal.eventTimeMs));
      }
    }
  }

  /**
   * The routing regime a network signal leaves its link in. Without a topology the job cannot track
   * the failed set: a repair (…_UP) is taken as the normal routing, anything else as a regime of
   * its own.
   */
  private static String regimeOf(NetworkDriftSignal signal) {
    if (signal.regime != null) {
      return signal.regime;
    }
    String type = signal.eventType == null ? "" : signal.eventType;
    return type.endsWith("_UP") ? "" : "unrouted:" + type + ":" + signal.element;
  }

  /** The link's newest samples, oldest first (the replay window of a new scope). */
  private static LinkSamples recentSamples(LinkForecastState state) {
    int n = state.historySize();
    LinkSamples samples = new LinkSamples(Math.max(2, n));
    for (int back = n - 1; back >= 0; back--) {
      samples.append(state.timestampBack(back), state.loadBack(back), state.capacityMbps);
    }
    return samples;
  }

  private void emit(ServingLane lane, List<AdaptationAction> actions) {
    if (actions.isEmpty()) {
      return;
    }
    long now = getProcessingTimeService().getCurrentProcessingTime();
    for (AdaptationAction action : actions) {
      AdaptationEvent event = AdaptationEvents.of(action, lane.name(), now);
      output.collect(ADAPTATION_EVENTS, new StreamRecord<>(event, event.getEventTimeMs()));
      adaptationActions.inc();
    }
  }

  // ---------------------------------------------------------------- flushing

  @Override
  public void onProcessingTime(long time) throws Exception {
    flushTimerArmed = false;
    flush();
  }

  @Override
  public void processWatermark(Watermark mark) throws Exception {
    // Fire event-time timers (they fill the buffer), forecast what they released, and only then
    // forward the watermark, so no prediction is ever behind the watermark it follows.
    if (timeServiceManager != null) {
      timeServiceManager.advanceWatermark(mark);
    }
    flush();
    output.emitWatermark(mark);
  }

  @Override
  protected void processWatermarkStatus(WatermarkStatus status, int index) throws Exception {
    flush();
    super.processWatermarkStatus(status, index);
  }

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    // The buffer lives outside state: empty it before the barrier, or a restore would lose it.
    flush();
    super.prepareSnapshotPreBarrier(checkpointId);
  }

  @Override
  public void endInput(int inputId) throws Exception {
    if (inputId == 1) {
      releaseAllWaiting();
    }
    flush();
  }

  /**
   * The telemetry input ended (bounded source, or stop-with-savepoint --drain): no watermark will
   * ever pass the samples still waiting, and an idle input's final watermark may never arrive, so
   * forecast them now. Their timers find nothing left when they fire.
   */
  private void releaseAllWaiting() throws Exception {
    List<String> keys = new ArrayList<>();
    List<List<LinkTelemetry>> samples = new ArrayList<>();
    getKeyedStateBackend()
        .applyToAllKeys(
            VoidNamespace.INSTANCE,
            VoidNamespaceSerializer.INSTANCE,
            waitingDescriptor,
            (key, state) -> {
              List<LinkTelemetry> list = new ArrayList<>();
              for (LinkTelemetry sample : state.values()) {
                list.add(sample);
              }
              if (!list.isEmpty()) {
                keys.add((String) key);
                samples.add(list);
              }
            });
    for (int i = 0; i < keys.size(); i++) {
      setCurrentKey(keys.get(i));
      waitingForWatermark.clear();
      for (LinkTelemetry sample : samples.get(i)) {
        buffer(keys.get(i), sample);
      }
    }
  }

  @Override
  public void finish() throws Exception {
    flush();
    super.finish();
  }

  @Override
  public void close() throws Exception {
    if (lanes != null) {
      for (ServingLane lane : lanes) {
        if (lane != null) {
          lane.close();
        }
      }
    }
    super.close();
  }

  /** Forecasts everything buffered, in waves that hold each link at most once. */
  void flush() throws Exception {
    if (bufferKeys == null || bufferKeys.isEmpty()) {
      return;
    }
    Object callerKey = getCurrentKey();
    Map<String, List<LinkTelemetry>> byLink = new LinkedHashMap<>();
    for (int i = 0; i < bufferKeys.size(); i++) {
      byLink.computeIfAbsent(bufferKeys.get(i), k -> new ArrayList<>(1)).add(bufferRecords.get(i));
    }
    bufferKeys.clear();
    bufferRecords.clear();
    bufferIdentities.clear();
    for (List<LinkTelemetry> samples : byLink.values()) {
      if (samples.size() > 1) {
        samples.sort(Comparator.comparingLong(LinkTelemetry::getTimestampMs));
      }
    }
    List<String> waveKeys = new ArrayList<>();
    List<LinkTelemetry> waveSamples = new ArrayList<>();
    for (int depth = 0; ; depth++) {
      waveKeys.clear();
      waveSamples.clear();
      for (Map.Entry<String, List<LinkTelemetry>> entry : byLink.entrySet()) {
        if (entry.getValue().size() > depth) {
          waveKeys.add(entry.getKey());
          waveSamples.add(entry.getValue().get(depth));
        }
      }
      if (waveKeys.isEmpty()) {
        break;
      }
      for (int from = 0; from < waveKeys.size(); from += config.maxBatchRows()) {
        int to = Math.min(waveKeys.size(), from + config.maxBatchRows());
        forecastBatch(waveKeys.subList(from, to), waveSamples.subList(from, to));
      }
    }
    if (callerKey != null) {
      setCurrentKey(callerKey);
    }
  }

  private void forecastBatch(List<String> keys, List<LinkTelemetry> samples) throws Exception {
    int n = keys.size();
    LinkForecastState[] states = new LinkForecastState[n];
    int[] rowOf = new int[n];
    int rows = 0;
    int laneCount = lanes.length;
    long stepMs = config.stepMs();
    int horizon = config.horizonSteps();
    pollAdaptiveLanes();
    for (int i = 0; i < n; i++) {
      setCurrentKey(keys.get(i));
      LinkTelemetry sample = samples.get(i);
      LinkForecastState stored = linkState.value();
      long ts = sample.getTimestampMs();
      if (stored != null && ts <= stored.lastTimestampMs()) {
        reject(
            sample,
            ts == stored.lastTimestampMs() ? ReasonCode.DUPLICATE : ReasonCode.TOO_LATE,
            "event time "
                + ts
                + " is not after the link's last processed sample "
                + stored.lastTimestampMs());
        rowOf[i] = -1;
        continue;
      }
      LinkForecastState state = stored == null ? newState() : stored.copy();
      float load = (float) sample.getLoadMbps();
      float capacity = (float) sample.getCapacityMbps();
      for (int lane = 0; lane < laneCount; lane++) {
        scoreDueForecast(keys.get(i), state, lane, sample, load, horizon, stepMs);
        if (lanes[lane].adaptive != null) {
          emit(
              lanes[lane],
              lanes[lane].adaptive.observe(keys.get(i), ts, load, capacity, isUp(sample)));
        }
      }
      state.append(ts, load, capacity);
      states[i] = state;
      rowOf[i] = rows++;
    }
    lastBatchRows = rows;
    if (rows == 0) {
      return;
    }
    String[] rowKeys = new String[rows];
    for (int i = 0; i < n; i++) {
      if (rowOf[i] >= 0) {
        rowKeys[rowOf[i]] = keys.get(i);
      }
    }
    for (int lane : servingOrder) {
      ServingLane serving = lanes[lane];
      ForecastBatch batch = serving.batch;
      batch.rows = rows;
      for (int i = 0; i < n; i++) {
        if (rowOf[i] >= 0) {
          states[i].fillRow(batch, rowOf[i], lane);
        }
      }
      if (serving.isHybrid()) {
        blend(serving, states, rowOf);
      } else if (serving.adaptive != null) {
        serving.adaptive.forecast(batch, rowKeys);
        modelCalls.inc();
      } else {
        serving.forecaster.forecast(batch);
        modelCalls.inc();
      }
      int warmUp = serving.warmUpSamples();
      for (int i = 0; i < n; i++) {
        if (rowOf[i] < 0) {
          continue;
        }
        LinkTelemetry sample = samples.get(i);
        if (states[i].count < warmUp) {
          batch.forecastPersistence(rowOf[i]);
        }
        if (serving.knowsLinkStatus() && !isUp(sample)) {
          // a link that is down carries nothing until it is repaired; the models never saw one
          java.util.Arrays.fill(
              batch.forecastMbps, rowOf[i] * batch.horizon, (rowOf[i] + 1) * batch.horizon, 0f);
        }
        float value = states[i].takeForecast(batch, rowOf[i], lane, stepMs);
        long ts = sample.getTimestampMs();
        LoadPrediction prediction =
            LoadPrediction.newBuilder()
                .setLinkId(sample.getLinkId())
                .setSrcNode(sample.getSrcNode())
                .setDstNode(sample.getDstNode())
                .setEventTimeMs(ts)
                .setTargetTimeMs(ts + horizon * stepMs)
                .setHorizonSteps(horizon)
                .setValueMbps(value)
                .setStrategy(serving.name())
                .setModelId(serving.modelId())
                .setModelVersion(serving.modelVersion(keys.get(i)))
                .build();
        output.collect(new StreamRecord<>(prediction, ts));
        predictionsOut.inc();
      }
    }
    for (int i = 0; i < n; i++) {
      if (rowOf[i] >= 0) {
        setCurrentKey(keys.get(i));
        linkState.update(states[i]);
      }
    }
    pollAdaptiveLanes();
  }

  private static boolean isUp(LinkTelemetry sample) {
    return sample.getStatus() != io.netdrift.schema.LinkStatus.DOWN;
  }

  /** Finished retrains come in and due ones start, at batch boundaries only. */
  private void pollAdaptiveLanes() {
    long now = getProcessingTimeService().getCurrentProcessingTime();
    for (ServingLane lane : lanes) {
      if (lane.adaptive != null) {
        emit(lane, lane.adaptive.poll(now));
      }
    }
  }

  /**
   * The hybrid lane's forecasts: per row, the liquid and incremental forecasts of this batch
   * (already computed: hybrids are served last) weighted by their recent errors on the link.
   */
  private void blend(ServingLane hybrid, LinkForecastState[] states, int[] rowOf) {
    ForecastBatch out = hybrid.batch;
    ForecastBatch liquid = lanes[hybrid.liquidLane].batch;
    ForecastBatch incremental = lanes[hybrid.incrementalLane].batch;
    int h = out.horizon;
    for (int i = 0; i < states.length; i++) {
      int r = rowOf[i];
      if (r < 0) {
        continue;
      }
      double liquidMse = states[i].recentMse(hybrid.liquidLane);
      double incrementalMse = states[i].recentMse(hybrid.incrementalLane);
      for (int k = 0; k < h; k++) {
        out.forecastMbps[r * h + k] =
            HybridBlend.blend(
                liquid.forecastMbps[r * h + k],
                incremental.forecastMbps[r * h + k],
                liquidMse,
                incrementalMse);
      }
    }
  }

  /**
   * Scores the lane's forecast that was waiting for this sample: rolling errors of the link and the
   * subtask, the short-window error the hybrid weighs by, and the lane's own drift detector.
   */
  private void scoreDueForecast(
      String key,
      LinkForecastState state,
      int lane,
      LinkTelemetry sample,
      float load,
      int horizon,
      long stepMs) {
    float due = state.takeDueForecast(lane, horizon, sample.getTimestampMs(), stepMs);
    if (Float.isNaN(due)) {
      return;
    }
    double rmseBefore =
        state.scoredCount[lane] > 0 ? Math.sqrt(state.meanSquaredError[lane]) : Double.NaN;
    RollingError linkError =
        RollingError.restore(
                config.errorWindow(),
                state.meanSquaredError[lane],
                state.meanAbsolutePercentError[lane],
                state.scoredCount[lane],
                state.percentScoredCount[lane])
            .update(due, load);
    state.meanSquaredError[lane] = linkError.meanSquaredError();
    state.meanAbsolutePercentError[lane] = linkError.mape();
    state.scoredCount[lane] = linkError.count();
    state.percentScoredCount[lane] = linkError.percentCount();
    state.updateRecentError(lane, due - load);
    subtaskErrors[lane].update(due, load);
    trackRecovery(key, state, lane, sample, due, load);
    Optional<Transition> transition =
        watchDrift(state, lane, sample, Math.abs(due - load), rmseBefore);
    AdaptiveLane adaptive = lanes[lane].adaptive;
    if (transition.isPresent() && adaptive != null) {
      switch (transition.get().to()) {
        case CONFIRMED -> adaptive.confirm(key);
        case CLEARED -> {}
        default -> adaptive.markUnannounced(key, recentSamples(state));
      }
    }
    if (transition.isPresent()
        && transition.get().to() != FailureAwareDriftSignal.State.CONFIRMED
        && transition.get().to() != FailureAwareDriftSignal.State.CLEARED) {
      markRecovery(state, lane, sample.getTimestampMs());
    }
  }

  private static RecoveryTracker recoveryOf(LinkForecastState state, int lane) {
    return state.recoveryTrackers[lane] == null
        ? new RecoveryTracker()
        : RecoveryTracker.fromBytes(state.recoveryTrackers[lane]);
  }

  /** A drift starts for this lane on this link: its recovery is timed from here. */
  private static void markRecovery(LinkForecastState state, int lane, long eventTimeMs) {
    RecoveryTracker tracker = recoveryOf(state, lane);
    if (tracker.markDrift(eventTimeMs)) {
      state.recoveryTrackers[lane] = tracker.toBytes();
    }
  }

  /**
   * Continual evaluation (De Lange et al. 2023): feeds the scored error to the lane's recovery
   * tracker and, when the rolling error is back near its pre-drift level, emits RECOVERED.
   */
  private void trackRecovery(
      String key, LinkForecastState state, int lane, LinkTelemetry sample, float due, float load) {
    RecoveryTracker tracker = recoveryOf(state, lane);
    Optional<RecoveryTracker.Recovery> recovery = tracker.update(due, load);
    state.recoveryTrackers[lane] = tracker.toBytes();
    if (recovery.isEmpty()) {
      return;
    }
    RecoveryTracker.Recovery r = recovery.get();
    lastRecoverySteps[lane] = r.stepsToRecover();
    worstRmseAfterDrift[lane] = r.worstRmse();
    AdaptationEvent event =
        AdaptationEvent.newBuilder()
            .setType(AdaptationEventType.RECOVERED)
            .setScope("link")
            .setLinkId(sample.getLinkId())
            .setSrcNode(sample.getSrcNode())
            .setDstNode(sample.getDstNode())
            .setStrategy(lanes[lane].name())
            .setErrorBefore(r.preDriftRmse())
            .setErrorAfter(r.worstRmse())
            .setSamples(r.stepsToRecover())
            .setEventTimeMs(sample.getTimestampMs())
            .setProcessingTimeMs(getProcessingTimeService().getCurrentProcessingTime())
            .setDetail(
                String.format(
                    "rolling RMSE back within %.0f%% of its pre-drift %.1f Mbps after %d steps"
                        + " (worst %.1f Mbps)",
                    100 * tracker.tolerance(), r.preDriftRmse(), r.stepsToRecover(), r.worstRmse()))
            .build();
    output.collect(ADAPTATION_EVENTS, new StreamRecord<>(event, sample.getTimestampMs()));
  }

  /**
   * Feeds one scored error to the link's drift signal (scaled by capacity, so one detector setting
   * fits links of every size) and emits the adaptation event of any transition.
   */
  private Optional<Transition> watchDrift(
      LinkForecastState state,
      int lane,
      LinkTelemetry sample,
      double absErrorMbps,
      double rmseBefore) {
    FailureAwareDriftSignal drift = driftSignalOf(state, lane);
    double scale = sample.getCapacityMbps() > 0 ? sample.getCapacityMbps() : 1.0;
    Optional<Transition> transition = drift.update(sample.getTimestampMs(), absErrorMbps / scale);
    state.driftSignals[lane] = DetectorCodec.toBytes(drift);
    if (transition.isEmpty()) {
      return transition;
    }
    Transition t = transition.get();
    AdaptationEventType type =
        switch (t.to()) {
          case CONFIRMED -> AdaptationEventType.DRIFT_CONFIRMED;
          case CLEARED -> AdaptationEventType.DRIFT_CLEARED;
          default -> AdaptationEventType.DRIFT_DETECTED;
        };
    String detail =
        switch (t.to()) {
          case CONFIRMED ->
              "confirms the network event " + t.samplesSinceMark() + " samples after it";
          case CLEARED ->
              "no drift in the error within "
                  + t.samplesSinceMark()
                  + " samples of the network event";
          default -> "drift in the prediction error without an announced network event";
        };
    AdaptationEvent event =
        AdaptationEvent.newBuilder()
            .setType(type)
            .setScope("link")
            .setLinkId(sample.getLinkId())
            .setSrcNode(sample.getSrcNode())
            .setDstNode(sample.getDstNode())
            .setStrategy(lanes[lane].name())
            .setDetector(t.detector())
            .setStatistic(Double.isFinite(t.statistic()) ? t.statistic() : null)
            .setErrorBefore(Double.isNaN(rmseBefore) ? null : rmseBefore)
            .setErrorAfter(absErrorMbps)
            .setEventTimeMs(t.eventTimeMs())
            .setProcessingTimeMs(getProcessingTimeService().getCurrentProcessingTime())
            .setDetail(detail)
            .build();
    output.collect(ADAPTATION_EVENTS, new StreamRecord<>(event, t.eventTimeMs()));
    return transition;
  }

  private FailureAwareDriftSignal driftSignalOf(LinkForecastState state, int lane) {
    return state.driftSignals[lane] == null
        ? new FailureAwareDriftSignal(
            DriftDetectors.create(config.driftDetector(), config.driftDetectorParams()),
            config.confirmationHorizonSteps())
        : DetectorCodec.signalFromBytes(state.driftSignals[lane]);
  }

  private LinkForecastState newState() {
    return LinkForecastState.create(
        historyCapacity, lanes.length, config.horizonSteps(), stateSizes);
  }

  private void reject(LinkTelemetry sample, ReasonCode code, String reason) {
    DeadLetter letter =
        DeadLetter.newBuilder()
            .setSourceTopic(config.telemetryTopic())
            .setPartition(-1)
            .setOffset(-1)
            .setKafkaTimestampMs(sample.getTimestampMs())
            .setRawKey(
                ByteBuffer.wrap(
                    DirectedLink.key(sample.getLinkId(), sample.getSrcNode(), sample.getDstNode())
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8)))
            .setRawValue(ByteBuffer.wrap(telemetryCodec.encode(sample)))
            .setReasonCode(code.name())
            .setReason(reason)
            .setDetectedAtMs(getProcessingTimeService().getCurrentProcessingTime())
            .build();
    output.collect(DEAD_LETTERS, new StreamRecord<>(letter, sample.getTimestampMs()));
    deadLettersOut.inc();
  }
}
