package io.netdrift.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A standalone Flink session cluster on this machine, one JVM per process, started the way Flink's
 * {@code bin/} scripts start them but from the jars of {@code local-cluster/target/ flink-lib} (no
 * Flink distribution, no Docker): one JobManager ({@code StandaloneSessionClusterEntrypoint}) and N
 * TaskManagers ({@code TaskManagerRunner}), their memory flags computed by Flink's own {@code
 * BashJavaUtils}.
 *
 * <p>Everything lives under {@link ClusterSettings#home()}: {@code conf/config.yaml}, {@code log/}
 * (each process's Flink log, which the dashboard shows, and its stdout), {@code pids/} (one file
 * per process, so another JVM can {@link #attach} and {@link #close stop} the cluster), {@code
 * checkpoints/} and {@code savepoints/}. Every process is stopped by its PID, and only when its
 * command line still names this cluster's {@code conf/} (a PID the OS gave to another program is
 * left alone).
 *
 * <p>TensorFlow's JNI library may load once per JVM: the DJL, TF Java and JavaCPP jars are in
 * {@code lib/} and {@code classloader.parent-first-patterns.additional} keeps the job jar's copies
 * of them unused, so a job restarted in the same TaskManager reuses the loaded library instead of
 * failing to load it a second time from a new user-code classloader.
 */
public final class LocalFlinkCluster implements AutoCloseable {
  private static final String JOB_MANAGER = "jobmanager";
  private static final String TASK_MANAGER = "taskmanager-";
  private static final String STATE_FILE = "cluster.properties";

  /** The JVM flags Flink's default configuration gives every process on Java 17. */
  static final List<String> JAVA_17_OPENS =
      List.of(
          "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
          "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
          "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.net=ALL-UNNAMED",
          "--add-opens=java.base/java.io=ALL-UNNAMED",
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
          "--add-opens=java.base/java.text=ALL-UNNAMED",
          "--add-opens=java.base/java.time=ALL-UNNAMED",
          "--add-opens=java.base/java.util=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

  /**
   * What every process of a cluster running netdrift needs: Avro 1.12 refuses generated classes
   * outside the named packages, DJL must never try to download, and the adaptive lanes' trainer
   * threads run below the stream's OS priority only with this policy.
   */
  static final List<String> NETDRIFT_JVM_OPTIONS =
      List.of(
          "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.netdrift.schema",
          "-Dai.djl.offline=true",
          "-XX:ThreadPriorityPolicy=1");

  private final Path home;
  private final Path flinkLib;
  private final int restPort;
  private final FlinkRestClient rest;

  private LocalFlinkCluster(Path home, Path flinkLib, int restPort) {
    this.home = home;
    this.flinkLib = flinkLib;
    this.restPort = restPort;
    this.rest = new FlinkRestClient(restAddress());
  }

  /**
   * Writes the configuration, starts the JobManager and the TaskManagers, and returns once the REST
   * API answers and every TaskManager has registered; stops what it started if that fails.
   *
   * @throws IllegalStateException when a cluster already runs from this home, or a process exits or
   *     does not come up within {@code timeout} (with the end of its log)
   */
  public static LocalFlinkCluster start(ClusterSettings settings, Duration timeout)
      throws IOException {
    Path home = settings.home().toAbsolutePath();
    Optional<LocalFlinkCluster> running = attach(home);
    if (running.isPresent() && !running.get().runningProcesses().isEmpty()) {
      throw new IllegalStateException(
          "a cluster already runs from "
              + home
              + " (dashboard "
              + running.get().rest.address()
              + "): stop it first");
    }
    Path lib = settings.flinkLib().toAbsolutePath();
    if (!Files.isRegularFile(lib.resolve("flink-runtime-" + flinkVersion(lib) + ".jar"))) {
      throw new IllegalStateException(
          "no Flink jars in "
              + lib
              + ": build them with `mvn -B -DskipTests -pl local-cluster package`");
    }
    int restPort = settings.restPort() == 0 ? freePort() : settings.restPort();
    requirePortFree(restPort);
    for (String dir : List.of("conf", "log", "pids", "checkpoints", "savepoints")) {
      Files.createDirectories(home.resolve(dir));
    }
    deleteContents(home.resolve("pids"));
    ClusterConfigFiles.write(settings, home, restPort, freePort());
    Properties state = new Properties();
    state.setProperty("restPort", String.valueOf(restPort));
    state.setProperty("flinkLib", lib.toString());
    try (var out = Files.newBufferedWriter(home.resolve(STATE_FILE))) {
      state.store(out, "netdrift local Flink cluster");
    }
    LocalFlinkCluster cluster = new LocalFlinkCluster(home, lib, restPort);
    try {
      cluster.launch(
          JOB_MANAGER,
          "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
          "GET_JM_RESOURCE_PARAMS",
          List.of("--executionMode", "cluster"));
      for (int i = 0; i < settings.taskManagers(); i++) {
        cluster.startTaskManager();
      }
      cluster.awaitTaskManagers(settings.taskManagers(), timeout);
      return cluster;
    } catch (RuntimeException | IOException e) {
      cluster.close();
      throw e;
    }
  }

  /** The cluster whose files are under {@code home}, if one was started there. */
  public static Optional<LocalFlinkCluster> attach(Path home) throws IOException {
    Path stateFile = home.toAbsolutePath().resolve(STATE_FILE);
    if (!Files.isRegularFile(stateFile)) {
      return Optional.empty();
    }
    Properties state = new Properties();
    try (var in = Files.newBufferedReader(stateFile)) {
      state.load(in);
    }
    return Optional.of(
        new LocalFlinkCluster(
            home.toAbsolutePath(),
            Path.of(state.getProperty("flinkLib")),
            Integer.parseInt(state.getProperty("restPort"))));
  }

  public FlinkRestClient rest() {
    return rest;
  }

  /** host:port of the REST API and the dashboard. */
  public String restAddress() {
    return "127.0.0.1:" + restPort;
  }

  public Path home() {
    return home;
  }

  /** {@code file://} URI of the directory checkpoints go to unless a job names another. */
  public String checkpointsUri() {
    return home.resolve("checkpoints").toUri().toString();
  }

  public String savepointsUri() {
    return home.resolve("savepoints").toUri().toString();
  }

  /** Starts one more TaskManager process; returns its PID (it registers a few seconds later). */
  public long startTaskManager() throws IOException {
    int index = 0;
    while (Files.exists(pidFile(TASK_MANAGER + index))) {
      index++;
    }
    String name = TASK_MANAGER + index;
    // its resource id is its name: the dashboard and the REST API show which process is which
    return launch(
        name,
        "org.apache.flink.runtime.taskexecutor.TaskManagerRunner",
        "GET_TM_RESOURCE_PARAMS",
        List.of("-D", "taskmanager.resource-id=" + name));
  }

  /**
   * The PIDs of the running TaskManagers by their resource id (the name the REST API's {@code
   * /taskmanagers} shows), e.g. {@code taskmanager-0}.
   */
  public Map<String, Long> taskManagersById() {
    Map<String, Long> byId = new TreeMap<>();
    for (TrackedProcess p : runningProcesses()) {
      if (p.name().startsWith(TASK_MANAGER)) {
        byId.put(p.name(), p.handle().pid());
      }
    }
    return byId;
  }

  /** The PIDs of the TaskManager processes that still run, by their index. */
  public List<Long> taskManagerPids() {
    List<Long> pids = new ArrayList<>();
    for (TrackedProcess p : runningProcesses()) {
      if (p.name().startsWith(TASK_MANAGER)) {
        pids.add(p.handle().pid());
      }
    }
    return pids;
  }

  /**
   * {@code kill -9} of a TaskManager process (SIGKILL: no shutdown hook, no goodbye to the
   * JobManager, which notices only when the heartbeat times out); waits until it is gone.
   */
  public void killTaskManager(long pid) {
    TrackedProcess target =
        runningProcesses().stream()
            .filter(p -> p.handle().pid() == pid && p.name().startsWith(TASK_MANAGER))
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalArgumentException("no TaskManager of this cluster has PID " + pid));
    target.handle().destroyForcibly();
    target.handle().onExit().join();
  }

  /** Waits until {@code count} TaskManagers are registered with the JobManager. */
  public void awaitTaskManagers(int count, Duration timeout) throws IOException {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      assertProcessesAlive();
      if (rest.overviewOrNull() != null && rest.taskManagerIds().size() >= count) {
        return;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(
            count
                + " TaskManagers did not register within "
                + timeout
                + "; the logs are in "
                + home.resolve("log")
                + "\n"
                + tail(home.resolve("log").resolve(JOB_MANAGER + ".log"), 30));
      }
      FlinkRestClient.sleep(Duration.ofMillis(500));
    }
  }

  /** The processes of this cluster that still run, the JobManager first. */
  public List<TrackedProcess> runningProcesses() {
    Path pids = home.resolve("pids");
    if (!Files.isDirectory(pids)) {
      return List.of();
    }
    List<TrackedProcess> running = new ArrayList<>();
    try (Stream<Path> files = Files.list(pids)) {
      for (Path f : files.sorted().toList()) {
        String name = f.getFileName().toString().replaceFirst("\\.pid$", "");
        long pid = Long.parseLong(Files.readString(f).trim());
        ProcessHandle.of(pid)
            .filter(ProcessHandle::isAlive)
            .filter(this::isOurs)
            .ifPresent(h -> running.add(new TrackedProcess(name, h)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    running.sort(
        (a, b) ->
            a.name().equals(JOB_MANAGER)
                ? -1
                : b.name().equals(JOB_MANAGER) ? 1 : a.name().compareTo(b.name()));
    return running;
  }

  /** A process of the cluster: its role ({@code jobmanager}, {@code taskmanager-0}, ...). */
  public record TrackedProcess(String name, ProcessHandle handle) {}

  /**
   * Stops every process of the cluster by its PID: SIGTERM (Flink shuts down cleanly), then SIGKILL
   * for any that still runs after 20 s. Idempotent.
   */
  @Override
  public void close() {
    List<TrackedProcess> running = runningProcesses();
    // TaskManagers first: a JobManager that goes first makes them retry their connection
    List<TrackedProcess> order = new ArrayList<>(running);
    Collections.reverse(order);
    for (TrackedProcess p : order) {
      p.handle().destroy();
    }
    Instant deadline = Instant.now().plusSeconds(20);
    for (TrackedProcess p : order) {
      while (p.handle().isAlive() && Instant.now().isBefore(deadline)) {
        FlinkRestClient.sleep(Duration.ofMillis(100));
      }
      if (p.handle().isAlive()) {
        p.handle().destroyForcibly();
        p.handle().onExit().join();
      }
    }
    deleteContents(home.resolve("pids"));
  }

  private long launch(String name, String mainClass, String resourceParams, List<String> args)
      throws IOException {
    Path conf = home.resolve("conf");
    Path log = home.resolve("log");
    ResourceParams params = ResourceParams.compute(java(), flinkLib, conf, resourceParams);
    List<String> command = new ArrayList<>();
    command.add(java());
    command.addAll(params.jvmFlags());
    command.addAll(JAVA_17_OPENS);
    command.addAll(NETDRIFT_JVM_OPTIONS);
    command.add("-Dlog.file=" + log.resolve(name + ".log"));
    command.add("-Dlog4j.configurationFile=" + conf.resolve("log4j.properties").toUri());
    command.add("-cp");
    command.add(flinkLib + "/*");
    command.add(mainClass);
    command.add("--configDir");
    command.add(conf.toString());
    command.addAll(args);
    command.addAll(params.dynamicProperties());
    Process process =
        new ProcessBuilder(command)
            .directory(home.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.resolve(name + ".out").toFile())
            .start();
    Files.writeString(pidFile(name), String.valueOf(process.pid()), StandardCharsets.UTF_8);
    return process.pid();
  }

  private void assertProcessesAlive() {
    Path pids = home.resolve("pids");
    try (Stream<Path> files = Files.list(pids)) {
      for (Path f : files.toList()) {
        String name = f.getFileName().toString().replaceFirst("\\.pid$", "");
        long pid = Long.parseLong(Files.readString(f).trim());
        if (ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isEmpty()) {
          throw new IllegalStateException(
              name
                  + " (PID "
                  + pid
                  + ") exited while the cluster started; its output:\n"
                  + tail(home.resolve("log").resolve(name + ".out"), 20)
                  + tail(home.resolve("log").resolve(name + ".log"), 30));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether the process's command line names this cluster's home (a PID may be reused). */
  private boolean isOurs(ProcessHandle h) {
    String mark = home.toString();
    return h.info().commandLine().map(c -> c.contains(mark)).orElse(false)
        || h.info().arguments().map(a -> String.join(" ", a).contains(mark)).orElse(false);
  }

  /**
   * Starts a process that belongs with the cluster (for {@code ./netdrift cluster}, the Kafka
   * broker), tracked and stopped like the cluster's own: its command line must name {@link #home()}
   * (a {@code -D} property will do), its output goes to {@code log/<name>.out}.
   */
  public long startCompanion(String name, List<String> command) throws IOException {
    if (!String.join(" ", command).contains(home.toString())) {
      throw new IllegalArgumentException(
          "the command of " + name + " must name the cluster's home " + home);
    }
    Process process =
        new ProcessBuilder(command)
            .directory(home.toFile())
            .redirectErrorStream(true)
            .redirectOutput(home.resolve("log").resolve(name + ".out").toFile())
            .start();
    Files.writeString(pidFile(name), String.valueOf(process.pid()), StandardCharsets.UTF_8);
    return process.pid();
  }

  private Path pidFile(String name) {
    return home.resolve("pids").resolve(name + ".pid");
  }

  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** The Flink version of the jars in {@code lib} (from flink-core's file name). */
  public static String flinkVersion(Path lib) throws IOException {
    try (Stream<Path> jars = Files.list(lib)) {
      return jars.map(p -> p.getFileName().toString())
          .filter(n -> n.matches("flink-core-\\d.*\\.jar"))
          .map(n -> n.substring("flink-core-".length(), n.length() - ".jar".length()))
          .findFirst()
          .orElse("?");
    } catch (IOException e) {
      return "?";
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Whether a server could listen on {@code port} of 127.0.0.1 now. */
  public static boolean portFree(int port) {
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort() == port;
    } catch (IOException e) {
      return false;
    }
  }

  private static void requirePortFree(int port) {
    if (!portFree(port)) {
      throw new IllegalStateException(
          "port " + port + " on 127.0.0.1 is in use: stop what uses it or pick another port");
    }
  }

  static String tail(Path file, int lines) {
    if (!Files.isRegularFile(file)) {
      return "";
    }
    try {
      List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size())) + "\n";
    } catch (IOException | UncheckedIOException e) {
      return "(" + file + " unreadable: " + e + ")\n";
    }
  }

  private static void deleteContents(Path dir) {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.toList()) {
        Files.deleteIfExists(f);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Flink's memory flags of one process type, as its scripts compute them. */
  record ResourceParams(List<String> jvmFlags, List<String> dynamicProperties) {
    private static final String PREFIX = "BASH_JAVA_UTILS_EXEC_RESULT:";

    static ResourceParams compute(String java, Path lib, Path conf, String command)
        throws IOException {
      Process p =
          new ProcessBuilder(
                  java,
                  "-cp",
                  lib + "/*",
                  "org.apache.flink.runtime.util.bash.BashJavaUtils",
                  command,
                  "--configDir",
                  conf.toString())
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      try {
        p.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
      List<String> results =
          out.lines()
              .filter(l -> l.startsWith(PREFIX))
              .map(l -> l.substring(PREFIX.length()))
              .toList();
      if (p.exitValue() != 0 || results.size() < 2) {
        throw new IllegalStateException(
            "Flink's BashJavaUtils " + command + " failed (exit " + p.exitValue() + "):\n" + out);
      }
      return new ResourceParams(split(results.get(0)), split(results.get(1)));
    }

    private static List<String> split(String line) {
      return Stream.of(line.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
    }
  }

  /** Test hook: the settings a cluster writes, read back as YAML lines. */
  static Map<String, String> readConfig(Path home) throws IOException {
    return ClusterConfigFiles.read(home.resolve("conf").resolve("config.yaml"));
  }
}
