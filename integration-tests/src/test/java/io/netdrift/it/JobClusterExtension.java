package io.netdrift.it;

import io.netdrift.local.EmbeddedKafka;
import org.apache.flink.runtime.testutils.InternalMiniClusterExtension;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.util.TestStreamEnvironment;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What an integration test of the whole job runs on: one in-process KRaft broker for the test class
 * and the Flink MiniCluster (one TaskManager), set as the context environment for each test. The
 * internal MiniCluster extension exposes the cluster, so a test can kill its TaskManager.
 */
final class JobClusterExtension extends InternalMiniClusterExtension {
  private final int contextParallelism;
  private EmbeddedKafka kafka;

  /**
   * @param slots task slots of the one TaskManager
   * @param contextParallelism the environment's default (the job's configuration sets its own)
   */
  JobClusterExtension(int slots, int contextParallelism) {
    super(
        new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(slots)
            .build());
    this.contextParallelism = contextParallelism;
  }

  EmbeddedKafka kafka() {
    return kafka;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    super.beforeAll(context);
    kafka = EmbeddedKafka.start();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    try {
      if (kafka != null) {
        kafka.close();
      }
    } finally {
      super.afterAll(context);
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    super.beforeEach(context);
    TestStreamEnvironment.setAsContext(getMiniCluster(), contextParallelism);
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    TestStreamEnvironment.unsetAsContext();
    super.afterEach(context);
  }
}
