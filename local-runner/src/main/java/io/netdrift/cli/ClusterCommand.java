package io.netdrift.cli;

import io.netdrift.cluster.ClusterSettings;
import io.netdrift.cluster.FlinkRestClient;
import io.netdrift.cluster.LocalFlinkCluster;
import io.netdrift.job.config.JobConfig;
import io.netdrift.local.EmbeddedKafka;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * {@code ./netdrift cluster start|submit|status|stop}: the job on a real multi-process Flink
 * session cluster on this machine ({@link LocalFlinkCluster}: a JobManager and TaskManagers as
 * separate JVMs, from the jars of {@code local-cluster/target/flink-lib}), with a Kafka broker
 * process beside it, the dashboard on localhost. For hosts with Docker, {@code docker/} has the
 * same cluster as compose files.
 */
@Command(
    name = "cluster",
    mixinStandardHelpOptions = true,
    description =
        "A multi-process Flink session cluster and a Kafka broker on this machine (no Docker): start,"
            + " submit the job jar, status, stop.",
    subcommands = {
      ClusterCommand.Start.class,
      ClusterCommand.Submit.class,
      ClusterCommand.Status.class,
      ClusterCommand.Stop.class
    })
public final class ClusterCommand {
  static final String KAFKA = "kafka";
  static final String FLINK_LIB_PROPERTY = "netdrift.flinkLib";
  static final String JOB_JAR_PROPERTY = "netdrift.jobJar";

  static Path defaultHome() {
    return Path.of(System.getProperty("user.home"), ".cache", "netdrift", "cluster");
  }

  /** Options every subcommand shares. */
  static class HomeOption {
    @Option(
        names = "--home",
        paramLabel = "DIR",
        description =
            "The cluster's directory: configuration, logs, PIDs, checkpoints (default"
                + " ~/.cache/netdrift/cluster).")
    Path home;

    Path home() {
      return (home != null ? home : defaultHome()).toAbsolutePath();
    }
  }

  @Command(
      name = "start",
      mixinStandardHelpOptions = true,
      description =
          "Start a JobManager, TaskManagers and a Kafka broker as processes in the background.")
  static final class Start implements Callable<Integer> {
    @picocli.CommandLine.Mixin HomeOption home = new HomeOption();

    @Option(
        names = "--task-managers",
        description = "TaskManager processes (default ${DEFAULT-VALUE}).",
        defaultValue = "2")
    int taskManagers;

    @Option(
        names = "--slots",
        description = "Slots per TaskManager (default ${DEFAULT-VALUE}).",
        defaultValue = "2")
    int slots;

    @Option(
        names = "--web-port",
        description = "Port of the dashboard and REST API on 127.0.0.1 (default ${DEFAULT-VALUE}).",
        defaultValue = "8081")
    int webPort;

    @Option(
        names = "--kafka-port",
        description = "Port of the Kafka broker on 127.0.0.1 (default ${DEFAULT-VALUE}).",
        defaultValue = "9092")
    int kafkaPort;

    @Option(
        names = "--prometheus-port",
        description =
            "First port of Flink's Prometheus reporter: each process serves /metrics on the first"
                + " free port from here on, on every interface (default 0: off).",
        defaultValue = "0")
    int prometheusPort;

