package io.netdrift.benchmarks.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdrift.job.config.JobConfig;
import io.netdrift.job.config.JobConfig.Topic;
import org.junit.jupiter.api.Test;

class RunTopicsTest {

  @Test
  void jobArgsNameTheRunsTopicsGroupAndTransactionalIds() {
    RunTopics topics = new RunTopics("e2e-", "in1", "out1").withOutputs("netdrift-2-in1");
    JobConfig config = JobConfig.fromArgs(topics.jobArgs("localhost:1").toArray(String[]::new));

    assertThat(config.get(JobConfig.BOOTSTRAP_SERVERS)).isEqualTo("localhost:1");
    assertThat(config.topic(Topic.TELEMETRY)).isEqualTo("e2e-telemetry-in1");
    assertThat(config.topic(Topic.TRAFFIC)).isEqualTo("e2e-traffic-in1");
    assertThat(config.topic(Topic.NETWORK_EVENTS)).isEqualTo("e2e-events-in1");
    assertThat(config.topic(Topic.PREDICTIONS)).isEqualTo("e2e-predictions-netdrift-2-in1");
    assertThat(config.topic(Topic.ADAPTATION_EVENTS)).isEqualTo("e2e-adaptation-netdrift-2-in1");
    assertThat(config.topic(Topic.DEAD_LETTERS)).isEqualTo("e2e-dead-letters-netdrift-2-in1");
    assertThat(config.get(JobConfig.CONSUMER_GROUP_ID)).isEqualTo("e2e-netdrift-2-in1");
    assertThat(config.get(JobConfig.TRANSACTIONAL_ID_PREFIX)).isEqualTo("e2e-netdrift-2-in1");
  }
}
