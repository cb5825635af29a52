/**
 * The job's view of the network: latest OD demand and failure state, turned into per-link drift
 * signals with the routing prior.
 */
package io.netdrift.flink.network;
