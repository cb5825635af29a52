package io.netdrift.flink.forecast;

import io.netdrift.core.adaptation.AdaptationAction;
import io.netdrift.core.adaptation.AdaptiveLane;
import io.netdrift.core.adaptation.LinkSamples;
import io.netdrift.core.adaptation.ModelFitter;
import io.netdrift.core.adaptation.ModelStore;
import io.netdrift.core.adaptation.RewarmRule;
import io.netdrift.core.drift.FailureAwareDriftSignal.Transition;
import io.netdrift.core.forecast.ArrivalOrder;
import io.netdrift.core.forecast.ForecastBatch;
import io.netdrift.core.forecast.ForecasterSpec;
import io.netdrift.core.forecast.LaneScoring;
import io.netdrift.core.forecast.LinkForecastState;
import io.netdrift.core.forecast.MicroBatchBuffer;
import io.netdrift.core.metrics.RecoveryTracker;
import io.netdrift.core.model.ModelDirectory;
import io.netdrift.core.model.runtime.DeviceSelection;
import io.netdrift.core.model.runtime.ServingEngine;
import io.netdrift.core.model.serving.ModelRegistry;
import io.netdrift.core.network.DirectedLink;
import io.netdrift.core.reliability.FaultInjection;
import io.netdrift.core.validation.Rejection.ReasonCode;
import io.netdrift.schema.AdaptationEvent;
import io.netdrift.schema.DeadLetter;
import io.netdrift.schema.LinkTelemetry;
import io.netdrift.schema.LoadPrediction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.api.common.operators.ProcessingTimeService.ProcessingTimeCallback;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
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
 *
 * <p>Per-link state is bounded: a link direction whose telemetry stops (decommissioned, renamed,
 * moved to another subtask by a rescale) loses everything it held once the watermark, which the
 * other links keep moving, is {@code linkStateTtlMs} past its newest sample or signal — its {@link
 * LinkForecastState}, waiting samples, pending signals, timers and its membership of an adaptive
 * lane's scope ({@link #expireIfSilent}). If it reports again it starts afresh, like a new link.
 *
 * <p>The operator keeps the Flink lifecycle, state, timers and outputs, and composes the plain-Java
 * pieces: {@link ArrivalOrder} (where an arriving sample goes), {@link MicroBatchBuffer} (the batch
 * and its waves), {@link StrategyLanes} (the lanes and the hybrid blend), {@link LaneScoring}
 * (rolling errors, drift signals, recovery); records are built by {@link PredictionRecords}, {@link
 * AdaptationEvents} and {@link DeadLetters}; {@link AdaptiveLaneState} and {@link ForecastMetrics}
 * hold the operator state and the metrics.
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

  private final ForecastOperatorConfig config;

  private transient ValueState<LinkForecastState> linkState;
  private transient MapStateDescriptor<Long, LinkTelemetry> waitingDescriptor;
  private transient MapState<Long, LinkTelemetry> waitingForWatermark;

  /**
   * Network signals ahead of the watermark (a replay of history, a lagging telemetry topic):
   * applied when it passes their time, so a failure marks the link's regime exactly between the
   * last sample before it and the first after it.
   */
  private transient ListState<NetworkDriftSignal> pendingSignals;

  /** Links with pending signals (rebuilt from the keyed state on restore). */
  private transient Set<String> linksWithPendingSignals;

  private transient InternalTimerService<VoidNamespace> eventTimers;

  /**
   * One event-time timer per link with state, at the time its state expires unless it reports again
   * (re-armed lazily when it fires, not moved on every sample: a timer per record would cost a
   * delete and an insert in the timer queue each).
   */
  private transient InternalTimerService<VoidNamespace> silenceTimers;

  private transient StrategyLanes strategyLanes;

  /** The lanes of {@link #strategyLanes}, by lane index. */
  private transient ServingLane[] lanes;

  private transient AdaptiveLaneState adaptiveLaneState;
  private transient LaneScoring scoring;
  private transient DeadLetters deadLetters;

  private transient ArrivalOrder arrivalOrder;
  private transient MicroBatchBuffer<LinkTelemetry> buffer;
  private transient boolean flushTimerArmed;

  private transient ForecastMetrics forecastMetrics;
  private transient OutputStallMonitor outputStall;

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
        AdaptiveLaneState.initialize(
            context,
            getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(),
            getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks());
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    adaptiveLaneState.snapshot(lanes);
    outputStall.checkpointTaken(context.getCheckpointId());
  }

  @Override
  public void notifyCheckpointComplete(long checkpointId) throws Exception {
    super.notifyCheckpointComplete(checkpointId);
    outputStall.checkpointCompleted(checkpointId);
  }

  @Override
  public void open() throws Exception {
    super.open();
    List<ForecasterSpec> specs = config.lanes();
    strategyLanes = new StrategyLanes(specs.size(), config.horizonSteps());
    lanes = strategyLanes.all;
    scoring =
        new LaneScoring(
            specs.size(),
            config.errorWindow(),
            config.driftDetector(),
            config.confirmationHorizonSteps());
    int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
    strategyLanes.open(specs, config.maxBatchRows(), spec -> openAdaptiveLane(spec, subtask));
    // No StateTtlConfig: Flink's state TTL runs on processing time only (a job restored after a
    // stop longer than the TTL would find every link expired), removes expired entries lazily, and
    // never removes timers, map entries of other states or a link's place in an adaptive lane. The
    // silence timers below drop all of it, in event time.
    linkState =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>(LINK_STATE, LinkForecastStateSerializer.INSTANCE));
    waitingDescriptor =
        new MapStateDescriptor<>(
            WAITING_STATE, Types.LONG, new AvroTypeInfo<>(LinkTelemetry.class));
    waitingForWatermark = getRuntimeContext().getMapState(waitingDescriptor);
    pendingSignals =
        getRuntimeContext()
            .getListState(
                new ListStateDescriptor<>(
                    PENDING_SIGNALS_STATE, TypeInformation.of(NetworkDriftSignal.class)));
    linksWithPendingSignals = new HashSet<>();
    try (java.util.stream.Stream<Object> keys =
        getKeyedStateBackend().getKeys(PENDING_SIGNALS_STATE, VoidNamespace.INSTANCE)) {
      keys.forEach(k -> linksWithPendingSignals.add((String) k));
    }
    eventTimers =
        getInternalTimerService("event-time-order", VoidNamespaceSerializer.INSTANCE, this);
    silenceTimers =
        getInternalTimerService(
            "link-silence", VoidNamespaceSerializer.INSTANCE, new SilenceTimerCallback());
    deadLetters = new DeadLetters(config.telemetryTopic());
    arrivalOrder = new ArrivalOrder(config.maxLatenessMs());
    buffer = new MicroBatchBuffer<>(config.maxBatchRows(), LinkTelemetry::getTimestampMs);

    forecastMetrics = new ForecastMetrics(getMetricGroup(), lanes, scoring);
    FaultInjection.install(config.reliability().faultInjection());
    outputStall =
        new OutputStallMonitor(
            config.reliability().outputStallTimeoutMs(),
            getProcessingTimeService(),
            getMetricGroup(),
            getRuntimeContext().getTaskInfo().getTaskNameWithSubtasks());
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
    adaptiveLaneState.restoreInto(lane, this::ownsLink);
    return lane;
  }

  static final String LINK_STATE = "link-forecast-state";
  static final String WAITING_STATE = "samples-waiting-for-watermark";

  /** Whether a link key is routed to this subtask (keyBy's key-group assignment). */
  private boolean ownsLink(String linkKey) {
    return KeyGroupRangeAssignment.assignKeyToParallelOperator(
            linkKey,
            getRuntimeContext().getTaskInfo().getMaxNumberOfParallelSubtasks(),
            getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks())
        == getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
  }

  static final String PENDING_SIGNALS_STATE = "pending-network-signals";

  /** What the {@code outputStalled} gauge shows (for tests). */
  boolean outputStalled() {
    return outputStall.stalled();
  }

  // ---------------------------------------------------------------- input 1: telemetry

  @Override
  public void processElement1(StreamRecord<LinkTelemetry> element) throws Exception {
    LinkTelemetry sample = element.getValue();
    outputStall.processed(1);
    String key = (String) getCurrentKey();
    long ts = sample.getTimestampMs();
    long watermark = eventTimers.currentWatermark();
    LinkForecastState state = linkState.value();
    long last = state == null ? Long.MIN_VALUE : state.lastTimestampMs();

    // a sample waits only while it is ahead of the watermark: no state lookup for the others
    boolean alreadyReceived =
        ts == last
            || (ts > watermark && waitingForWatermark.contains(ts))
            || buffer.contains(key, ts);
    ArrivalOrder.Decision decision =
        arrivalOrder.onArrival(key, ts, last, watermark, alreadyReceived);
    ArrivalOrder.Route route = decision.route();
    if (route == ArrivalOrder.Route.SERVE_NOW && hasPendingSignals(key)) {
      applyDueSignals(key, ts);
    }
    switch (route) {
      case REJECT -> rejectForLink(state, sample, decision);
      case SERVE_NOW -> buffer(key, sample);
      case WAIT_FOR_WATERMARK -> {
        waitingForWatermark.put(ts, sample);
        eventTimers.registerEventTimeTimer(VoidNamespace.INSTANCE, ts);
      }
    }
  }

  @Override
  public void onEventTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
    long ts = timer.getTimestamp();
    if (hasPendingSignals(timer.getKey())) {
      applyDueSignals(timer.getKey(), ts);
    }
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
    if (buffer.add(key, sample)) {
      flush();
    } else if (!flushTimerArmed) {
      flushTimerArmed = true;
      long now = getProcessingTimeService().getCurrentProcessingTime();
      getProcessingTimeService().registerTimer(now + config.flushIntervalMs(), this);
    }
  }

  // ---------------------------------------------------------------- input 2: network signals

  @Override
  public void processElement2(StreamRecord<NetworkDriftSignal> element) throws Exception {
    NetworkDriftSignal signal = element.getValue();
    String key = (String) getCurrentKey();
    // Samples are served when the watermark passes them (ArrivalOrder); a signal ahead of the
    // watermark waits for it in the same way, so it applies after the link's samples before its
    // time and before those at or after it, however far either input has been read ahead.
    if (signal.eventTimeMs > eventTimers.currentWatermark()) {
      pendingSignals.add(signal);
      linksWithPendingSignals.add(key);
      eventTimers.registerEventTimeTimer(VoidNamespace.INSTANCE, signal.eventTimeMs);
      return;
    }
    // behind the watermark (a late signal): the samples up to the watermark are served already
    if (buffer.newestTimestamp(key) != Long.MIN_VALUE) {
      flush();
    }
    applySignal(signal);
  }

  private boolean hasPendingSignals(String key) {
    return !linksWithPendingSignals.isEmpty() && linksWithPendingSignals.contains(key);
  }

  /** Applies the link's pending signals whose time a sample at {@code ts} has reached. */
  private void applyDueSignals(String key, long ts) throws Exception {
    List<NetworkDriftSignal> due = new ArrayList<>();
    List<NetworkDriftSignal> later = new ArrayList<>();
    for (NetworkDriftSignal signal : pendingSignals.get()) {
      (signal.eventTimeMs <= ts ? due : later).add(signal);
    }
    if (due.isEmpty()) {
      return;
    }
    flush(); // the samples before the signals are served first, in the old regime
    due.sort(java.util.Comparator.comparingLong(signal -> signal.eventTimeMs));
    for (NetworkDriftSignal signal : due) {
      applySignal(signal);
    }
    if (later.isEmpty()) {
      pendingSignals.clear();
      linksWithPendingSignals.remove(key);
    } else {
      pendingSignals.update(later);
    }
  }

  private void applySignal(NetworkDriftSignal signal) throws Exception {
    LinkForecastState stored = linkState.value();
    if (stored == null) {
      armSilenceTimer(signal.eventTimeMs);
    }
    LinkForecastState state = stored == null ? strategyLanes.newState() : stored;
    state.driftSignalledAtMs = signal.eventTimeMs;
    scoring.markNetworkEvent(state, signal.eventTimeMs);
    boolean rewarm = RewarmRule.rewarm(signal.loadBeforeMbps, signal.loadAfterMbps);
    for (int lane = 0; lane < lanes.length; lane++) {
      if (rewarm && lanes[lane].rewarmsAfterReroute()) {
        state.scheduleStateReset(lane, signal.eventTimeMs);
      }
    }
    linkState.update(state);
    double errorBefore =
        state.scoredCount[0] > 0 ? Math.sqrt(state.meanSquaredError[0]) : Double.NaN;
    AdaptationEvent event =
        AdaptationEvents.networkEvent(
            signal, errorBefore, getProcessingTimeService().getCurrentProcessingTime());
    emitAdaptationEvent(event, signal.eventTimeMs);
    String regime = regimeOf(signal);
    LinkSamples history = null; // read once, shared: the lanes copy what they keep
    for (ServingLane lane : lanes) {
      if (lane.adaptive != null) {
        history = history != null ? history : LinkSamples.recentOf(state);
        emit(lane, lane.adaptive.markRegime(signal.linkKey, regime, history, signal.eventTimeMs));
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

  private void emit(ServingLane lane, List<AdaptationAction> actions) {
    if (actions.isEmpty()) {
      return;
    }
    long now = getProcessingTimeService().getCurrentProcessingTime();
    for (AdaptationAction action : actions) {
      AdaptationEvent event = AdaptationEvents.of(action, lane.name(), now);
      emitAdaptationEvent(event, event.getEventTimeMs());
      forecastMetrics.adaptationActions.inc();
    }
  }

  /** The subtask's metrics (for tests in this package). */
  ForecastMetrics metrics() {
    return forecastMetrics;
  }

  /** Every adaptation event leaves through here, so the per-lane counters see each one. */
  private void emitAdaptationEvent(AdaptationEvent event, long timestampMs) {
    output.collect(ADAPTATION_EVENTS, new StreamRecord<>(event, timestampMs));
    forecastMetrics.adaptationEventEmitted(event);
  }

  // ---------------------------------------------------------------- silent links

  /** A link gets state (its first sample or signal): its state expires a TTL after this. */
  private void armSilenceTimer(long eventTimeMs) {
    silenceTimers.registerEventTimeTimer(VoidNamespace.INSTANCE, expiry(eventTimeMs));
  }

  private long expiry(long eventTimeMs) {
    long ttl = config.linkStateTtlMs();
    return eventTimeMs > Long.MAX_VALUE - ttl ? Long.MAX_VALUE : eventTimeMs + ttl;
  }

  /**
   * The link's silence timer fired (the watermark reached {@code timerMs}): if it reported since
   * the timer was set, the timer moves to a TTL after its newest sample or signal; if it has
   * samples or signals still waiting or buffered, it is not silent and is looked at again later;
   * otherwise every piece of keyed state it has is dropped, and it leaves the adaptive lanes'
   * scopes. No timer of it is left: its ordering timers all fired, since nothing of it waits.
   */
  private void expireIfSilent(String key, long timerMs) throws Exception {
    LinkForecastState state = linkState.value();
    long newest = Long.MIN_VALUE;
    if (state != null) {
      newest = Math.max(state.lastTimestampMs(), state.driftSignalledAtMs);
    }
    long expiresAt = expiry(newest);
    boolean waiting =
        !waitingForWatermark.isEmpty()
            || hasPendingSignals(key)
            || buffer.newestTimestamp(key) != Long.MIN_VALUE;
    if (waiting) {
      // after this watermark, not at timerMs + 1: a timer due now would fire again in this same
      // advance of the watermark, before the ordering timers release what waits
      long next = Math.max(expiresAt, expiry(silenceTimers.currentWatermark()));
      // at the final watermark (Long.MAX_VALUE: end of input, stop-with-savepoint --drain) the
      // expiry saturates there too, and a timer at it would fire again in this same advance,
      // forever; no event time comes after it, so nothing needs to expire
      if (next > silenceTimers.currentWatermark()) {
        silenceTimers.registerEventTimeTimer(VoidNamespace.INSTANCE, next);
      }
      return;
    }
    if (expiresAt > timerMs) {
      silenceTimers.registerEventTimeTimer(VoidNamespace.INSTANCE, expiresAt);
      return;
    }
    linkState.clear();
    waitingForWatermark.clear();
    pendingSignals.clear();
    linksWithPendingSignals.remove(key);
    for (ServingLane lane : lanes) {
      if (lane.adaptive != null) {
        lane.adaptive.forgetLink(key);
      }
    }
    forecastMetrics.silentLinksDropped.inc();
  }

  /** The silence timers' callback (the operator itself is the ordering timers'). */
  private final class SilenceTimerCallback implements Triggerable<String, VoidNamespace> {
    @Override
    public void onEventTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
      expireIfSilent(timer.getKey(), timer.getTimestamp());
    }

    @Override
    public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) {
      // silence is measured in event time only
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
      String key = keys.get(i);
      setCurrentKey(key);
      waitingForWatermark.clear();
      List<LinkTelemetry> linkSamples = samples.get(i);
      linkSamples.sort(java.util.Comparator.comparingLong(LinkTelemetry::getTimestampMs));
      for (LinkTelemetry sample : linkSamples) {
        if (hasPendingSignals(key)) {
          // the link's pending signals still apply between the samples before and after them
          applyDueSignals(key, sample.getTimestampMs());
        }
        buffer(key, sample);
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
    if (strategyLanes != null) {
      strategyLanes.close();
    }
    super.close();
  }

  /** Forecasts everything buffered, in waves that hold each link at most once. */
  void flush() throws Exception {
    if (buffer == null || buffer.isEmpty()) {
      return;
    }
    Object callerKey = getCurrentKey();
    for (MicroBatchBuffer.Batch<LinkTelemetry> batch : buffer.drain()) {
      FaultInjection.point(FaultInjection.FORECAST_BATCH);
      forecastBatch(batch.keys(), batch.records());
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
      if (stored == null) {
        armSilenceTimer(ts);
      }
      if (stored != null) {
        ArrivalOrder.Decision decision = ArrivalOrder.onServing(ts, stored.lastTimestampMs());
        if (decision.route() == ArrivalOrder.Route.REJECT) {
          rejectForLink(stored, sample, decision);
          rowOf[i] = -1;
          continue;
        }
      }
      // modified in place and stored again below (LinkForecastState says why that is safe)
      LinkForecastState state = stored == null ? strategyLanes.newState() : stored;
      float load = (float) sample.getLoadMbps();
      float capacity = (float) sample.getCapacityMbps();
      ScoringEvents events = new ScoringEvents(sample);
      for (int lane = 0; lane < laneCount; lane++) {
        scoreDueForecast(keys.get(i), state, lane, sample, load, horizon, stepMs, events);
        if (lanes[lane].adaptive != null) {
          emit(
              lanes[lane],
              lanes[lane].adaptive.observe(keys.get(i), ts, load, capacity, isUp(sample)));
        }
      }
      state.append(ts, load, capacity);
      for (int lane = 0; lane < laneCount; lane++) {
        if (lanes[lane].rewarmsAfterReroute()) {
          state.applyPendingStateReset(lane);
        }
      }
      states[i] = state;
      rowOf[i] = rows++;
    }
    forecastMetrics.batchServed(rows);
    if (rows == 0) {
      return;
    }
    String[] rowKeys = new String[rows];
    for (int i = 0; i < n; i++) {
      if (rowOf[i] >= 0) {
        rowKeys[rowOf[i]] = keys.get(i);
      }
    }
    for (int lane : strategyLanes.servingOrder()) {
      ServingLane serving = lanes[lane];
      ForecastBatch batch = serving.batch;
      batch.rows = rows;
      for (int i = 0; i < n; i++) {
        if (rowOf[i] >= 0) {
          states[i].fillRow(batch, rowOf[i], lane);
        }
      }
      if (serving.isHybrid()) {
        strategyLanes.blend(serving, states, rowOf);
      } else if (serving.adaptive != null) {
        serving.adaptive.forecast(batch, rowKeys);
        forecastMetrics.modelCalls.inc();
      } else {
        serving.forecaster.forecast(batch);
        forecastMetrics.modelCalls.inc();
      }
      int warmUp = serving.warmUpSamples();
      for (int i = 0; i < n; i++) {
        if (rowOf[i] < 0) {
          continue;
        }
        LinkTelemetry sample = samples.get(i);
        if (states[i].samplesInState(lane) < warmUp) {
          batch.forecastPersistence(rowOf[i]);
        }
        if (serving.knowsLinkStatus() && !isUp(sample)) {
          // a link that is down carries nothing until it is repaired; the models never saw one
          java.util.Arrays.fill(
              batch.forecastMbps, rowOf[i] * batch.horizon, (rowOf[i] + 1) * batch.horizon, 0f);
        }
        float value = states[i].takeForecast(batch, rowOf[i], lane, stepMs);
        LoadPrediction prediction =
            PredictionRecords.of(
                sample,
                horizon,
                stepMs,
                value,
                serving.name(),
                serving.modelId(),
                serving.modelVersion(keys.get(i)));
        output.collect(new StreamRecord<>(prediction, sample.getTimestampMs()));
        forecastMetrics.predictionsOut.inc();
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
   * Scores the lane's forecast that was waiting for this sample ({@link LaneScoring}) and tells the
   * lane, if it is adaptive, what the drift signal found.
   */
  private void scoreDueForecast(
      String key,
      LinkForecastState state,
      int lane,
      LinkTelemetry sample,
      float load,
      int horizon,
      long stepMs,
      ScoringEvents events) {
    Optional<Transition> transition =
        scoring.score(
            state,
            lane,
            sample.getTimestampMs(),
            load,
            sample.getCapacityMbps(),
            horizon,
            stepMs,
            events);
    AdaptiveLane adaptive = lanes[lane].adaptive;
    if (transition.isPresent() && adaptive != null) {
      switch (transition.get().to()) {
        case CONFIRMED -> adaptive.confirm(key);
        case CLEARED -> {}
        default -> adaptive.markUnannounced(key, LinkSamples.recentOf(state));
      }
    }
  }

  /** Emits the adaptation events the scoring of one sample finds. */
  private final class ScoringEvents implements LaneScoring.Listener {
    private final LinkTelemetry sample;

    ScoringEvents(LinkTelemetry sample) {
      this.sample = sample;
    }

    @Override
    public void recovered(int lane, RecoveryTracker.Recovery recovery, double tolerance) {
      AdaptationEvent event =
          AdaptationEvents.recovered(
              sample,
              lanes[lane].name(),
              recovery,
              tolerance,
              getProcessingTimeService().getCurrentProcessingTime());
      emitAdaptationEvent(event, sample.getTimestampMs());
    }

    @Override
    public void driftTransition(
        int lane, Transition transition, double absErrorMbps, double rmseBefore) {
      AdaptationEvent event =
          AdaptationEvents.driftTransition(
              sample,
              lanes[lane].name(),
              transition,
              absErrorMbps,
              rmseBefore,
              getProcessingTimeService().getCurrentProcessingTime());
      emitAdaptationEvent(event, transition.eventTimeMs());
    }
  }

  /**
   * Dead-letters a sample the link's order rejects (late or duplicate) and counts it in the link's
   * state, so the reason says how many of the link's samples were rejected so far (the current key
   * is the sample's link).
   */
  private void rejectForLink(
      LinkForecastState state, LinkTelemetry sample, ArrivalOrder.Decision decision)
      throws Exception {
    String reason = decision.reason();
    if (state != null) {
      state.rejectedSamples++;
      linkState.update(state);
      reason += " (rejected samples of this link so far: " + state.rejectedSamples + ")";
    }
    reject(sample, decision.reasonCode(), reason);
  }

  private void reject(LinkTelemetry sample, ReasonCode code, String reason) {
    DeadLetter letter =
        deadLetters.of(sample, code, reason, getProcessingTimeService().getCurrentProcessingTime());
    output.collect(DEAD_LETTERS, new StreamRecord<>(letter, sample.getTimestampMs()));
    forecastMetrics.deadLettersOut.inc();
  }
}
