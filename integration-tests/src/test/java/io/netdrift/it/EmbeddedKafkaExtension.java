package io.netdrift.it;

import io.netdrift.local.EmbeddedKafka;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** One in-process KRaft broker ({@link EmbeddedKafka}) for all tests of a class. */
final class EmbeddedKafkaExtension implements BeforeAllCallback, AfterAllCallback {
  private EmbeddedKafka kafka;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    kafka = EmbeddedKafka.start();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (kafka != null) {
      kafka.close();
    }
  }

  EmbeddedKafka kafka() {
    return kafka;
  }

  String bootstrapServers() {
    return kafka.bootstrapServers();
  }
}
