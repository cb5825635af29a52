/**
 * The embedded default: an in-process KRaft Kafka broker, the demo runner on a Flink MiniCluster
 * and the read_committed monitor of its output topics. Never part of the job jar's cluster path.
 */
package io.netdrift.local;
