/**
 * The Flink job: the dataflow (NetdriftPipeline, independent of sources and sinks), its Kafka
 * wiring (NetdriftJob) and the job jar's entry point (NetdriftJobMain).
 */
package io.netdrift.job;
