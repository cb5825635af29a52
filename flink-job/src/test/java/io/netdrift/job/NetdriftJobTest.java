package io.netdrift.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdrift.job.config.JobConfig;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.junit.jupiter.api.Test;

class NetdriftJobTest {

  @Test
  void theSinksFollowTheConfiguredDeliveryGuarantee() {
    assertThat(NetdriftJob.deliveryGuarantee(JobConfig.defaults()))
        .isEqualTo(DeliveryGuarantee.EXACTLY_ONCE);
    assertThat(
            NetdriftJob.deliveryGuarantee(
                JobConfig.fromArgs("--delivery-guarantee", "at-least-once")))
        .isEqualTo(DeliveryGuarantee.AT_LEAST_ONCE);
  }
}
