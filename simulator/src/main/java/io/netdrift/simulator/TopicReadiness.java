package io.netdrift.simulator;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Waits until just-created topics can take writes: every partition has a leader that serves it.
 *
 * <p>Why: a broker answers CreateTopics once the controller has committed the topic, learns it a
 * moment later, and its partitions become leaders after that (seconds on a loaded machine). An
 * idempotent producer that writes at once can see its first batch of a partition refused
 * (NOT_LEADER_OR_FOLLOWER) while a later batch of the same partition is accepted; the broker then
 * refuses the retried first batch as out of sequence until the producer's delivery timeout (seen in
 * CI: "Expiring 94 record(s) ... 120001 ms has passed since batch creation"). A ListOffsets request
 * is answered by the partition's leader only, so once it succeeds for every partition, so does a
 * produce.
 */
public final class TopicReadiness {
  private TopicReadiness() {}

  /**
   * Returns once every partition of {@code topics} has a serving leader.
   *
   * @throws TimeoutException if that takes longer than {@code timeout}
   * @throws ExecutionException for a non-retriable error (authorization, say)
   */
  public static void await(Admin admin, Collection<String> topics, Duration timeout)
      throws InterruptedException, ExecutionException, TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        Map<String, TopicDescription> described =
            admin.describeTopics(topics).allTopicNames().get();
        Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
        boolean everyLeader = true;
        for (TopicDescription topic : described.values()) {
          for (TopicPartitionInfo p : topic.partitions()) {
            everyLeader &= p.leader() != null && !p.leader().isEmpty();
            partitions.put(new TopicPartition(topic.name(), p.partition()), OffsetSpec.latest());
          }
        }
        if (everyLeader) {
          admin.listOffsets(partitions).all().get();
          return;
        }
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof RetriableException)) {
          throw e;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new TimeoutException(
            "the partitions of " + topics + " have no serving leader after " + timeout);
      }
      Thread.sleep(50);
    }
  }
}
