package io.netdrift.benchmarks.endtoend;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A {@link Producer} that reports when the broker acknowledged each record ({@link
 * System#nanoTime()} in the producer's I/O thread, before the caller's own callback): what the
 * latency benchmark takes as a record's append time. Everything else goes to the wrapped producer.
 */
final class AckTimingProducer {
  private AckTimingProducer() {}

  /** Called once per acknowledged record, in the producer's I/O thread: keep it short. */
  @FunctionalInterface
  interface AckListener {
    void acked(String topic, String key, long timestampMs, long ackNanos);
  }

  @SuppressWarnings("unchecked")
  static Producer<String, byte[]> wrap(Producer<String, byte[]> producer, AckListener listener) {
    return (Producer<String, byte[]>)
        Proxy.newProxyInstance(
            Producer.class.getClassLoader(),
            new Class<?>[] {Producer.class},
            (proxy, method, args) -> {
              if (method.getName().equals("send") && args != null && args.length == 2) {
                ProducerRecord<String, byte[]> record = (ProducerRecord<String, byte[]>) args[0];
                Callback callback = (Callback) args[1];
                args =
                    new Object[] {
                      record,
                      (Callback)
                          (metadata, exception) -> {
                            if (exception == null) {
                              listener.acked(
                                  record.topic(),
                                  record.key(),
                                  record.timestamp(),
                                  System.nanoTime());
                            }
                            if (callback != null) {
                              callback.onCompletion(metadata, exception);
                            }
                          }
                    };
              }
              try {
                return method.invoke(producer, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
