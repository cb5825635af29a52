package io.netdrift.benchmarks.adaptation;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time of this JVM's threads by group, from {@code /proc/self/task} (Linux; empty elsewhere):
 * native TensorFlow pool threads are invisible to {@code ThreadMXBean}, so the kernel's per-thread
 * counters are read. Groups: the task thread (the one that called {@link #taskThread()}), the
 * adaptive lanes' trainer threads (and any TensorFlow thread they created), TensorFlow's pool
 * threads (shared by serving and training), garbage collection, JIT compilation, everything else.
 * Resolution: the kernel's clock tick (usually 10 ms), so only sums over seconds are meaningful.
 */
final class ThreadCpu {
  static final String TASK = "task thread";
  static final String TRAINER = "trainer threads";
  static final String TENSORFLOW = "tensorflow pools";
  static final String GC = "gc";
  static final String JIT = "jit";
  static final String OTHER = "other";

  private static final double TICK_SECONDS = 0.01;
  private static String taskTid = "";

  private ThreadCpu() {}

  /** Marks the calling thread as the task thread. */
  static void taskThread() {
    try {
      String stat = Files.readString(Path.of("/proc/thread-self/stat"));
      taskTid = stat.substring(0, stat.indexOf(' '));
    } catch (IOException | RuntimeException e) {
      taskTid = "";
    }
  }

  /** CPU seconds per group, summed over the live threads (threads that ended are lost). */
  static Map<String, Double> snapshot() {
    Map<String, Double> groups = new LinkedHashMap<>();
    for (String g : new String[] {TASK, TRAINER, TENSORFLOW, GC, JIT, OTHER}) {
      groups.put(g, 0.0);
    }
    Path tasks = Path.of("/proc/self/task");
    if (!Files.isDirectory(tasks)) {
      return groups;
    }
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(tasks)) {
      for (Path task : dir) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          // comm may contain spaces: the fields after it start behind the last ')'
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          double seconds = (Long.parseLong(f[11]) + Long.parseLong(f[12])) * TICK_SECONDS;
          String comm = Files.readString(task.resolve("comm")).trim();
          String group = groupOf(task.getFileName().toString(), comm);
          groups.merge(group, seconds, Double::sum);
        } catch (IOException | RuntimeException e) {
          // the thread ended meanwhile
        }
      }
    } catch (IOException e) {
      return groups;
    }
    return groups;
  }

  private static String groupOf(String tid, String comm) {
    if (tid.equals(taskTid)) {
      return TASK;
    }
    if (comm.startsWith("netdrift-traine")) {
      return TRAINER;
    }
    if (comm.equals("java") || comm.startsWith("tf_") || comm.contains("Eigen")) {
      // TensorFlow names no thread: its pools inherit the name of the thread that created the
      // first session, here the launcher's main thread ("java"); an idle launcher thread adds 0
      return TENSORFLOW;
    }
    if (comm.startsWith("GC ")
        || comm.startsWith("G1 ")
        || comm.startsWith("VM Thread")
        || comm.contains("GC")) {
      return GC;
    }
    if (comm.startsWith("C1 ") || comm.startsWith("C2 ")) {
      return JIT;
    }
    return OTHER;
  }

  /** {@code after - before}, per group. */
  static Map<String, Double> minus(Map<String, Double> after, Map<String, Double> before) {
    Map<String, Double> d = new LinkedHashMap<>();
    after.forEach((k, v) -> d.put(k, v - before.getOrDefault(k, 0.0)));
    return d;
  }
}
