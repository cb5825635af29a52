package io.netdrift.benchmarks.endtoend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;

/**
 * What an end-to-end harness prints and starts: time-stamped progress lines, the machine's load
 * average and a one-TaskManager MiniCluster. (The same few lines stand privately in {@link
 * EndToEndBenchmark}, which predates this class.)
 */
final class BenchmarkConsole {
  private final long startedNanos = System.nanoTime();

  /** Prints one line, prefixed with the seconds since this console was made. */
  void log(String format, Object... args) {
    System.out.printf(
        Locale.ROOT,
        "[%6.1f s] %s%n",
        (System.nanoTime() - startedNanos) / 1e9,
        String.format(Locale.ROOT, format, args));
  }

  /** {@code --key value} pairs in order; a key without a value is an error. */
  static Map<String, String> flags(String[] args) {
    Map<String, String> flags = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value after " + args[i]);
      }
      flags.put(args[i], args[i + 1]);
    }
    return flags;
  }

  /** The 1, 5 and 15 minute load averages, {@code a/b/c}, or {@code n/a}. */
  static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return parts[0] + "/" + parts[1] + "/" + parts[2];
    } catch (IOException | RuntimeException e) {
      return "n/a";
    }
  }

  /** A started MiniCluster: one TaskManager with {@code slots} slots, random ports. */
  static MiniCluster startMiniCluster(int slots) throws Exception {
    MiniCluster cluster =
        new MiniCluster(
            new MiniClusterConfiguration.Builder()
                .setConfiguration(new Configuration())
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots)
                .withRandomPorts()
                .build());
    cluster.start();
    return cluster;
  }
}
