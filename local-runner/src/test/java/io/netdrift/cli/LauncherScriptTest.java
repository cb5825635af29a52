package io.netdrift.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./netdrift} launcher on a machine without the right Java or Maven: run by bash with a
 * PATH that holds only the few tools it needs plus, per case, a stand-in {@code java} or {@code
 * mvn} that reports a version. Each case must end in one line saying what to do, exit code 3.
 */
class LauncherScriptTest {
  private static final Path SCRIPT = Path.of("..", "netdrift").toAbsolutePath().normalize();

  @TempDir Path dir;
  private Path bin;

  @BeforeEach
  void pathWithoutJavaOrMaven() throws IOException {
    bin = Files.createDirectories(dir.resolve("bin"));
    for (String tool : List.of("dirname", "sed", "head", "find", "cat", "touch")) {
      Path real = which(tool);
      Files.createSymbolicLink(bin.resolve(tool), real);
    }
  }

  @Test
  void noJavaOnThePathIsOneLineSayingWhatToInstall() throws Exception {
    Result result = run(SCRIPT, "--help");

    assertOneLineExit3(result)
        .startsWith("netdrift: no 'java' on the PATH: install a JDK 17 or newer");
  }

  @Test
  void anOldJavaIsOneLineNamingItsVersion() throws Exception {
    fakeJava("11.0.22");

    Result result = run(SCRIPT, "--help");

    assertOneLineExit3(result)
        .startsWith(
            "netdrift: needs Java 17 or newer, but 'java' on the PATH (" + bin.resolve("java"))
        .contains("is version 11");
  }

  @Test
  void java8IsReadByItsSpecificationVersion() throws Exception {
    fakeJava("1.8");

    Result result = run(SCRIPT, "--help");

    assertThat(result.exit).isEqualTo(3);
    assertThat(result.stderr).contains("is version 8:");
  }

  @Test
  void aBuildWithoutMavenIsOneLineSayingWhatToInstall() throws Exception {
    fakeJava("17");

    Result result = run(unbuiltCopy(), "--help");

    assertOneLineExit3(result)
        .startsWith("netdrift: the first run builds netdrift with Maven, but there is no 'mvn'");
  }

  @Test
  void aBuildWithAnOldMavenIsOneLineNamingItsVersion() throws Exception {
    fakeJava("21");
    fake("mvn", "echo 'Apache Maven 3.6.3 (cecedd343002696d0abb50b32b541b8a6ba2883f)'");

    Result result = run(unbuiltCopy(), "--help");

    assertOneLineExit3(result)
        .startsWith("netdrift: building needs Maven 3.8 or newer")
        .contains("is version 3.6");
  }

  @Test
  void aGoodJavaAndMavenPassTheCheck() throws Exception {
    fakeJava("17");
    // the stand-in Maven "builds" nothing: the launcher gets past its checks and fails later,
    // at the classpath file the build did not write, which is not a version message
    fake("mvn", "case \"$*\" in *-v*) echo 'Apache Maven 3.9.6';; *) exit 0;; esac");

    Result result = run(unbuiltCopy(), "--help");

    assertThat(result.stderr).doesNotContain("needs Java").doesNotContain("needs Maven");
    assertThat(result.stderr).contains("netdrift: building");
  }

  private static org.assertj.core.api.AbstractStringAssert<?> assertOneLineExit3(Result result) {
    assertThat(result.exit).as(result.stderr).isEqualTo(3);
    return assertThat(result.stderr.lines().toList()).singleElement().asString();
  }

  /** The script alone in a directory: nothing is built there, so it must build (needs Maven). */
  private Path unbuiltCopy() throws IOException {
    Path copy = Files.createDirectories(dir.resolve("repo")).resolve("netdrift");
    Files.copy(SCRIPT, copy);
    return copy;
  }

  private void fakeJava(String specificationVersion) throws IOException {
    fake(
        "java",
        "echo 'Property settings:' >&2; echo '    java.specification.version = "
            + specificationVersion
            + "' >&2; echo '    java.vm.specification.version = "
            + specificationVersion
            + "' >&2");
  }

  private void fake(String name, String body) throws IOException {
    Path file = bin.resolve(name);
    Files.writeString(file, "#!" + which("bash") + "\n" + body + "\n", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private record Result(int exit, String stderr) {}

  private Result run(Path script, String... args) throws Exception {
    List<String> command =
        new java.util.ArrayList<>(List.of(which("bash").toString(), script.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().clear();
    builder.environment().put("PATH", bin.toString());
    builder.environment().put("HOME", dir.toString());
    builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    Process process = builder.start();
    String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), stderr);
  }

  private static Path which(String tool) {
    for (String entry : System.getenv("PATH").split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(entry, tool);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(tool + " is not on this machine's PATH");
  }
}
