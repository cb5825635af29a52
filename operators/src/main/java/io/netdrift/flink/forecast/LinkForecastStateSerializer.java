package io.netdrift.flink.forecast;

import io.netdrift.core.forecast.LinkForecastState;
import io.netdrift.core.forecast.LinkForecastStateCodec;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink's serializer of the per-link {@link LinkForecastState}: the layout of {@link
 * LinkForecastStateCodec}, which carries its own version byte, so the serializer (and its snapshot)
 * stay the same across releases and a newer job reads an older savepoint (see the codec for how the
 * layout evolves).
 *
 * <p>Why not the POJO serializer Flink would infer: the state holds live drift detectors and
 * recovery trackers, updated in place per sample and encoded only here, when the backend serializes
 * (RocksDB: every access; heap: checkpoints and copy-on-write), instead of once per sample.
 */
public final class LinkForecastStateSerializer extends TypeSerializer<LinkForecastState> {
  private static final long serialVersionUID = 1L;

  public static final LinkForecastStateSerializer INSTANCE = new LinkForecastStateSerializer();

  @Override
  public boolean isImmutableType() {
    return false;
  }

  @Override
  public TypeSerializer<LinkForecastState> duplicate() {
    return this; // stateless
  }

  @Override
  public LinkForecastState createInstance() {
    return new LinkForecastState();
  }

  @Override
  public LinkForecastState copy(LinkForecastState from) {
    return from.copy();
  }

  @Override
  public LinkForecastState copy(LinkForecastState from, LinkForecastState reuse) {
    return from.copy();
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public void serialize(LinkForecastState record, DataOutputView target) throws IOException {
    LinkForecastStateCodec.write(record, target);
  }

  @Override
  public LinkForecastState deserialize(DataInputView source) throws IOException {
    return LinkForecastStateCodec.read(source);
  }

  @Override
  public LinkForecastState deserialize(LinkForecastState reuse, DataInputView source)
      throws IOException {
    return deserialize(source);
  }

  @Override
  public void copy(DataInputView source, DataOutputView target) throws IOException {
    serialize(deserialize(source), target);
  }

  @Override
  public boolean equals(Object obj) {
    return obj instanceof LinkForecastStateSerializer;
  }

  @Override
  public int hashCode() {
    return LinkForecastStateSerializer.class.hashCode();
  }

  @Override
  public TypeSerializerSnapshot<LinkForecastState> snapshotConfiguration() {
    return new Snapshot();
  }

  /** The serializer has no configuration: its snapshot only names it. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<LinkForecastState> {
    public Snapshot() {
      super(() -> INSTANCE);
    }
  }
}
