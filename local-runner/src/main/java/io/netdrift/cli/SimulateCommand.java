package io.netdrift.cli;

import io.netdrift.core.network.BuiltInTopologies;
import io.netdrift.core.network.FailedElements;
import io.netdrift.core.network.Topology;
import io.netdrift.simulator.CsvStepWriter;
import io.netdrift.simulator.FailureEvent;
import io.netdrift.simulator.FailureScenario;
import io.netdrift.simulator.FailureSchedule;
import io.netdrift.simulator.GravitySineTrafficConfig;
import io.netdrift.simulator.KafkaPublisherConfig;
import io.netdrift.simulator.KafkaStepPublisher;
import io.netdrift.simulator.NetworkSimulator;
import io.netdrift.simulator.ReplayTrafficModel;
import io.netdrift.simulator.SimulationStep;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code netdrift simulate}: runs the network simulator ({@link NetworkSimulator}) on a built-in or
 * CSV topology, with generated gravity/sine traffic or a replayed traffic matrix, failures from a
 * file, a scenario or a seed, and writes the steps to CSV files and/or Kafka.
 *
 * <p>Exit codes: 0 done, 2 bad input or options (the message names file, line and column), 1 any
 * other failure (e.g. Kafka unreachable).
 */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = {
      "Simulate a backbone network (topology, OD traffic, shortest-path routing, failures) and"
          + " write link telemetry, traffic and network events to CSV files and/or Kafka.",
      "Without --traffic, traffic is generated (gravity model, daily and weekly sines, noise);"
          + " with it, the measured matrix is replayed (a missing OD row = zero demand)."
    })
