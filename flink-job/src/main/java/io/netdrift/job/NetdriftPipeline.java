package io.netdrift.job;

import io.netdrift.core.network.BuiltInTopologies;
import io.netdrift.core.network.DirectedLink;
import io.netdrift.flink.forecast.ForecastOperator;
import io.netdrift.flink.forecast.ForecastOperatorConfig;
import io.netdrift.flink.forecast.NetworkDriftSignal;
import io.netdrift.flink.network.NetworkStateFunction;
import io.netdrift.job.config.JobConfig;
import io.netdrift.job.ingest.SplitValid;
import io.netdrift.schema.AdaptationEvent;
import io.netdrift.schema.DeadLetter;
import io.netdrift.schema.LinkTelemetry;
import io.netdrift.schema.LoadPrediction;
import io.netdrift.schema.NetworkEvent;
import io.netdrift.schema.TrafficSample;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.types.Either;

/**
 * The job's dataflow, independent of where records come from and go to (flink-training's pattern):
 * {@link NetdriftJob} plugs in Kafka, tests plug in finite sources.
 *
 * <pre>
 * telemetry ─ split ─ keyBy(link) ───────────────────┐
 * traffic ── split ─┬─ network state (routing prior) ─┴─ forecast (micro-batched) ─┬─ predictions
 * events ─── split ─┘   one signal per affected link                               ├─ adaptation events
 *   (every split's rejects + the forecaster's late/duplicates) ───────────────────┴─ dead letters
 * </pre>
 */
public final class NetdriftPipeline {

  /** Decoded inputs, timestamps and watermarks already assigned. */
  public record Inputs(
      DataStream<Either<DeadLetter, LinkTelemetry>> telemetry,
      DataStream<Either<DeadLetter, TrafficSample>> traffic,
      DataStream<Either<DeadLetter, NetworkEvent>> networkEvents) {}

  /** What the job writes. */
  public record Outputs(
      DataStream<LoadPrediction> predictions,
      DataStream<AdaptationEvent> adaptationEvents,
      DataStream<DeadLetter> deadLetters) {}

  /**
   * The name of the three split operators. A source and its split run chained, and Flink cuts a
   * chain's name at 80 characters for its metrics (with a warning): "Source: Read network-events
   * (Kafka) -> " leaves 43.
   */
  static final String CHECK_NAME = "Check: bad records to dead letters";

  private NetdriftPipeline() {}

  public static Outputs build(Inputs inputs, JobConfig config) {
    SingleOutputStreamOperator<LinkTelemetry> telemetry =
        inputs
            .telemetry()
            .process(new SplitValid<>(new AvroTypeInfo<>(LinkTelemetry.class)))
            .name(CHECK_NAME)
            .uid("split-telemetry");
    SingleOutputStreamOperator<TrafficSample> traffic =
        inputs
            .traffic()
            .process(new SplitValid<>(new AvroTypeInfo<>(TrafficSample.class)))
            .name(CHECK_NAME)
            .uid("split-traffic");
    SingleOutputStreamOperator<NetworkEvent> events =
        inputs
            .networkEvents()
            .process(new SplitValid<>(new AvroTypeInfo<>(NetworkEvent.class)))
            .name(CHECK_NAME)
            .uid("split-network-events");

    String topologyName = config.get(JobConfig.TOPOLOGY);
    DataStream<NetworkDriftSignal> signals =
        traffic
            .connect(events)
            .keyBy(t -> NetworkStateFunction.NETWORK_KEY, e -> NetworkStateFunction.NETWORK_KEY)
            .process(
                new NetworkStateFunction(
                    () ->
                        topologyName.equals("none")
                            ? null
                            : BuiltInTopologies.builtInOrFile(topologyName),
                    false))
            .returns(TypeInformation.of(NetworkDriftSignal.class))
            // names start as they did ("network-state", "forecast"): the benchmarks find the
            // operators' state in a savepoint by that prefix
            .name("network-state: re-route each failure, mark the links it moves")
            .uid("network-state");

    ForecastOperatorConfig forecastConfig = forecastOperatorConfig(config);
    SingleOutputStreamOperator<LoadPrediction> predictions =
        telemetry
            .keyBy(NetdriftPipeline::linkKey)
            .connect(signals.keyBy(signal -> signal.linkKey))
            .transform(
                "forecast: every lane per link, score, detect drift, adapt",
                new AvroTypeInfo<>(LoadPrediction.class),
                new ForecastOperator(forecastConfig))
            .uid("forecast");

    DataStream<DeadLetter> deadLetters =
        telemetry
            .getSideOutput(SplitValid.DEAD_LETTERS)
            .union(
                traffic.getSideOutput(SplitValid.DEAD_LETTERS),
                events.getSideOutput(SplitValid.DEAD_LETTERS),
                predictions.getSideOutput(ForecastOperator.DEAD_LETTERS));
    return new Outputs(
        predictions, predictions.getSideOutput(ForecastOperator.ADAPTATION_EVENTS), deadLetters);
  }

  static String linkKey(LinkTelemetry t) {
    return DirectedLink.key(t.getLinkId(), t.getSrcNode(), t.getDstNode());
  }

  /** The forecast operator's settings from the job configuration (the job and the benchmarks). */
  public static ForecastOperatorConfig forecastOperatorConfig(JobConfig config) {
    return new ForecastOperatorConfig(
        config.lanes(),
        config.get(JobConfig.HORIZON_STEPS),
        config.get(JobConfig.STEP_MS),
        config.get(JobConfig.MAX_BATCH_ROWS),
        config.get(JobConfig.FLUSH_INTERVAL_MS),
        config.get(JobConfig.MAX_LATENESS_MS),
        config.get(JobConfig.ERROR_WINDOW),
        config.get(JobConfig.LINK_STATE_TTL_MS),
        config.driftDetector(),
        config.get(JobConfig.CONFIRMATION_HORIZON_STEPS),
        config.get(JobConfig.TELEMETRY_TOPIC),
        config.adaptation(),
        new ForecastOperatorConfig.Reliability(
            config.outputStallTimeoutMs(), config.get(JobConfig.FAULT_INJECTION)));
  }
}
