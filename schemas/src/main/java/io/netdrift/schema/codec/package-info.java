/**
 * The value formats of the topics' records: Avro single-object encoding ({@link
 * io.netdrift.schema.codec.AvroCodec}), and the Confluent schema-registry wire format ({@link
 * io.netdrift.schema.codec.RegistryAvroCodec}) with a client of the Confluent-compatible registry
 * API. Both tell undecodable bytes from another schema and read compatible older schema versions.
 */
package io.netdrift.schema.codec;
