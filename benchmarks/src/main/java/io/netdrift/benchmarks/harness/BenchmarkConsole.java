package io.netdrift.benchmarks.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** What a benchmark prints: time-stamped progress lines and the machine's load average. */
public final class BenchmarkConsole {
  private final long startedNanos = System.nanoTime();

  /** Prints one line, prefixed with the seconds since this console was made. */
  public void log(String format, Object... args) {
    System.out.printf(
        Locale.ROOT,
        "[%6.1f s] %s%n",
        (System.nanoTime() - startedNanos) / 1e9,
        String.format(Locale.ROOT, format, args));
    System.out.flush();
  }

  /** The 1, 5 and 15 minute load averages, {@code a/b/c}, or {@code n/a}. */
  public static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return parts[0] + "/" + parts[1] + "/" + parts[2];
    } catch (IOException | RuntimeException e) {
      return "n/a";
    }
  }
}
