package io.netdrift.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DemoCommandTest {

  @Test
  void aBusyDashboardPortIsOneLineNamingTheFlagAndNothingStarts() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      int port = taken.getLocalPort();
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      CommandLine cmd = new CommandLine(new DemoCommand());
      cmd.setOut(new PrintWriter(out));
      cmd.setErr(new PrintWriter(err));

      int code = cmd.execute("--web-port", String.valueOf(port), "--strategies", "persistence");

      assertThat(code).isEqualTo(2);
      assertThat(err.toString().lines().toList())
          .containsExactly(
              "configuration error: the dashboard port "
                  + port
                  + " on 127.0.0.1 is already in use (another demo or Flink?); choose a free one"
                  + " with --web-port");
      assertThat(out.toString()).isEmpty();
    }
  }

  @Test
  void aModelDirectoryThatDoesNotExistIsOneLineAndNothingStarts(@TempDir Path dir)
      throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    Path missing = dir.resolve("no-such-model");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = new CommandLine(new DemoCommand());
    cmd.setOut(new PrintWriter(out));
    cmd.setErr(new PrintWriter(err));

    int code =
        cmd.execute(
            "--web-port", String.valueOf(port), "--strategies", "persistence,static=" + missing);

    assertThat(code).isEqualTo(2);
    assertThat(err.toString().lines().toList())
        .containsExactly(
            "configuration error: lane 'static': model directory "
                + missing
                + " does not exist (train one with ./netdrift train --model cfc --input"
                + " DIR/link_load.csv --out "
                + missing
                + ", or leave the lane out of --strategies)");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void theBindAddressDefaultsToLoopback() {
    DemoCommand demo = new DemoCommand();
    new CommandLine(demo).parseArgs();
    assertThat(demo.bindAddress).isEqualTo("127.0.0.1");
    new CommandLine(demo).parseArgs("--bind-address", "0.0.0.0");
    assertThat(demo.bindAddress).isEqualTo("0.0.0.0");
  }
}
