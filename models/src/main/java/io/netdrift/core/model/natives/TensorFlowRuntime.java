package io.netdrift.core.model.natives;

import ai.djl.engine.Engine;
import io.netdrift.core.model.runtime.DeviceSelection;
import io.netdrift.core.model.runtime.DeviceSelection.ResolvedDevice;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Native bootstrap for TensorFlow 2.16 (TF Java 1.0.0) shared by TF Java (training) and DJL's
 * TensorFlow engine (serving), so one copy of the runtime is loaded per JVM and nothing is ever
 * downloaded.
 *
 * <p>The natives come from the {@code tensorflow-core-native} jar on the classpath (classifier
 * {@code linux-x86_64}, or {@code linux-x86_64-gpu} under {@code -Pgpu}). They are extracted once
 * into {@code ~/.cache/netdrift/tensorflow-<version>-<classifier>} (override with the system
 * property {@value #CACHE_DIR_PROPERTY}) by writing to a temporary sibling and renaming it, so
 * concurrent TaskManagers never see half a library. Then, before any engine class loads:
 *
 * <ul>
 *   <li>{@code TENSORFLOW_LIBRARY_PATH} points DJL at that directory (DJL otherwise downloads);
 *   <li>{@code org.bytedeco.javacpp.platform.preloadpath} + {@code pathsFirst} make JavaCPP (TF
 *       Java) load the same files instead of extracting its own copy;
 *   <li>{@code ai.djl.offline=true}.
 * </ul>
 *
 * Call {@link #ensureLoaded()} before touching {@code org.tensorflow} or {@code ai.djl}.
 */
public final class TensorFlowRuntime {
  private static final Logger LOG = LoggerFactory.getLogger(TensorFlowRuntime.class);

  /** System property overriding the extraction root (default {@code ~/.cache/netdrift}). */
  public static final String CACHE_DIR_PROPERTY = "netdrift.native.cache";

  static final String TF_VERSION = "1.0.0";
  private static final String RESOURCE_ROOT = "org/tensorflow/internal/c_api/";
  private static final String[] LIBRARIES = {
    "libtensorflow_framework.so.2", "libtensorflow_cc.so.2", "libjnitensorflow.so"
  };
  private static final String COMPLETE_MARKER = ".complete";

  private static volatile NativeLibraries loaded;

  private TensorFlowRuntime() {}

  /** Where the natives were found and whether they are the GPU build. */
  public record NativeLibraries(Path directory, String classifier, boolean gpu) {}

  /**
   * Extracts the natives if needed and sets the system properties; idempotent and thread-safe.
   *
   * @throws IllegalStateException when no native jar for this platform is on the classpath
   */
  public static NativeLibraries ensureLoaded() {
    NativeLibraries n = loaded;
    if (n != null) {
      return n;
    }
    synchronized (TensorFlowRuntime.class) {
      if (loaded == null) {
        loaded = bootstrap();
      }
      return loaded;
    }
  }

  private static NativeLibraries bootstrap() {
    System.setProperty("ai.djl.offline", "true");
    String preset =
        System.getProperty("TENSORFLOW_LIBRARY_PATH", System.getenv("TENSORFLOW_LIBRARY_PATH"));
    if (preset != null && Files.isRegularFile(Path.of(preset, "libjnitensorflow.so"))) {
      // An operator pre-installed the natives (e.g. a GPU TaskManager image): use them as they are.
      boolean gpu = preset.contains("gpu");
      NativeLibraries n = new NativeLibraries(Path.of(preset), gpu ? "preset-gpu" : "preset", gpu);
      setProperties(n.directory());
      LOG.info("TensorFlow natives from TENSORFLOW_LIBRARY_PATH={}", preset);
      return n;
    }
    String os = System.getProperty("os.name", "").toLowerCase();
    String arch = System.getProperty("os.arch", "");
    if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
      throw new IllegalStateException(
          "netdrift ships TensorFlow natives for linux-x86_64 only; this JVM runs on "
              + os
              + "/"
              + arch);
    }
    // The GPU jar wins when both are on the classpath (-Pgpu replaces the CPU one anyway).
    for (String classifier : new String[] {"linux-x86_64-gpu", "linux-x86_64"}) {
      URL probe = resource(RESOURCE_ROOT + classifier + "/libjnitensorflow.so");
      if (probe != null) {
        Path dir = cacheRoot().resolve("tensorflow-" + TF_VERSION + "-" + classifier);
        extractOnce(classifier, dir);
        setProperties(dir);
        boolean gpu = classifier.endsWith("gpu");
        LOG.info(
            "TensorFlow {} natives ({}) in {}; offline, nothing is downloaded",
            TF_VERSION,
            classifier,
            dir);
        return new NativeLibraries(dir, classifier, gpu);
      }
    }
    throw new IllegalStateException(
        "no TensorFlow natives on the classpath: expected org.tensorflow:tensorflow-core-native:"
            + TF_VERSION
            + " with classifier linux-x86_64 (or linux-x86_64-gpu with -Pgpu)");
  }

  private static void setProperties(Path dir) {
    String d = dir.toAbsolutePath().toString();
    System.setProperty("TENSORFLOW_LIBRARY_PATH", d);
    System.setProperty("org.bytedeco.javacpp.platform.preloadpath", d);
    System.setProperty("org.bytedeco.javacpp.pathsFirst", "true");
    System.setProperty("ai.djl.offline", "true");
  }

  static Path cacheRoot() {
    String override = System.getProperty(CACHE_DIR_PROPERTY);
    if (override != null && !override.isBlank()) {
      return Path.of(override);
    }
    return Path.of(System.getProperty("user.home"), ".cache", "netdrift");
  }

  private static URL resource(String name) {
    ClassLoader cl = Thread.currentThread().getContextClassLoader();
    URL url = cl == null ? null : cl.getResource(name);
    return url != null ? url : TensorFlowRuntime.class.getClassLoader().getResource(name);
  }

  /** Extracts the three libraries into {@code dir} unless a complete copy is already there. */
  static void extractOnce(String classifier, Path dir) {
    if (Files.isRegularFile(dir.resolve(COMPLETE_MARKER))) {
      return;
    }
    try {
      Files.createDirectories(dir.getParent());
      Path tmp = Files.createTempDirectory(dir.getParent(), dir.getFileName() + ".tmp");
      try {
        long start = System.nanoTime();
        for (String lib : LIBRARIES) {
          URL url = resource(RESOURCE_ROOT + classifier + "/" + lib);
          if (url == null) {
            throw new IllegalStateException(
                "TensorFlow native jar (" + classifier + ") lacks " + lib + ": corrupt jar?");
          }
          try (InputStream in = url.openStream()) {
            Files.copy(in, tmp.resolve(lib), StandardCopyOption.REPLACE_EXISTING);
          }
        }
        Files.writeString(tmp.resolve(COMPLETE_MARKER), TF_VERSION + " " + classifier + "\n");
        try {
          Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
          LOG.info(
              "extracted TensorFlow natives to {} in {} ms",
              dir,
              (System.nanoTime() - start) / 1_000_000);
        } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
          // Another JVM won the race (or left an incomplete directory behind).
          if (!Files.isRegularFile(dir.resolve(COMPLETE_MARKER))) {
            deleteTree(dir);
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
          }
        } catch (IOException e) {
          if (!Files.isRegularFile(dir.resolve(COMPLETE_MARKER))) {
            throw e;
          }
        }
      } finally {
        deleteTree(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot extract TensorFlow natives to " + dir, e);
    }
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(q);
      }
    }
  }

  /**
   * Loads the natives and resolves the device against what the runtime sees.
   *
   * @throws IllegalStateException when an explicitly requested GPU is not available
   */
  public static ResolvedDevice resolveDevice(DeviceSelection device) {
    NativeLibraries natives = ensureLoaded();
    int gpus = natives.gpu() ? visibleGpus() : 0;
    ResolvedDevice resolved = device.resolve(gpus, natives.gpu());
    LOG.info(
        "TensorFlow device: {} [requested {}, natives {}, {} GPU(s) visible]",
        resolved.description(),
        device,
        natives.classifier(),
        gpus);
    return resolved;
  }

  private static int visibleGpus() {
    try {
      return Engine.getEngine("TensorFlow").getGpuCount();
    } catch (RuntimeException | LinkageError e) {
      LOG.warn("cannot count GPUs ({}); assuming none", e.toString());
      return 0;
    }
  }
}
