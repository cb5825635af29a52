package io.netdrift.job;

import io.netdrift.core.network.DirectedLink;
import io.netdrift.flink.forecast.ForecastOperator;
import io.netdrift.flink.forecast.ForecastOperatorConfig;
import io.netdrift.flink.forecast.NetworkDriftSignal;
import io.netdrift.job.config.JobConfig;
import io.netdrift.job.ingest.SplitValid;
import io.netdrift.schema.AdaptationEvent;
import io.netdrift.schema.AffectedLink;
import io.netdrift.schema.DeadLetter;
import io.netdrift.schema.LinkTelemetry;
import io.netdrift.schema.LoadPrediction;
import io.netdrift.schema.NetworkEvent;
import io.netdrift.schema.TrafficSample;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;

/**
 * The job's dataflow, independent of where records come from and go to (flink-training's
 * pattern): {@link NetdriftJob} plugs in Kafka, tests plug in finite sources.
 *
 * <pre>
 * telemetry ─ split ─ keyBy(link) ─┐
 * events ── split ─ per link ─ keyBy┴─ forecast (micro-batched) ─┬─ predictions
 * traffic ─ split                                                ├─ adaptation events
 *   (every split's rejects + the forecaster's late/duplicates) ──┴─ dead letters
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

  private NetdriftPipeline() {}

  public static Outputs build(Inputs inputs, JobConfig config) {
    SingleOutputStreamOperator<LinkTelemetry> telemetry =
        inputs.telemetry()
            .process(new SplitValid<>(new AvroTypeInfo<>(LinkTelemetry.class)))
            .name("split-telemetry")
            .uid("split-telemetry");
    SingleOutputStreamOperator<TrafficSample> traffic =
        inputs.traffic()
            .process(new SplitValid<>(new AvroTypeInfo<>(TrafficSample.class)))
            .name("split-traffic")
            .uid("split-traffic");
    SingleOutputStreamOperator<NetworkEvent> events =
        inputs.networkEvents()
            .process(new SplitValid<>(new AvroTypeInfo<>(NetworkEvent.class)))
            .name("split-network-events")
            .uid("split-network-events");

    DataStream<NetworkDriftSignal> signals =
        events
            .flatMap(new PerAffectedLink())
            .returns(TypeInformation.of(NetworkDriftSignal.class))
            .name("network-event-per-link")
            .uid("network-event-per-link");

    ForecastOperatorConfig forecastConfig =
        new ForecastOperatorConfig(
            config.lanes(),
            config.get(JobConfig.HORIZON_STEPS),
            config.get(JobConfig.STEP_MS),
            config.get(JobConfig.MAX_BATCH_ROWS),
            config.get(JobConfig.FLUSH_INTERVAL_MS),
            config.get(JobConfig.MAX_LATENESS_MS),
            config.get(JobConfig.ERROR_WINDOW));
    SingleOutputStreamOperator<LoadPrediction> predictions =
        telemetry
            .keyBy(NetdriftPipeline::linkKey)
            .connect(signals.keyBy(signal -> signal.linkKey))
            .transform(
                "forecast",
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

  /** Projects a network event onto each link direction it names. */
  static final class PerAffectedLink implements FlatMapFunction<NetworkEvent, NetworkDriftSignal> {
    private static final long serialVersionUID = 1L;

    @Override
    public void flatMap(NetworkEvent event, Collector<NetworkDriftSignal> out) {
      for (AffectedLink link : event.getAffectedLinks()) {
        NetworkDriftSignal signal = new NetworkDriftSignal();
        signal.linkKey = DirectedLink.key(link.getLinkId(), link.getSrcNode(), link.getDstNode());
        signal.linkId = link.getLinkId();
        signal.srcNode = link.getSrcNode();
        signal.dstNode = link.getDstNode();
        signal.eventTimeMs = event.getTimestampMs();
        signal.eventId = event.getEventId();
        signal.eventType = event.getType().name();
        signal.element = event.getElement();
        signal.loadBeforeMbps = link.getLoadBeforeMbps() == null ? Double.NaN : link.getLoadBeforeMbps();
        signal.loadAfterMbps = link.getLoadAfterMbps() == null ? Double.NaN : link.getLoadAfterMbps();
        out.collect(signal);
      }
    }
  }
}
