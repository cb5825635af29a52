package io.netdrift.benchmarks.endtoend;

import io.netdrift.job.NetdriftJob;
import io.netdrift.job.NetdriftPipeline;
import io.netdrift.job.config.JobConfig;
import io.netdrift.job.config.KafkaClientProperties;
import io.netdrift.schema.LinkTelemetry;
import io.netdrift.schema.LoadPrediction;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;

/**
 * The fair baseline of the end-to-end benchmark (issue 11): what a user would run instead of
 * netdrift to get one output record per telemetry record from the same input. It reads the same
 * three topics with netdrift's own sources ({@link NetdriftJob#sources}: read_committed, Avro
 * decoding and validation in the deserializers, the same per-partition watermarks and idleness),
 * turns every valid telemetry record into a persistence "prediction" (the load as it came, one step
 * ahead), Avro-encoded and written EXACTLY_ONCE by netdrift's own predictions sink; decoded traffic
 * samples and network events are read and dropped. Same parallelism and checkpoints as netdrift.
 */
final class FairPassthroughJob {

  private FairPassthroughJob() {}

  /** The valid telemetry record as a persistence prediction (a class: Flink infers its type). */
  static final class Persistence
      implements FlatMapFunction<
          Either<io.netdrift.schema.DeadLetter, LinkTelemetry>, LoadPrediction> {
    private static final long serialVersionUID = 1L;
    private final long stepMs;

    Persistence(long stepMs) {
      this.stepMs = stepMs;
    }

    @Override
    public void flatMap(
        Either<io.netdrift.schema.DeadLetter, LinkTelemetry> record,
        Collector<LoadPrediction> out) {
      if (record.isRight()) {
        LinkTelemetry t = record.right();
        out.collect(
            LoadPrediction.newBuilder()
                .setLinkId(t.getLinkId())
                .setSrcNode(t.getSrcNode())
                .setDstNode(t.getDstNode())
                .setEventTimeMs(t.getTimestampMs())
                .setTargetTimeMs(t.getTimestampMs() + stepMs)
                .setHorizonSteps(1)
                .setValueMbps(t.getLoadMbps())
                .setStrategy("passthrough")
                .setModelId("none")
                .setModelVersion(0)
                .build());
      }
    }
  }

  static void attach(StreamExecutionEnvironment env, JobConfig config) {
    NetdriftJob.configureEnvironment(env, config); // the same settings, object reuse included
    KafkaClientProperties kafka = config.kafkaClientProperties();
    NetdriftPipeline.Inputs inputs = NetdriftJob.sources(env, config, kafka);
    NetdriftJob.predictionsSink(
        inputs
            .telemetry()
            .flatMap(
                new Persistence(config.get(JobConfig.STEP_MS)),
                new AvroTypeInfo<>(LoadPrediction.class))
            .name("persistence")
            .uid("fair-persistence"),
        config,
        kafka);
    inputs.traffic().sinkTo(new DiscardingSink<>()).name("discard-traffic").uid("fair-traffic");
    inputs
        .networkEvents()
        .sinkTo(new DiscardingSink<>())
        .name("discard-network-events")
        .uid("fair-network-events");
  }
}
