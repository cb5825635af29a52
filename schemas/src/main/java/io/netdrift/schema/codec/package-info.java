/**
 * Avro single-object encoding of the topics' records: tells undecodable bytes from another schema,
 * and reads registered older schema versions.
 */
package io.netdrift.schema.codec;
