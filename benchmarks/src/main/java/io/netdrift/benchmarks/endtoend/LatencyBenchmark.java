package io.netdrift.benchmarks.endtoend;

import io.netdrift.benchmarks.harness.BenchmarkConsole;
import io.netdrift.benchmarks.harness.BenchmarkLauncher;
import io.netdrift.benchmarks.harness.ClusterJobs;
import io.netdrift.benchmarks.harness.FailureAndRepair;
import io.netdrift.benchmarks.harness.ReadCommitted;
import io.netdrift.benchmarks.harness.RunTopics;
import io.netdrift.benchmarks.harness.SharedOptions;
import io.netdrift.core.network.BuiltInTopologies;
import io.netdrift.job.NetdriftJob;
import io.netdrift.job.config.JobConfig;
import io.netdrift.job.config.JobConfig.Topic;
import io.netdrift.local.EmbeddedKafka;
import io.netdrift.schema.LoadPrediction;
import io.netdrift.schema.codec.AvroCodec;
import io.netdrift.simulator.FailureScenario;
import io.netdrift.simulator.KafkaPublisherConfig;
import io.netdrift.simulator.KafkaStepPublisher;
import io.netdrift.simulator.NetworkSimulator;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * End-to-end latency of netdrift (issue 11): from a telemetry record's append to the broker to the
 * moment its predictions are visible to a {@code read_committed} consumer, at a fixed input rate,
 * for each delivery guarantee and checkpoint interval.
 *
 * <p>One JVM: for each mode a fresh embedded Kafka 4.2 broker ({@link EmbeddedKafka}) and a fresh
 * Flink MiniCluster run the whole job ({@link NetdriftJob#attach}, its default lanes) while the
 * Euro28 simulator is published live by {@link KafkaStepPublisher} on a fixed grid of {@code rate /
 * 82} steps per second (82 telemetry records, 756 OD traffic samples per step; a drastic failure at
 * a third of the run and its repair at two thirds). The job takes event time from the records' own
 * field, not from the Kafka timestamp, so a record's append time is taken as the wall-clock moment
 * the producer got the broker's acknowledgement ({@link AckTimingProducer}, per (link, step)); a
 * consumer polls the predictions topic with {@code read_committed} and takes the arrival time per
 * (link, step, lane). Records acknowledged in the warm-up are not reported.
 *
 * <p>A prediction for step t is released when the watermark passes t, which needs a record of step
 * t+1 on every input partition (the watermark trails the newest event time by {@code
 * maxOutOfOrdernessMs} = 60 s, less than the 15-minute step): part of every latency is waiting for
 * the next step. The report splits it: "wait for next step" runs from the record's ack to the ack
 * of the last record of step t+1; "after release" from there to the prediction's visibility.
 */
@Command(
    name = "LatencyBenchmark",
    mixinStandardHelpOptions = true,
    description = "End-to-end latency: telemetry appended to prediction visible, per mode.")
public final class LatencyBenchmark implements Callable<Integer> {

  private static final long STEP_MS = FailureAndRepair.STEP.toMillis();
  private static final Instant START = NetworkSimulator.Builder.DEFAULT_START;
  private static final int LINKS = BuiltInTopologies.euro28().directedLinkCount();
  private static final AvroCodec<LoadPrediction> PREDICTIONS = AvroCodec.of(LoadPrediction.class);
  // far above what 2 cores publish (about 50 steps/s here): only sizes the peak run's arrays
  private static final int MAX_STEPS_PER_SECOND = 250;

  /**
   * One measured configuration: the sinks' guarantee, the checkpoint interval, and Flink's network
   * buffer timeout and watermark interval ({@code bufferTimeoutMs}, {@code watermarkIntervalMs}).
   */
  record Mode(
      String deliveryGuarantee,
      long checkpointIntervalMs,
      long bufferTimeoutMs,
      long watermarkIntervalMs) {

    /** {@code GUARANTEE:CHECKPOINT_MS[:BUFFER_TIMEOUT_MS:WATERMARK_INTERVAL_MS]}. */
    static Mode parse(String text) {
      String[] parts = text.split(":");
      if (parts.length != 2 && parts.length != 4) {
        throw new IllegalArgumentException(
            "a mode is GUARANTEE:CHECKPOINT_MS[:BUFFER_TIMEOUT_MS:WATERMARK_INTERVAL_MS], was "
                + text);
      }
      JobConfig defaults = JobConfig.defaults();
      return new Mode(
          parts[0],
          Long.parseLong(parts[1]),
          parts.length == 4 ? Long.parseLong(parts[2]) : defaults.get(JobConfig.BUFFER_TIMEOUT_MS),
          parts.length == 4
              ? Long.parseLong(parts[3])
              : defaults.get(JobConfig.WATERMARK_INTERVAL_MS));
    }

    String label() {
      return String.format(
          Locale.ROOT,
          "%s, checkpoint %d ms, buffer timeout %d ms, watermark interval %d ms",
          deliveryGuarantee,
          checkpointIntervalMs,
          bufferTimeoutMs,
          watermarkIntervalMs);
    }
  }

  /** {@link Mode#parse}, for picocli. */
  static final class ModeConverter implements ITypeConverter<Mode> {
    @Override
    public Mode convert(String value) {
      return Mode.parse(value.trim());
    }
  }

  @Option(
      names = "--rate",
      defaultValue = "0",
      description = "Telemetry records/s; 0: half the peak measured first (default).")
  double rate;

  @Option(
      names = "--peak-seconds",
      defaultValue = "20",
      description = "Seconds of the peak run (default: ${DEFAULT-VALUE}).")
  int peakSeconds;

  @Option(
      names = "--warmup-seconds",
      defaultValue = "15",
      description = "Warm-up seconds per mode (default: ${DEFAULT-VALUE}).")
  int warmupSeconds;

  @Option(
      names = "--seconds",
      defaultValue = "45",
      description = "Measured seconds per mode (default: ${DEFAULT-VALUE}).")
  int seconds;

  @Option(
      names = "--modes",
      split = ",",
      converter = ModeConverter.class,
      defaultValue =
          "exactly-once:1000,exactly-once:200,at-least-once:1000,at-least-once:1000:5:20",
      description =
          "GUARANTEE:CHECKPOINT_MS[:BUFFER_TIMEOUT_MS:WATERMARK_INTERVAL_MS], ','-separated"
              + " (default: ${DEFAULT-VALUE}).")
  List<Mode> modes;

  @Mixin SharedOptions.ResultsDirectory out;

  @Mixin SharedOptions.SimulatorSeed seed;

  @Option(
      names = "--progress-seconds",
      defaultValue = "5",
      description = "Seconds between progress lines (default: ${DEFAULT-VALUE}).")
  int progressSeconds;

  @Spec CommandSpec spec;

  /** How one feed runs: telemetry records/s (0: as fast as possible), warm-up, measured time. */
  record Feed(double rate, int warmupSeconds, int seconds) {
    /** Steps the simulator holds: enough for the whole feed (as fast as possible: a cap). */
    int steps() {
      double stepsPerSecond = rate > 0 ? rate / LINKS : MAX_STEPS_PER_SECOND;
      return (int) Math.ceil((warmupSeconds + seconds) * stepsPerSecond) + 2;
    }
  }

  /** What one mode measured. */
  record Result(
      Mode mode,
      double achievedRate,
      double releasedRate,
      Percentiles latency,
      Percentiles waitForNextStep,
      Percentiles afterRelease,
      long expected,
      long duplicates,
      String note) {}

  private final String id = UUID.randomUUID().toString().substring(0, 8);
  private final BenchmarkConsole console = new BenchmarkConsole();

  public static void main(String[] args) {
    BenchmarkLauncher.launch(new LatencyBenchmark(), args);
  }

  @Override
  public Integer call() throws Exception {
    if (!(rate >= 0) || peakSeconds < 4 || warmupSeconds < 0 || seconds < 5 || modes.isEmpty()) {
      throw new ParameterException(
          spec.commandLine(),
          "need --rate >= 0 (0: half the peak measured first), --peak-seconds >= 4,"
              + " --warmup-seconds >= 0, --seconds >= 5 and at least one mode");
    }
    run(BenchmarkLauncher.argLine(spec));
    return 0;
  }

  private void run(String argLine) throws Exception {
    String loadBefore = BenchmarkConsole.loadAverage();
    double rate = this.rate;
    Result peak = null;
    if (rate == 0) {
      console.log(
          "peak: at-least-once, fed as fast as possible for %d s (the second half counts)",
          peakSeconds);
      Feed flatOut = new Feed(0, peakSeconds / 2, peakSeconds / 2);
      peak = runMode(Mode.parse(JobConfig.AT_LEAST_ONCE + ":1000"), 0, flatOut);
      rate = Math.min(peak.achievedRate(), peak.releasedRate()) / 2;
      console.log(
          "peak: published %.0f, released %.0f telemetry records/s; measuring at half: %.0f",
          peak.achievedRate(), peak.releasedRate(), rate);
    }
    Feed feed = new Feed(rate, warmupSeconds, seconds);
    console.log(
        "latency: Euro28 at %.0f telemetry records/s (%.1f steps/s, one step every %.1f ms), %d s"
            + " warm-up + %d s measured per mode; modes %s",
        rate, rate / LINKS, 1000.0 * LINKS / rate, warmupSeconds, seconds, modes);
    List<Result> results = new ArrayList<>();
    for (Mode mode : modes) {
      results.add(runMode(mode, results.size() + 1, feed));
    }
    write(results, peak, feed, argLine, loadBefore, BenchmarkConsole.loadAverage());
  }

  // ---------------------------------------------------------------- one mode

  private Result runMode(Mode mode, int run, Feed feed) throws Exception {
    String suffix = run + "-" + id;
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      String bootstrap = kafka.bootstrapServers();
      List<String> args = new ArrayList<>(new RunTopics("lat-", suffix, suffix).jobArgs(bootstrap));
      args.addAll(
          List.of(
              "--delivery-guarantee",
              mode.deliveryGuarantee(),
              "--checkpoint-interval-ms",
              String.valueOf(mode.checkpointIntervalMs()),
              "--buffer-timeout-ms",
              String.valueOf(mode.bufferTimeoutMs()),
              "--watermark-interval-ms",
              String.valueOf(mode.watermarkIntervalMs()),
              "--step-ms",
              String.valueOf(STEP_MS),
              "--topology",
              "euro28"));
      JobConfig config = JobConfig.fromArgs(args.toArray(String[]::new));
      Map<String, Integer> topics = new LinkedHashMap<>();
      for (Topic topic : Topic.values()) {
        topics.put(config.topic(topic), topic == Topic.TELEMETRY || topic == Topic.TRAFFIC ? 2 : 1);
      }
      topics.put(config.topic(Topic.PREDICTIONS), 2);
      kafka.createTopics(topics);

      MiniCluster cluster = ClusterJobs.start(2, new Configuration());
      try {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        NetdriftJob.attach(env, config);
        StreamGraph graph = env.getStreamGraph();
        graph.setJobName("latency-" + suffix);
        JobID job = cluster.submitJob(graph.getJobGraph()).get().getJobID();
        ClusterJobs.waitUntilAllTasksRun(cluster, job, Duration.ofMinutes(3));
        console.log("[%s] all tasks running; feeding live", mode.label());
        Result result = measure(mode, config, feed);
        cluster.cancelJob(job).get();
        return result;
      } finally {
        cluster.close();
      }
    }
  }

  /** Feeds the simulator live and records, per prediction, its latency and its components. */
  private Result measure(Mode mode, JobConfig config, Feed feed) throws Exception {
    int steps = feed.steps();
    String bootstrap = config.get(JobConfig.BOOTSTRAP_SERVERS);
    String telemetryTopic = config.topic(Topic.TELEMETRY);
    Map<String, Integer> linkIndex = new ConcurrentHashMap<>();
    AtomicInteger nextLink = new AtomicInteger();
    // per (step, link): the ack of its telemetry record; per step: the last ack of any record
    AtomicLongArray telemetryAck = new AtomicLongArray(steps * LINKS);
    AtomicLongArray stepLastAck = new AtomicLongArray(steps + 1);
    AckTimingProducer.AckListener onAck =
        (topic, key, timestampMs, ackNanos) -> {
          int step = (int) ((timestampMs - START.toEpochMilli()) / STEP_MS);
          if (step < 0 || step >= steps) {
            return;
          }
          if (topic.equals(telemetryTopic)) {
            int link = linkIndex.computeIfAbsent(key, k -> nextLink.getAndIncrement());
            telemetryAck.set(step * LINKS + link, ackNanos);
          }
          stepLastAck.accumulateAndGet(step, ackNanos, Math::max);
        };

    NetworkSimulator simulator =
        FailureAndRepair.simulator(
            BuiltInTopologies.euro28(), seed.value(), steps, FailureScenario.DRASTIC);
    KafkaPublisherConfig publisherConfig =
        KafkaPublisherConfig.defaults(bootstrap)
            .withTopics(
                telemetryTopic, config.topic(Topic.TRAFFIC), config.topic(Topic.NETWORK_EVENTS))
            .withStepsPerSecond(feed.rate() / LINKS);
    AtomicLong published = new AtomicLong();
    AtomicReference<Throwable> feedFailure = new AtomicReference<>();
    long feedStart = System.nanoTime();
    long warmupEnd = feedStart + Duration.ofSeconds(feed.warmupSeconds()).toNanos();
    long feedDeadline = warmupEnd + Duration.ofSeconds(feed.seconds()).toNanos();
    Thread feeder =
        new Thread(
            () -> {
              try (KafkaStepPublisher publisher =
                  new KafkaStepPublisher(
                      publisherConfig,
                      AckTimingProducer.wrap(
                          new KafkaProducer<>(
                              KafkaStepPublisher.producerProperties(publisherConfig)),
                          onAck))) {
                while (simulator.hasNext() && System.nanoTime() < feedDeadline) {
                  publisher.publish(simulator.next());
                  published.incrementAndGet();
                }
              } catch (Throwable t) {
                feedFailure.set(t);
              }
            },
            "latency-feeder");
    feeder.setDaemon(true);
    feeder.start();

    int lanes = config.lanes().size();
    int capacity = steps * LINKS * lanes;
    long[] latency = new long[capacity];
    long[] waiting = new long[capacity];
    long[] afterRelease = new long[capacity];
    // the watermark passes step t once step t+1 is in: the last step is only released by a drain
    long expected = Long.MAX_VALUE;
    long seenInWindow = 0;
    int measured = 0;
    long seen = 0;
    long duplicates = 0;
    java.util.BitSet arrived = new java.util.BitSet((int) ((long) steps * LINKS * lanes));
    Map<String, Integer> laneIndex = new LinkedHashMap<>();
    long feedEndNanos = 0;
    long lastProgress = System.nanoTime();
    long lastGrowth = System.nanoTime();
    int windowFrom = 0;
    String note = "";
    // answer a fetch as soon as anything is readable: the arrival time is the measurement
    try (KafkaConsumer<byte[], byte[]> consumer = ReadCommitted.consumer(bootstrap, 5)) {
      String topic = config.topic(Topic.PREDICTIONS);
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      while (true) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(20));
        long now = System.nanoTime();
        for (ConsumerRecord<byte[], byte[]> record : records) {
          LoadPrediction p = PREDICTIONS.decode(record.value());
          seen++;
          int step = (int) ((p.getEventTimeMs() - START.toEpochMilli()) / STEP_MS);
          Integer link =
              linkIndex.get(new String(record.key(), java.nio.charset.StandardCharsets.UTF_8));
          int lane = laneIndex.computeIfAbsent(p.getStrategy(), s -> laneIndex.size());
          if (link == null || step < 0 || step >= steps || lane >= lanes) {
            continue;
          }
          int slot = (step * LINKS + link) * lanes + lane;
          if (arrived.get(slot)) {
            duplicates++;
            continue;
          }
          arrived.set(slot);
          if (now >= warmupEnd && now < feedDeadline) {
            seenInWindow++;
          }
          long ack = telemetryAck.get(step * LINKS + link);
          if (ack < warmupEnd || step + 1 >= published.get()) {
            continue; // warm-up, or the last step (released by no later step)
          }
          long nextStepIn = stepLastAck.get(step + 1);
          latency[measured] = now - ack;
          waiting[measured] = Math.max(0, nextStepIn - ack);
          afterRelease[measured] = now - Math.max(ack, nextStepIn);
          measured++;
        }
        if (!records.isEmpty()) {
          lastGrowth = now;
        }
        if (feedFailure.get() != null) {
          throw new IllegalStateException("the feed failed", feedFailure.get());
        }
        if (feedEndNanos == 0 && !feeder.isAlive()) {
          feedEndNanos = now;
          expected = (published.get() - 1) * LINKS * lanes;
        }
        if (now - lastProgress > Duration.ofSeconds(progressSeconds).toNanos()) {
          lastProgress = now;
          Percentiles window =
              Percentiles.of(
                  Arrays.copyOfRange(latency, windowFrom, measured), measured - windowFrom);
          windowFrom = measured;
          double elapsed = (now - feedStart) / 1e9;
          console.log(
              "[%s] %.0f s: %d steps published (%.0f telemetry records/s), %d predictions seen;"
                  + " last %d s: p50 %.1f ms, p99 %.1f ms, max %.1f ms%s",
              mode.label(),
              elapsed,
              published.get(),
              published.get() * LINKS / elapsed,
              seen,
              progressSeconds,
              window.p50Ms(),
              window.p99Ms(),
              window.maxMs(),
              now < warmupEnd ? " (warm-up)" : now > feedDeadline ? " (fed; catching up)" : "");
        }
        if (feedEndNanos != 0 && seen >= expected) {
          break;
        }
        if (feedEndNanos != 0 && now - lastGrowth > Duration.ofSeconds(30).toNanos()) {
          note = String.format(Locale.ROOT, "%d of %d predictions seen", seen, expected);
          console.log("[%s] predictions stopped at %s", mode.label(), note);
          break;
        }
      }
    }
    double feedSeconds = (feedEndNanos - feedStart) / 1e9;
    Result result =
        new Result(
            mode,
            (double) published.get() * LINKS / feedSeconds,
            seenInWindow / (double) lanes / feed.seconds(),
            Percentiles.of(latency, measured),
            Percentiles.of(waiting, measured),
            Percentiles.of(afterRelease, measured),
            expected,
            duplicates,
            note);
    console.log(
        "[%s] done: %d predictions measured: p50 %.1f ms, p99 %.1f ms, max %.1f ms; wait for the"
            + " next step p50 %.1f ms; after release p50 %.1f ms, p99 %.1f ms; %d duplicates",
        mode.label(),
        measured,
        result.latency().p50Ms(),
        result.latency().p99Ms(),
        result.latency().maxMs(),
        result.waitForNextStep().p50Ms(),
        result.afterRelease().p50Ms(),
        result.afterRelease().p99Ms(),
        duplicates);
    return result;
  }

  /** One result as the report's cells (milliseconds to 0.1, ratios to the interval to 0.01). */
  private static List<String> cells(Result r) {
    double interval = r.mode().checkpointIntervalMs();
    Percentiles l = r.latency();
    return List.of(
        r.mode().deliveryGuarantee(),
        String.valueOf(r.mode().checkpointIntervalMs()),
        String.valueOf(r.mode().bufferTimeoutMs()),
        String.valueOf(r.mode().watermarkIntervalMs()),
        String.format(Locale.ROOT, "%.0f", r.achievedRate()),
        String.format(Locale.ROOT, "%.0f", r.releasedRate()),
        String.valueOf(l.count()),
        ms(l.p50Ms()),
        ms(l.p99Ms()),
        ms(l.maxMs()),
        ms(l.meanMs()),
        String.format(Locale.ROOT, "%.2f", l.p50Ms() / interval),
        String.format(Locale.ROOT, "%.2f", l.p99Ms() / interval),
        ms(r.waitForNextStep().p50Ms()),
        ms(r.waitForNextStep().p99Ms()),
        ms(r.afterRelease().p50Ms()),
        ms(r.afterRelease().p99Ms()),
        String.valueOf(r.duplicates()),
        r.note());
  }

  private static String ms(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }

  // ---------------------------------------------------------------- report

  private void write(
      List<Result> results,
      Result peak,
      Feed feed,
      String argLine,
      String loadBefore,
      String loadAfter)
      throws IOException {
    Files.createDirectories(out.path());
    String[] columns = {
      "delivery guarantee",
      "checkpoint interval ms",
      "buffer timeout ms",
      "watermark interval ms",
      "telemetry records/s published",
      "released",
      "predictions measured",
      "p50 ms",
      "p99 ms",
      "max ms",
      "mean ms",
      "p50 / interval",
      "p99 / interval",
      "wait for next step p50 ms",
      "wait for next step p99 ms",
      "after release p50 ms",
      "after release p99 ms",
      "duplicates",
      "note"
    };
    StringBuilder csv =
        new StringBuilder(String.join(",", columns).replace(' ', '_').replace('/', '_') + "\n");
    StringBuilder table =
        new StringBuilder("| " + String.join(" | ", columns) + " |\n|---|")
            .append("---:|".repeat(columns.length - 2))
            .append("---|\n");
    for (Result r : results) {
      List<String> cells = cells(r);
      csv.append(String.join(",", cells)).append('\n');
      table.append("| ").append(String.join(" | ", cells)).append(" |\n");
    }
    String rateText =
        peak == null
            ? String.format(Locale.ROOT, "%.0f telemetry records/s (`--rate`)", feed.rate())
            : String.format(
                Locale.ROOT,
                "%.0f telemetry records/s, half the peak measured first in this run (at-least-once,"
                    + " checkpoint 1000 ms, fed as fast as possible for %d s: %.0f telemetry"
                    + " records/s published, %.0f released as predictions in the second half)",
                feed.rate(),
                peakSeconds,
                peak.achievedRate(),
                peak.releasedRate());
    String md =
        "# End-to-end latency: telemetry appended → prediction visible to read_committed\n\n"
            + "Generated by `io.netdrift.benchmarks.endtoend.LatencyBenchmark "
            + argLine
            + "` at "
            + Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
            + " (command: `benchmarks/README.md`).\n\n"
            + String.format(
                Locale.ROOT,
                "Setup: one JVM; per mode a fresh embedded Kafka 4.2 KRaft broker and a fresh Flink"
                    + " MiniCluster running the whole job (`NetdriftJob.attach`, default lanes"
                    + " persistence and seasonal-naive, parallelism 1); Euro28 published live at"
                    + " %s (%.1f steps/s: one 82-link step every %.1f ms,"
                    + " each with its 756 OD traffic samples; a drastic failure at step %d and its"
                    + " repair at step %d); %d s of warm-up, then %d s measured. Machine: 2 cores,"
                    + " shared; load average %s before, %s after.%n%n",
                rateText,
                feed.rate() / LINKS,
                1000.0 * LINKS / feed.rate(),
                feed.steps() / 3,
                2 * feed.steps() / 3,
                feed.warmupSeconds(),
                feed.seconds(),
                loadBefore,
                loadAfter)
            + table
            + "\nWhat is measured. Latency of a prediction = the moment a `read_committed`"
            + " consumer (polling the predictions topic, `fetch.max.wait.ms` 5) received it minus"
            + " the moment the producer got the broker's acknowledgement of the telemetry record"
            + " it forecasts from (same JVM, `System.nanoTime`; the job takes event time from the"
            + " record's own field, so the Kafka timestamp could not carry the append time). One"
            + " latency per (link direction, step, lane); records acknowledged during the warm-up"
            + " are left out, and so is the last step, which only a drain releases.\n\n"
            + "Components. A prediction for step t is released when the watermark passes t: the"
            + " watermark trails the newest event time by `maxOutOfOrdernessMs` (60 s, less than"
            + " the 15-minute step), so it needs a record of step t+1 on every input partition"
            + " (telemetry and traffic). 'Wait for next step' runs from the record's ack to the ack"
            + " of the last record of step t+1 (about one step period at this rate: the grid is"
            + " fixed); 'after release' from there to the prediction's visibility, the job's own"
            + " share: reading, the forecast operator's micro-batch (flushed before the watermark"
            + " is forwarded), the sink, and with exactly-once the wait for the next completed"
            + " checkpoint, whose transaction commit makes the output visible. p50 / interval and"
            + " p99 / interval relate the latency to the checkpoint interval: exactly-once output"
            + " waits on average half an interval plus the checkpoint's own duration.\n"
            + "Published / released: telemetry records per second the feeder published (it"
            + " keeps a fixed grid and catches up when late) and predictions per lane that became"
            + " visible per second of the measured window; released below published means the job"
            + " fell behind.\n"
            + "Duplicates: predictions seen twice for one (link, step, lane); none are expected"
            + " without a restart.\n";
    Files.writeString(out.path().resolve("latency.md"), md);
    Files.writeString(out.path().resolve("latency.csv"), csv.toString());
    console.log("wrote %s and latency.csv", out.path().resolve("latency.md"));
  }
}
