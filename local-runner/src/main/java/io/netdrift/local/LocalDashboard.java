package io.netdrift.local;

import io.netdrift.job.config.ConfigException;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;

/**
 * Where the local MiniCluster of {@code ./netdrift demo} listens and what its dashboard allows.
 * Safe by default: the dashboard (REST), the JobManager's and TaskManager's RPC and blob ports bind
 * to the loopback interface, and the dashboard cannot upload or run jars ({@code
 * web.submit.enable=false}: otherwise anyone who reaches the port runs code in the demo's JVM).
 * {@code --bind-address 0.0.0.0} opens the ports to the network; jobs can then not be cancelled
 * from the dashboard either.
 */
public final class LocalDashboard {
  private LocalDashboard() {}

  /** The Flink configuration of a local MiniCluster whose dashboard is at {@code webPort}. */
  public static Configuration flinkConfiguration(String bindAddress, int webPort) {
    boolean loopback = isLoopback(bindAddress);
    Configuration conf = new Configuration();
    conf.set(RestOptions.BIND_ADDRESS, bindAddress);
    conf.set(RestOptions.ADDRESS, connectHost(bindAddress));
    conf.set(RestOptions.BIND_PORT, String.valueOf(webPort));
    conf.set(JobManagerOptions.BIND_HOST, bindAddress);
    conf.set(TaskManagerOptions.BIND_HOST, bindAddress);
    conf.set(WebOptions.SUBMIT_ENABLE, false);
    conf.set(WebOptions.CANCEL_ENABLE, loopback);
    return conf;
  }

  /** The dashboard's address for a browser on this machine. */
  public static String url(String bindAddress, int webPort) {
    String host = connectHost(bindAddress);
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + webPort;
  }

  /**
   * Fails with one line naming {@code --web-port} when something already listens on {@code webPort}
   * (another demo, a Flink cluster): checked before the demo trains or starts anything.
   */
  public static void checkPortFree(String bindAddress, int webPort) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName(bindAddress), webPort));
    } catch (BindException e) {
      throw portInUse(bindAddress, webPort);
    } catch (UnknownHostException e) {
      throw new ConfigException(
          "--bind-address " + bindAddress + " is not an address of this host");
    } catch (IOException e) {
      throw new ConfigException(
          "--web-port " + webPort + " on " + bindAddress + " cannot be opened: " + e.getMessage());
    }
  }

  /** The one-line error for a dashboard port that is taken. */
  public static ConfigException portInUse(String bindAddress, int webPort) {
    return new ConfigException(
        "the dashboard port "
            + webPort
            + " on "
            + bindAddress
            + " is already in use (another demo or Flink?); choose a free one with --web-port");
  }

  /** Whether {@code t} or one of its causes is a port already bound. */
  public static boolean isPortInUse(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof BindException
          || (c.getMessage() != null && c.getMessage().contains("Address already in use"))) {
        return true;
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return false;
  }

  static boolean isLoopback(String bindAddress) {
    try {
      return InetAddress.getByName(bindAddress).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** Where a client on this machine connects: loopback when bound to every interface. */
  private static String connectHost(String bindAddress) {
    try {
      return InetAddress.getByName(bindAddress).isAnyLocalAddress()
          ? EmbeddedKafka.LOOPBACK
          : bindAddress;
    } catch (UnknownHostException e) {
      return bindAddress;
    }
  }
}
