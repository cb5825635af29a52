/**
 * Kafka input and output: decoding and validating records in the source (bad ones become dead
 * letters, never exceptions) and the sinks' value formats (Avro single-object encoding or the
 * schema-registry wire format).
 */
package io.netdrift.job.ingest;