    @Override
    public Integer call() throws Exception {
      PrintStream out = System.out;
      Path lib =
          requiredPath(FLINK_LIB_PROPERTY, "the cluster's lib/ (local-cluster/target/flink-lib)");
      if (!LocalFlinkCluster.portFree(kafkaPort)) {
        System.err.println(
            "port "
                + kafkaPort
                + " on 127.0.0.1 is in use (another Kafka?): stop it or pass --kafka-port");
        return 1;
      }
      ClusterSettings settings =
          ClusterSettings.defaults(home.home(), lib)
              .withTaskManagers(taskManagers, slots)
              .withRestPort(webPort);
      if (prometheusPort != 0) {
        settings = settings.withPrometheus(prometheusPort);
      }
      out.printf(
          "starting a Flink %s session cluster in %s: a JobManager and %d TaskManager(s) of %d"
              + " slots ...%n",
          LocalFlinkCluster.flinkVersion(lib), settings.home(), taskManagers, slots);
      long t0 = System.nanoTime();
      LocalFlinkCluster cluster;
      try {
        cluster = LocalFlinkCluster.start(settings, Duration.ofMinutes(3));
      } catch (IllegalStateException e) {
        System.err.println(e.getMessage());
        return 1;
      }
      List<String> kafka = new ArrayList<>();
      kafka.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      kafka.add("-Xmx512m");
      kafka.add("-Dnetdrift.cluster.home=" + settings.home());
      kafka.add("-Dlog4j2.configurationFile=log4j2-cli.properties");
      kafka.add("-cp");
      kafka.add(System.getProperty("java.class.path"));
      kafka.add(NetdriftCli.class.getName());
      kafka.add("kafka");
      kafka.add("--port");
      kafka.add(String.valueOf(kafkaPort));
      cluster.startCompanion(KAFKA, kafka);
      if (!awaitKafka(cluster, Duration.ofMinutes(1))) {
        System.err.println(
            "the Kafka broker did not start; its output is in "
                + settings.home().resolve("log").resolve(KAFKA + ".out"));
        cluster.close();
        return 1;
      }
      out.printf(
          "up in %.0f s: dashboard http://%s, Kafka 127.0.0.1:%d, logs in %s%n",
          (System.nanoTime() - t0) / 1e9,
          cluster.restAddress(),
          kafkaPort,
          settings.home().resolve("log"));
      if (prometheusPort != 0) {
        out.printf(
            "prometheus: every process serves /metrics on the first free port of %s (e.g."
                + " http://127.0.0.1:%d/metrics: the JobManager)%n",
            settings.extraSettings().get("metrics.reporter.prom.port"), prometheusPort);
      }
      out.println("next: ./netdrift cluster submit   (then feed it: see its output)");
      return 0;
    }
  }

  @Command(
      name = "submit",
      mixinStandardHelpOptions = true,
      description =
          "Create the job's topics on the cluster's broker, upload the shaded job jar and run it."
              + " Any further --key value is job configuration (./netdrift config lists it).")
  static final class Submit implements Callable<Integer> {
    @picocli.CommandLine.Mixin HomeOption home = new HomeOption();

    @Option(
        names = "--savepoint",
        paramLabel = "PATH",
        description = "Start from this savepoint (an upgrade, a rescale).")
    String savepoint;

    /** Every other {@code --key value}: job configuration, checked by {@link JobConfig}. */
    @Unmatched List<String> jobFlags = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
      Optional<LocalFlinkCluster> attached = LocalFlinkCluster.attach(home.home());
      if (attached.isEmpty() || attached.get().runningProcesses().isEmpty()) {
        System.err.println("no cluster runs from " + home.home() + ": ./netdrift cluster start");
        return 1;
      }
      LocalFlinkCluster cluster = attached.get();
      Path jar = requiredPath(JOB_JAR_PROPERTY, "the shaded job jar");
      List<String> flags = new ArrayList<>();
      String kafka = kafkaBootstrap(cluster);
      flags.addAll(List.of("--bootstrap-servers", kafka));
      flags.addAll(List.of("--checkpoint-dir", cluster.checkpointsUri()));
      flags.addAll(jobFlags);
      JobConfig config;
      try {
        config = JobConfig.fromArgs(flags.toArray(String[]::new));
      } catch (IllegalArgumentException e) {
        System.err.println(e.getMessage());
        return 2;
      }
      Map<String, Integer> topics = new LinkedHashMap<>();
      int partitions = Math.max(2, config.get(JobConfig.PARALLELISM));
      for (JobConfig.Topic t : JobConfig.Topic.values()) {
        topics.put(config.topic(t), partitions);
      }
      if (kafka.equals(localKafka(cluster))) {
        EmbeddedKafka.createTopics(kafka, topics);
      }
      FlinkRestClient rest = cluster.rest();
      System.out.println("uploading " + jar.getFileName() + " ...");
      String jarId = rest.uploadJar(jar);
      String jobId = rest.runJar(jarId, flags, savepoint);
      System.out.printf(
          "job %s submitted: http://%s/#/job/running/%s/overview%n",
          jobId, cluster.restAddress(), jobId);
      System.out.printf(
          "feed it: ./netdrift simulate --bootstrap-servers %s --steps 2000 --steps-per-second 5"
              + " --scenario drastic%n",
          kafka);
      System.out.printf(
          "stop it with a savepoint: curl -X POST http://%s/jobs/%s/stop -H 'Content-Type:"
              + " application/json' -d '{\"drain\": false}'%n",
          cluster.restAddress(), jobId);
      return 0;
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true, description = "Processes and jobs.")
  static final class Status implements Callable<Integer> {
    @picocli.CommandLine.Mixin HomeOption home = new HomeOption();

