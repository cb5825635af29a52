package io.netdrift.schema.codec;

import io.netdrift.schema.codec.SchemaRegistry.SchemaRegistryException.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * A registry held in a map, for the codec's unit tests: ids from 1 up, one per distinct schema, and
 * a switch that makes every call fail as unreachable. The HTTP client is tested against a real
 * registry server in {@code SchemaRegistryITCase}.
 */
final class InMemorySchemaRegistry implements SchemaRegistry {
  private final List<Schema> schemas = new ArrayList<>();
  private final Map<String, Integer> subjects = new ConcurrentHashMap<>();
  private boolean down;
  int lookups;
  int registrations;

  void down(boolean down) {
    this.down = down;
  }

  @Override
  public synchronized int register(String subject, Schema schema) throws SchemaRegistryException {
    check();
    registrations++;
    int index = schemas.indexOf(schema);
    if (index < 0) {
      schemas.add(schema);
      index = schemas.size() - 1;
    }
    subjects.put(subject, index + 1);
    return index + 1;
  }

  @Override
  public synchronized Schema schemaById(int id) throws SchemaRegistryException {
    check();
    lookups++;
    if (id < 1 || id > schemas.size()) {
      throw new SchemaRegistryException(Kind.NOT_FOUND, "schema id " + id + " is unknown", null);
    }
    return schemas.get(id - 1);
  }

  Integer idOf(String subject) {
    return subjects.get(subject);
  }

  @Override
  public String location() {
    return "memory";
  }

  private void check() throws SchemaRegistryException {
    if (down) {
      throw new SchemaRegistryException(Kind.UNAVAILABLE, "registry at memory unreachable", null);
    }
  }
}
