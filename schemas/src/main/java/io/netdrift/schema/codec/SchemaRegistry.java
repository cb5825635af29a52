package io.netdrift.schema.codec;

import org.apache.avro.Schema;

/**
 * The two calls a schema-registry value format needs: a writer registers its schema under a subject
 * and gets the id it puts in front of every value; a reader looks up the writer schema of an id.
 * Ids are immutable in a registry, so answers may be cached for good. {@link
 * ConfluentRegistryClient} implements it over the Confluent-compatible REST API.
 */
public interface SchemaRegistry {

  /** The id of {@code schema} under {@code subject}, registering it as a new version if needed. */
  int register(String subject, Schema schema) throws SchemaRegistryException;

  /** The schema with this id. */
  Schema schemaById(int id) throws SchemaRegistryException;

  /** Where the registry is, for messages (no credentials). */
  String location();

  /** Why a registry call failed. */
  final class SchemaRegistryException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What kind of failure; decides the dead letter's reason code. */
    public enum Kind {
      /** The registry answered that it has no such schema id (or subject). */
      NOT_FOUND,
      /**
       * The registry answered, and refused: incompatible or invalid schema, not Avro, no access.
       */
      REFUSED,
      /** No answer: unreachable, timed out, or a server error. Worth retrying later. */
      UNAVAILABLE
    }

    private final Kind kind;

    public SchemaRegistryException(Kind kind, String message, Throwable cause) {
      super(message, cause);
      this.kind = kind;
    }

    public Kind kind() {
      return kind;
    }
  }
}
