package io.netdrift.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A directory of cached, expensive-to-build entries, one per key (the demo's base models): an entry
 * is filled in a temporary sibling directory, marked complete, then atomically renamed into place,
 * so a half-written entry (an interrupted run) is never reused — an entry without its completion
 * marker is rebuilt.
 */
public final class BaseModelCache {
  /** Written last into a filled entry; its absence means the entry is not to be trusted. */
  static final String COMPLETE_MARKER = "complete.properties";

  /** Fills a directory with an entry. */
  @FunctionalInterface
  public interface Builder {
    void build(Path dir) throws Exception;
  }

  /** An entry ready to use; {@code reused} when it was there before this call. */
  public record Entry(Path dir, boolean reused) {}

  private final Path root;

  public BaseModelCache(Path root) {
    this.root = root.toAbsolutePath();
  }

  /** {@code ~/.cache/netdrift/demo-models}. */
  public static Path defaultRoot() {
    return Path.of(System.getProperty("user.home"), ".cache", "netdrift", "demo-models");
  }

  /**
   * A key for everything that changes what is built: the hex SHA-256 (first 16 bytes) of the
   * name=value pairs in their iteration order.
   */
  public static String key(Map<String, String> inputs) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      inputs.forEach(
          (name, value) ->
              sha.update((name + '=' + value + '\n').getBytes(StandardCharsets.UTF_8)));
      return HexFormat.of().formatHex(sha.digest(), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no SHA-256 in this JVM", e);
    }
  }

  public Path dirOf(String key) {
    return root.resolve(key);
  }

  /** Whether a complete entry exists for this key. */
  public boolean has(String key) {
    return Files.isRegularFile(dirOf(key).resolve(COMPLETE_MARKER));
  }

  /**
   * The complete entry for this key, built with {@code builder} first when there is none (an
   * incomplete one is deleted and rebuilt).
   */
  public Entry getOrBuild(String key, Builder builder) throws Exception {
    Path target = dirOf(key);
    if (has(key)) {
      return new Entry(target, true);
    }
    Files.createDirectories(root);
    Path tmp = Files.createTempDirectory(root, key + ".partial-");
    try {
      builder.build(tmp);
      Files.writeString(
          tmp.resolve(COMPLETE_MARKER),
          "key=" + key + "\nbuiltAt=" + java.time.Instant.now() + "\n",
          StandardCharsets.UTF_8);
      if (Files.exists(target) && !has(key)) {
        deleteTree(target); // a half-written entry from an older, non-atomic writer
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
        if (!has(key)) {
          throw e;
        }
        // another run finished the same entry first: use theirs
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("cache directory " + root + " does not support atomic renames", e);
      }
      return new Entry(target, false);
    } finally {
      deleteTree(tmp);
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
