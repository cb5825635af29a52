package io.netdrift.cli;

import io.netdrift.local.EmbeddedKafka;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./netdrift kafka}: a single-node Kafka 4.2 broker (KRaft, PLAINTEXT, replication factor 1)
 * in the foreground until Ctrl-C, for a job on a cluster and producers started by hand. Its data
 * lives in a temporary directory that is deleted when it stops.
 */
@Command(
    name = "kafka",
    mixinStandardHelpOptions = true,
    description =
        "Run a single-node Kafka broker (KRaft, no Docker) in the foreground until Ctrl-C; its data"
            + " is deleted when it stops. ./netdrift cluster start runs one beside the cluster.")
public final class KafkaCommand implements Callable<Integer> {
  @Option(
      names = "--port",
      description = "Client port (default ${DEFAULT-VALUE}; 0: a free one).",
      defaultValue = "9092")
  int port;

  @Option(
      names = "--bind-address",
      description =
          "Interface to listen on (default ${DEFAULT-VALUE}: this machine only; 0.0.0.0 lets other"
              + " machines produce without authentication).",
      defaultValue = EmbeddedKafka.LOOPBACK)
  String bindAddress;

  @Override
  public Integer call() throws Exception {
    if (port < 0 || port > 65535) {
      System.err.println("--port must be 0-65535, got " + port);
      return 2;
    }
    EmbeddedKafka kafka = EmbeddedKafka.start(bindAddress, port);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    kafka.close();
                  } catch (Exception e) {
                    System.err.println("stopping the broker: " + e);
                  }
                  stopped.countDown();
                },
                "kafka-shutdown"));
    System.out.println("Kafka broker ready: bootstrap servers " + kafka.bootstrapServers());
    System.out.flush();
    stopped.await();
    return 0;
  }
}
