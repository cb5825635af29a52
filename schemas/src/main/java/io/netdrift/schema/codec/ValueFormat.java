package io.netdrift.schema.codec;

import java.io.Serializable;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * How a topic's values are written: {@link #SINGLE_OBJECT} (Avro single-object encoding, {@link
 * AvroCodec}) or {@link #REGISTRY} (the Confluent schema-registry wire format against the registry
 * at {@link #registryUrl()}, {@link RegistryAvroCodec}). Serialisable, so a Flink source or sink
 * carries it and makes its codec in {@code open()}.
 */
public record ValueFormat(String name, String registryUrl) implements Serializable {

  public static final String SINGLE_OBJECT = "single-object";
  public static final String REGISTRY = "registry";

  public ValueFormat {
    Objects.requireNonNull(name, "name");
    registryUrl = registryUrl == null ? "" : registryUrl.strip();
    if (!name.equals(SINGLE_OBJECT) && !name.equals(REGISTRY)) {
      throw new IllegalArgumentException(
          "value format must be " + SINGLE_OBJECT + " or " + REGISTRY + ", was '" + name + "'");
    }
    if (name.equals(REGISTRY)) {
      ConfluentRegistryClient.checkUrl(registryUrl); // now, not in a task
    }
  }

  public static ValueFormat singleObject() {
    return new ValueFormat(SINGLE_OBJECT, "");
  }

  /** The schema-registry wire format against the Confluent-compatible API at {@code url}. */
  public static ValueFormat registry(String url) {
    return new ValueFormat(REGISTRY, url);
  }

  public boolean usesRegistry() {
    return name.equals(REGISTRY);
  }

  /** A new codec of {@code type} for {@code topic} (its registry client, if any, its own). */
  public <T extends SpecificRecordBase> ValueCodec<T> codec(Class<T> type, String topic) {
    return usesRegistry()
        ? new RegistryAvroCodec<>(type, topic, new ConfluentRegistryClient(registryUrl))
        : AvroCodec.of(type);
  }

  @Override
  public String toString() {
    return usesRegistry() ? REGISTRY + " (" + registryUrl + ")" : SINGLE_OBJECT;
  }
}
