/**
 * Kafka input and output: decoding and validating records in the source (bad ones become dead
 * letters, never exceptions) and Avro single-object encoding for the sinks.
 */
package io.netdrift.job.ingest;