    @Override
    public Integer call() throws Exception {
      Optional<LocalFlinkCluster> attached = LocalFlinkCluster.attach(home.home());
      if (attached.isEmpty() || attached.get().runningProcesses().isEmpty()) {
        System.out.println("no cluster runs from " + home.home());
        return 3;
      }
      LocalFlinkCluster cluster = attached.get();
      for (LocalFlinkCluster.TrackedProcess p : cluster.runningProcesses()) {
        System.out.printf("%-14s PID %d%n", p.name(), p.handle().pid());
      }
      System.out.println("dashboard http://" + cluster.restAddress());
      try {
        for (String state : List.of("RUNNING", "RESTARTING", "FINISHED", "FAILED", "CANCELED")) {
          for (String job : cluster.rest().jobs(state)) {
            System.out.printf("job %s %s%n", job, state);
          }
        }
      } catch (IOException e) {
        System.out.println("the REST API does not answer: " + e.getMessage());
      }
      return 0;
    }
  }

  @Command(
      name = "stop",
      mixinStandardHelpOptions = true,
      description = "Stop every process of the cluster (by its PID) and the broker.")
  static final class Stop implements Callable<Integer> {
    @picocli.CommandLine.Mixin HomeOption home = new HomeOption();

    @Override
    public Integer call() throws Exception {
      Optional<LocalFlinkCluster> attached = LocalFlinkCluster.attach(home.home());
      if (attached.isEmpty() || attached.get().runningProcesses().isEmpty()) {
        System.out.println("no cluster runs from " + home.home());
        return 0;
      }
      List<LocalFlinkCluster.TrackedProcess> running = attached.get().runningProcesses();
      attached.get().close();
      System.out.println(
          "stopped "
              + running.stream().map(p -> p.name() + " (PID " + p.handle().pid() + ")").toList());
      return 0;
    }
  }

  /** The broker the cluster started, as host:port. */
  private static String localKafka(LocalFlinkCluster cluster) throws IOException {
    Path out = cluster.home().resolve("log").resolve(KAFKA + ".out");
    if (Files.isRegularFile(out)) {
      for (String line : Files.readAllLines(out)) {
        int at = line.indexOf("bootstrap servers ");
        if (at >= 0) {
          return line.substring(at + "bootstrap servers ".length()).trim();
        }
      }
    }
    return "";
  }

  private static String kafkaBootstrap(LocalFlinkCluster cluster) throws IOException {
    String local = localKafka(cluster);
    return local.isEmpty() ? "127.0.0.1:9092" : local;
  }

  private static Path requiredPath(String property, String what) {
    String value = System.getProperty(property);
    if (value == null || !Files.exists(Path.of(value))) {
      throw new IllegalStateException(
          what
              + " not found"
              + (value == null ? "" : " at " + value)
              + ": run this through ./netdrift, which builds it (mvn -DskipTests -pl flink-job,local-cluster -am"
              + " package)");
    }
    return Path.of(value);
  }

  /** Waits until the broker process says it is ready, or has exited. */
  private static boolean awaitKafka(LocalFlinkCluster cluster, Duration timeout)
      throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!localKafka(cluster).isEmpty()) {
        return true;
      }
      if (cluster.runningProcesses().stream().noneMatch(p -> p.name().equals(KAFKA))) {
        return false;
      }
      Thread.sleep(500);
    }
    return false;
  }
}
