package io.netdrift.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JavaScript recipe of {@code docs/clients.md} ({@code docs/clients/js/recipe.js}) against the
 * running job: its npm dependencies are installed with {@code npm ci} from the committed lock file
 * into a temporary directory, then Node produces telemetry in Avro single-object encoding and reads
 * the job's predictions with read_committed; {@link ClientRecipeSupport} checks both against what
 * the job decoded and committed. Skipped (an assumption, with the reason) when {@code node} or
 * {@code npm} is not installed or npm cannot reach its registry.
 */
class JavaScriptClientITCase {
  @RegisterExtension static final JobClusterExtension CLUSTER = new JobClusterExtension(2, 2);

  @Test
  void theJavaScriptRecipeProducesTelemetryAndReadsTheJobsPredictions(@TempDir Path dir)
      throws Exception {
    assumeTrue(
        ClientRecipeSupport.runs(dir, 30, "node", "--version"),
        "node is not installed: JavaScript recipe skipped");
    assumeTrue(
        ClientRecipeSupport.runs(dir, 30, "npm", "--version"),
        "npm is not installed: JavaScript recipe skipped");
    assumeTrue(
        ClientRecipeSupport.runs(dir, 60, "npm", "ping"),
        "npm cannot reach its registry (npm ping failed): JavaScript recipe skipped");
    Path recipe = RepositoryFiles.path("docs/clients/js");
    Path work = Files.createDirectories(dir.resolve("js"));
    try (Stream<Path> files = Files.list(recipe)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Files.copy(f, work.resolve(f.getFileName()));
      }
    }
    ClientRecipeSupport.Result install =
        ClientRecipeSupport.run(work, Map.of(), 300, "npm", "ci", "--no-audit", "--no-fund");
    assertThat(install.exit()).as("npm ci:\n%s", install.output()).isZero();

    ClientRecipeSupport.checkAgainstTheJob(CLUSTER.kafka(), work, "node", "recipe.js");
  }
}
