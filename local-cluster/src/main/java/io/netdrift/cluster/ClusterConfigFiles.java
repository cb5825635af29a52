package io.netdrift.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files in a local cluster's {@code conf/}: Flink's {@code config.yaml} (Flink 2.x, flat {@code
 * key: value} lines) and the {@code log4j.properties} every process logs with (to {@code
 * log/<process>.log}, which the dashboard's log tabs show).
 */
final class ClusterConfigFiles {
  private ClusterConfigFiles() {}

  static void write(ClusterSettings s, Path home, int restPort, int rpcPort) throws IOException {
    Map<String, String> c = new LinkedHashMap<>();
    // everything on loopback: nobody else reaches the RPC, the blob server or the dashboard
    c.put("jobmanager.rpc.address", "localhost");
    c.put("jobmanager.rpc.port", String.valueOf(rpcPort));
    c.put("jobmanager.bind-host", "127.0.0.1");
    c.put("taskmanager.bind-host", "127.0.0.1");
    c.put("taskmanager.host", "127.0.0.1");
    c.put("rest.address", "127.0.0.1");
    c.put("rest.bind-address", "127.0.0.1");
    c.put("rest.port", String.valueOf(restPort));
    c.put("jobmanager.memory.process.size", s.jobManagerMemory());
    c.put("taskmanager.memory.process.size", s.taskManagerMemory());
    c.put("taskmanager.numberOfTaskSlots", String.valueOf(s.slotsPerTaskManager()));
    // a job's slots spread over the TaskManagers: losing one of them is a real failover
    c.put("taskmanager.load-balance.mode", "SLOTS");
    c.put("heartbeat.interval", s.heartbeatInterval().toMillis() + " ms");
    c.put("heartbeat.timeout", s.heartbeatTimeout().toMillis() + " ms");
    c.put("execution.checkpointing.dir", home.resolve("checkpoints").toUri().toString());
    c.put("execution.checkpointing.savepoint-dir", home.resolve("savepoints").toUri().toString());
    c.put("restart-strategy.type", "fixed-delay");
    c.put("restart-strategy.fixed-delay.attempts", "20");
    c.put("restart-strategy.fixed-delay.delay", "2 s");
    // TensorFlow's JNI library loads once per JVM: its jars are in lib/, and these patterns keep
    // the job jar's copies of them unused, so a restarted job does not load the library again;
    // protobuf too, since netdrift's training code reads TF Java's graph definitions (protobuf
    // messages): with the job's own copy a restarted job's retrain failed with a LinkageError
    c.put(
        "classloader.parent-first-patterns.additional",
        "ai.djl.;org.tensorflow.;org.bytedeco.;com.google.protobuf.");
    // documents the options every process runs with (the launcher passes them on the command line)
    c.put("env.java.opts.all", quote(String.join(" ", LocalFlinkCluster.NETDRIFT_JVM_OPTIONS)));
    c.put("web.submit.enable", "true");
    c.putAll(s.extraSettings());
    StringBuilder yaml =
        new StringBuilder(
            "# written by netdrift's LocalFlinkCluster; a restart of the cluster rewrites it\n");
    c.forEach((k, v) -> yaml.append(k).append(": ").append(v).append('\n'));
    Path conf = home.resolve("conf");
    Files.writeString(conf.resolve("config.yaml"), yaml, StandardCharsets.UTF_8);
    Files.write(conf.resolve("log4j.properties"), LOG4J, StandardCharsets.UTF_8);
  }

  /** The {@code key: value} lines of a config.yaml (values as written). */
  static Map<String, String> read(Path configYaml) throws IOException {
    Map<String, String> c = new LinkedHashMap<>();
    for (String line : Files.readAllLines(configYaml, StandardCharsets.UTF_8)) {
      int colon = line.indexOf(": ");
      if (!line.startsWith("#") && colon > 0) {
        c.put(line.substring(0, colon), line.substring(colon + 2));
      }
    }
    return c;
  }

  private static String quote(String v) {
    return "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static final List<String> LOG4J =
      List.of(
          "# every process logs to log/<process>.log (the dashboard's log tab reads it)",
          "monitorInterval = 30",
          "rootLogger.level = INFO",
          "rootLogger.appenderRef.file.ref = MainAppender",
          "appender.main.name = MainAppender",
          "appender.main.type = RollingFile",
          "appender.main.append = true",
          "appender.main.fileName = ${sys:log.file}",
          "appender.main.filePattern = ${sys:log.file}.%i",
          "appender.main.layout.type = PatternLayout",
          "appender.main.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n",
          "appender.main.policies.type = Policies",
          "appender.main.policies.size.type = SizeBasedTriggeringPolicy",
          "appender.main.policies.size.size = 100MB",
          "appender.main.strategy.type = DefaultRolloverStrategy",
          "appender.main.strategy.max = 3",
          "logger.kafka.name = org.apache.kafka",
          "logger.kafka.level = WARN");
}
