package io.netdrift.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Files of the repository outside the Maven modules (dashboards, docs, schemas), for tests. */
final class RepositoryFiles {
  private RepositoryFiles() {}

  /** {@code relative} under the repository root, found from the module's directory or the root. */
  static Path path(String relative) {
    for (Path base : List.of(Path.of(".."), Path.of("."))) {
      Path p = base.resolve(relative).toAbsolutePath().normalize();
      if (Files.exists(p)) {
        return p;
      }
    }
    throw new IllegalStateException(relative + " not found from " + Path.of(".").toAbsolutePath());
  }
}
