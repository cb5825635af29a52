package io.netdrift.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Python recipe of {@code docs/clients.md} ({@code docs/clients/python/recipe.py}) against the
 * running job, checked as the JavaScript one ({@link ClientRecipeSupport}). PyPI is not reachable
 * where netdrift is built, so this runs only where a Python 3 already has {@code confluent_kafka}
 * and {@code avro} (pip, or Debian's python3-confluent-kafka and python3-avro; {@code
 * NETDRIFT_PYTHON} names the interpreter), and is skipped with that reason otherwise.
 */
class PythonClientITCase {
  @RegisterExtension static final JobClusterExtension CLUSTER = new JobClusterExtension(2, 2);

  @Test
  void thePythonRecipeProducesTelemetryAndReadsTheJobsPredictions(@TempDir Path dir)
      throws Exception {
    String python = null;
    String given = System.getenv("NETDRIFT_PYTHON");
    for (String candidate :
        given != null ? List.of(given) : List.of("python3", "/usr/bin/python3")) {
      if (ClientRecipeSupport.runs(dir, 30, candidate, "-c", "import confluent_kafka, avro.io")) {
        python = candidate;
        break;
      }
    }
    assumeTrue(
        python != null,
        "no python3 with the modules confluent_kafka and avro (pip install confluent-kafka avro,"
            + " or apt install python3-confluent-kafka python3-avro): Python recipe skipped");
    ClientRecipeSupport.checkAgainstTheJob(
        CLUSTER.kafka(), RepositoryFiles.path("docs/clients/python"), python, "recipe.py");
  }
}