public final class SimulateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--topology",
      paramLabel = "FILE|NAME",
      description =
          "Topology CSV (link_id,src,dst,capacity_mbps,weight[,directed]) or a built-in name:"
              + " euro28, abilene. Default: ${DEFAULT-VALUE}.",
      defaultValue = "euro28")
  String topology;

  @Option(
      names = "--traffic",
      paramLabel = "M.csv",
      description = "Replay this traffic matrix (timestamp,src,dst,mbps) instead of generating.")
  Path traffic;

  @Option(
      names = "--failures",
      paramLabel = "F.csv",
      description =
          "Failure schedule (timestamp,type,element; LINK_DOWN/LINK_UP/NODE_DOWN/NODE_UP).")
  Path failures;

  @Option(
      names = "--scenario",
      paramLabel = "none|drastic|moderate",
      description =
          "Single-link failure: drastic = highest-betweenness link, moderate = a peripheral one."
              + " Default: ${DEFAULT-VALUE}.",
      defaultValue = "none")
  String scenario;

  @Option(
      names = "--fail-at-step",
      description = "0-based step at which the scenario's link fails. Default: a third of --steps.")
  Long failAtStep;

  @Option(
      names = "--repair-at-step",
      description = "Step at which the scenario's link is repaired (default: never).",
      defaultValue = "-1")
  long repairAtStep;

  @Option(
      names = "--mean-steps-between-failures",
      description = "Seeded random single-link failures with this mean gap, in steps.")
  Long meanStepsBetweenFailures;

  @Option(
      names = "--mean-steps-to-repair",
      description = "Mean repair time of random failures, in steps. Default: ${DEFAULT-VALUE}.",
      defaultValue = "12")
  long meanStepsToRepair;

  @Option(
      names = "--steps",
      description = "Number of steps. Default: 2016 (a week of 5-minute steps); a replay: all.")
  Long steps;

  @Option(
      names = "--step-seconds",
      description = "Step length of generated traffic, seconds. Default: ${DEFAULT-VALUE}.",
      defaultValue = "300")
  long stepSeconds;

  @Option(
      names = "--start",
      paramLabel = "ISO-8601",
      description = "Time of the first generated step (UTC). Default: ${DEFAULT-VALUE}.",
      defaultValue = "2026-01-05T00:00:00Z")
  String start;

  @Option(
      names = "--seed",
      description = "Seed of traffic, noise and random failures. Default: ${DEFAULT-VALUE}.",
      defaultValue = "1")
  long seed;

  @Option(
      names = "--mean-demand-mbps",
      description = "Mean generated demand per OD pair, Mbps. Default: ${DEFAULT-VALUE}.",
      defaultValue = "100")
  double meanDemandMbps;

  @Option(
      names = "--traffic-noise",
      description = "Relative std. dev. of generated demand noise. Default: ${DEFAULT-VALUE}.",
      defaultValue = "0.05")
  double trafficNoise;

  @Option(
      names = "--telemetry-noise",
      description =
          "Relative std. dev. of measurement noise on link loads. Default: ${DEFAULT-VALUE}.",
      defaultValue = "0")
  double telemetryNoise;

  @Option(
      names = "--hop-count",
      description = "Ignore the topology's weights: shortest paths by number of hops.")
  boolean hopCount;

  @Option(names = "--ecmp", description = "Split traffic equally over equal-cost paths.")
  boolean equalCostMultiPath;

  @Option(
      names = "--capacity-headroom",
      description =
          "Capacity = failure-free peak load x this, for links without capacity."
              + " Default: ${DEFAULT-VALUE}.",
      defaultValue = "2.0")
  double capacityHeadroom;

  @Option(
      names = "--survivable-headroom",
      description =
          "Capacity >= peak load under the worst single link failure x this (0: ignore failures)."
              + " Default: ${DEFAULT-VALUE}.",
      defaultValue = "1.25")
  double survivableHeadroom;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "Write link_load.csv, link_status.csv, traffic.csv, events.csv, dropped.csv, topology.csv.")
  Path out;

  @Option(names = "--bootstrap-servers", description = "Publish to this Kafka cluster.")
  String bootstrapServers;

  @Option(
      names = "--steps-per-second",
      description = "Kafka pace; 0 = as fast as possible. Default: ${DEFAULT-VALUE}.",
      defaultValue = "0")
  double stepsPerSecond;

  @Option(
      names = "--telemetry-topic",
      defaultValue = KafkaPublisherConfig.DEFAULT_TELEMETRY_TOPIC,
      description = "Default: ${DEFAULT-VALUE}.")
  String telemetryTopic;

  @Option(
      names = "--traffic-topic",
      defaultValue = KafkaPublisherConfig.DEFAULT_TRAFFIC_TOPIC,
      description = "Default: ${DEFAULT-VALUE}.")
  String trafficTopic;

  @Option(
      names = "--events-topic",
      defaultValue = KafkaPublisherConfig.DEFAULT_EVENTS_TOPIC,
      description = "Default: ${DEFAULT-VALUE}.")
  String eventsTopic;

  @Option(names = "--quiet", description = "No progress lines.")
  boolean quiet;

  /** Exit code for bad input or options. */
  public static final int BAD_INPUT = 2;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter outWriter = spec.commandLine().getOut();
    NetworkSimulator simulator;
    long stepCount;
    try {
      if (out == null && bootstrapServers == null) {
        throw new IllegalArgumentException(
            "nothing to write: give --out DIR and/or --bootstrap-servers");
      }
      if (failures != null && !"none".equalsIgnoreCase(scenario)) {
        throw new IllegalArgumentException("give either --failures or --scenario, not both");
      }
      if (!(stepsPerSecond >= 0) || Double.isInfinite(stepsPerSecond)) {
        throw new IllegalArgumentException(
            "--steps-per-second must be >= 0 (0 = as fast as possible), was " + stepsPerSecond);
      }
      if (stepSeconds <= 0) {
        throw new IllegalArgumentException("--step-seconds must be > 0");
      }
      if (steps != null && steps < 0) {
        throw new IllegalArgumentException("--steps must be >= 0");
      }
      requireReadable(traffic, "--traffic");
      requireReadable(failures, "--failures");
      Topology network = BuiltInTopologies.builtInOrFile(topology);
      if (hopCount) {
        network = network.withHopCountWeights();
      }
      NetworkSimulator.Builder builder =
          NetworkSimulator.builder()
              .topology(network)
              .seed(seed)
              .start(parseStart(start))
              .stepLength(Duration.ofSeconds(stepSeconds))
              .telemetryNoise(telemetryNoise)
              .equalCostMultiPath(equalCostMultiPath)
              .capacityHeadroom(capacityHeadroom)
              .survivableCapacityHeadroom(survivableHeadroom);
      if (traffic != null) {
        ReplayTrafficModel replay = ReplayTrafficModel.read(traffic, network);
        builder.traffic(replay);
        stepCount = steps != null ? Math.min(steps, replay.stepCount()) : replay.stepCount();
      } else {
        builder.generatedTraffic(
            GravitySineTrafficConfig.defaults()
                .withMeanDemandPerPairMbps(meanDemandMbps)
                .withNoiseStandardDeviation(trafficNoise));
        stepCount = steps != null ? steps : 2016;
      }
      builder.maxSteps(stepCount);
      if (failures != null) {
        builder.failures(FailureSchedule.read(failures, network));
      } else if (meanStepsBetweenFailures != null) {
        if (meanStepsBetweenFailures <= 0 || meanStepsToRepair <= 0) {
          throw new IllegalArgumentException("mean steps between failures / to repair must be > 0");
        }
        builder.randomFailures(
            Duration.ofSeconds(stepSeconds * meanStepsBetweenFailures),
            Duration.ofSeconds(stepSeconds * meanStepsToRepair));
      } else {
        FailureScenario named = FailureScenario.parse(scenario);
        long failAt = failAtStep != null ? failAtStep : stepCount / 3;
        builder.scenario(named, failAt, repairAtStep);
      }
      simulator = builder.build();
    } catch (IllegalArgumentException | NoSuchElementException | UncheckedIOException e) {
      err.println("netdrift simulate: " + e.getMessage());
      err.flush();
      return BAD_INPUT;
    }
    if (!quiet) {
      outWriter.printf(
          "netdrift simulate: %s (%d nodes, %d link directions), %d steps, failures: %s%n",
          simulator.topology().name(),
          simulator.topology().nodeCount(),
          simulator.topology().directedLinkCount(),
          stepCount,
          describe(simulator.failureSchedule()));
      outWriter.flush();
    }
    return run(simulator, stepCount, outWriter);
  }

  private int run(NetworkSimulator simulator, long stepCount, PrintWriter progress) {
    long started = System.nanoTime();
    long reportEvery = Math.max(1, stepCount / 10);
    double droppedStepsMbps = 0;
    CsvStepWriter writer;
    try {
      writer = out != null ? new CsvStepWriter(out, simulator.topology()) : null;
    } catch (UncheckedIOException e) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("netdrift simulate: --out: " + e.getMessage());
      err.flush();
      return BAD_INPUT;
    }
    KafkaStepPublisher publisher = null;
    try {
      if (bootstrapServers != null) {
        KafkaPublisherConfig config =
            KafkaPublisherConfig.defaults(bootstrapServers)
                .withTopics(telemetryTopic, trafficTopic, eventsTopic)
                .withStepsPerSecond(stepsPerSecond);
        KafkaStepPublisher.checkReachable(config, Duration.ofSeconds(15));
        // created here rather than by the broker's auto-creation, whose default time retention
        // would delete the simulated records (stamped with simulated times) within minutes
        KafkaStepPublisher.createTopicsIfMissing(config, -1, (short) -1);
        List<String> retention =
            KafkaStepPublisher.retentionProblems(
                config, simulator.traffic().timestampOfStep(0), System.currentTimeMillis());
        if (!retention.isEmpty()) {
          PrintWriter err = spec.commandLine().getErr();
          retention.forEach(problem -> err.println("netdrift simulate: " + problem));
          err.flush();
          return BAD_INPUT;
        }
        publisher = new KafkaStepPublisher(config);
      }
      long done = 0;
      while (done < stepCount && simulator.hasNext()) {
        SimulationStep step = simulator.next();
        if (writer != null) {
          writer.write(step, simulator.droppedDemands());
        }
        if (publisher != null) {
          publisher.publish(step);
        }
        droppedStepsMbps += simulator.droppedDemandMbps();
        done++;
        if (!quiet && (done % reportEvery == 0 || done == stepCount)) {
          progress.printf(
              "  step %d/%d  %s  down: %s%n",
              done,
              stepCount,
              Instant.ofEpochMilli(step.timestampMs()),
              describe(simulator.failedElements()));
          progress.flush();
        }
      }
      if (publisher != null) {
        publisher.flush();
      }
      if (writer != null) {
        writer.commit();
      }
      if (!quiet && simulator.pendingFailureEvents() > 0) {
        progress.printf(
            "note: %d scheduled failure event(s) fall after the last step and were not applied%n",
            simulator.pendingFailureEvents());
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      if (!quiet) {
        long linkSteps = done * simulator.topology().directedLinkCount();
        progress.printf(
            "done: %d steps, %d link-steps in %.2f s (%.0f link-steps/s)%s%s%n",
            done,
            linkSteps,
            seconds,
            linkSteps / Math.max(seconds, 1e-9),
            droppedStepsMbps > 0
                ? String.format(", dropped demand %.1f Mbps-steps", droppedStepsMbps)
                : "",
            out != null ? ", wrote " + out.resolve("link_load.csv") : "");
        progress.flush();
      }
      return 0;
    } catch (RuntimeException e) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("netdrift simulate: failed: " + e.getMessage());
      err.flush();
      return 1;
    } finally {
      if (writer != null) {
        writer.close();
      }
      if (publisher != null) {
        try {
          publisher.close();
        } catch (RuntimeException e) {
          spec.commandLine().getErr().println("netdrift simulate: " + e.getMessage());
        }
      }
    }
  }

  private static String describe(FailureSchedule schedule) {
    if (schedule.isEmpty()) {
      return "none";
    }
    StringBuilder text = new StringBuilder();
    int shown = 0;
    for (FailureEvent event : schedule.events()) {
      if (shown++ == 5) {
        return text.append(", ... (")
            .append(schedule.events().size())
            .append(" events)")
            .toString();
      }
      text.append(shown > 1 ? ", " : "")
          .append(event.type())
          .append(' ')
          .append(event.element())
          .append(" at ")
          .append(Instant.ofEpochMilli(event.timestampMs()));
    }
    return text.toString();
  }

  private static String describe(FailedElements failed) {
    if (failed.isEmpty()) {
      return "-";
    }
    List<String> elements = new ArrayList<>(failed.links());
    failed.nodes().forEach(node -> elements.add("node " + node));
    return String.join(", ", elements);
  }

  private static void requireReadable(Path file, String option) {
    if (file != null && !Files.isReadable(file)) {
      throw new IllegalArgumentException(option + ": cannot read " + file);
    }
  }

  private static Instant parseStart(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "--start: not an ISO-8601 UTC time (e.g. 2026-01-05T00:00:00Z): '" + text + "'");
    }
  }
}
