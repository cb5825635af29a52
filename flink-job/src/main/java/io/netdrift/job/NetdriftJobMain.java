package io.netdrift.job;

import io.netdrift.job.config.JobConfig;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Entry point of the shaded job jar: {@code flink run netdrift-flink-job-*-job.jar
 * --bootstrap-servers kafka:9092 [--config netdrift.yaml] [--key value ...]}.
 */
public final class NetdriftJobMain {
  private NetdriftJobMain() {}

  public static void main(String[] args) throws Exception {
    JobConfig config = JobConfig.fromArgs(args);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    NetdriftJob.attach(env, config);
    env.execute("netdrift");
  }
}
