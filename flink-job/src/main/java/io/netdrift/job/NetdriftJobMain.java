package io.netdrift.job;

import io.netdrift.job.config.ConfigException;
import io.netdrift.job.config.JobConfig;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Entry point of the shaded job jar: {@code flink run netdrift-flink-job-*-job.jar
 * --bootstrap-servers kafka:9092 [--config netdrift.yaml] [--key value ...]}.
 *
 * <p>A configuration error (a bad value, a topic missing on the broker, credentials Kafka refuses:
 * {@link ConfigException}, one line saying what to do) ends the submission with that line on stderr
 * and exit code 2. {@code flink run} would otherwise print it at the bottom of a page of {@code
 * ProgramInvocationException} stack trace. Where the program runs inside the JobManager
 * (application mode, target {@code embedded}) exiting would take the JobManager down, so there the
 * exception is thrown after the line.
 */
public final class NetdriftJobMain {
  /** Exit code of a configuration error. */
  public static final int CONFIGURATION_ERROR = 2;

  private NetdriftJobMain() {}

  public static void main(String[] args) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    try {
      NetdriftJob.attach(env, JobConfig.fromArgs(args));
    } catch (ConfigException e) {
      System.err.println("netdrift: " + e.getMessage());
      if (!"embedded".equals(env.getConfiguration().get(DeploymentOptions.TARGET))) {
        System.exit(CONFIGURATION_ERROR);
      }
      throw e;
    }
    env.execute("netdrift");
  }
}
