package io.netdrift.cli;

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
    int code = new CommandLine(new NetdriftCli()).execute(args);
    System.exit(code);
  }
}
