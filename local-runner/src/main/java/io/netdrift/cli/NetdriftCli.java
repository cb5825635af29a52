package io.netdrift.cli;

import io.netdrift.local.LogFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ./netdrift} launcher: one entry point, one subcommand per task. */
@Command(
    name = "netdrift",
    mixinStandardHelpOptions = true,
    version = "netdrift 0.1.0",
    description = "Streaming drift adaptation for link load forecasting on Flink and Kafka.",
    subcommands = {
      DemoCommand.class,
      EvaluateCommand.class,
      SimulateCommand.class,
      TrainCommand.class,
      DetectCommand.class,
      DetectEvalCommand.class,
      ConfigCommand.class,
      ClusterCommand.class,
      KafkaCommand.class,
      CommandLine.HelpCommand.class
    })
public final class NetdriftCli {

  public static void main(String[] args) {
    // Avro 1.12.2 refuses generated classes outside this package unless told (before Avro loads).
    if (System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES") == null) {
      System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "io.netdrift.schema");
    }
    // before anything logs: where log4j2-cli.properties writes the full log (the console gets
    // warnings only)
    if (System.getProperty(LogFile.PROPERTY) == null) {
      System.setProperty(LogFile.PROPERTY, defaultLogFile(args).toString());
    }
    if (args.length > 0 && args[0].equals("demo")) {
      // the demo prints its own progress and events: netdrift's log lines go to the file unless
      // they warn, and a retrain that kept the serving weights is no news there (its
      // RETRAIN_REJECTED event says so)
      System.setProperty("netdrift.consoleLevel", "WARN");
      System.setProperty("netdrift.trainerConsoleLevel", "ERROR");
    }
    int code = new CommandLine(new NetdriftCli()).execute(args);
    System.exit(code);
  }

  /**
   * {@code <tmp>/netdrift-logs/netdrift-<command>-<yyyyMMdd-HHmmss>-<pid>.log}: one file per run,
   * never shared by two runs at the same time.
   */
  static java.nio.file.Path defaultLogFile(String[] args) {
    String command = args.length > 0 && args[0].matches("[a-z-]+") ? args[0] : "cli";
    String time =
        java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .format(java.time.LocalDateTime.now());
    return java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "netdrift-logs")
        .resolve("netdrift-" + command + "-" + time + "-" + ProcessHandle.current().pid() + ".log");
  }
}
