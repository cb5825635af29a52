package io.netdrift.local;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the full log of a {@code ./netdrift} command goes: the launcher sets the system property
 * {@value #PROPERTY} before anything logs, and {@code log4j2-cli.properties} writes INFO and up
 * there while the console shows warnings only. Empty when run otherwise (tests, a cluster).
 */
public final class LogFile {
  /** The system property naming the file (read by {@code log4j2-cli.properties}). */
  public static final String PROPERTY = "netdrift.logFile";

  private LogFile() {}

  public static Optional<Path> current() {
    String file = System.getProperty(PROPERTY);
    return file == null || file.isBlank() ? Optional.empty() : Optional.of(Path.of(file));
  }
}
