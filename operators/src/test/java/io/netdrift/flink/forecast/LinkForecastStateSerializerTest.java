package io.netdrift.flink.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import io.netdrift.core.drift.DetectorCodec;
import io.netdrift.core.drift.DriftDetectors;
import io.netdrift.core.drift.FailureAwareDriftSignal;
import io.netdrift.core.forecast.LinkForecastState;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class LinkForecastStateSerializerTest {
  private final LinkForecastStateSerializer serializer = LinkForecastStateSerializer.INSTANCE;

  private static LinkForecastState state() {
    LinkForecastState s = LinkForecastState.create(8, 2, 1, new int[] {0, 3});
    s.append(1_000, 5f, 50f);
    s.append(2_000, 6f, 50f);
    s.recurrentState[1][2] = 0.5f;
    s.driftSignals[0] = new FailureAwareDriftSignal(DriftDetectors.create("page-hinkley"), 2);
    s.driftSignals[0].update(2_000, 0.3);
    return s;
  }

  @Test
  void serializesThroughFlinksViews() throws Exception {
    LinkForecastState original = state();
    DataOutputSerializer out = new DataOutputSerializer(64);
    serializer.serialize(original, out);
    LinkForecastState restored =
        serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));

    assertThat(restored)
        .usingRecursiveComparison()
        .ignoringFields("driftSignals", "recoveryTrackers")
        .isEqualTo(original);
    assertThat(DetectorCodec.toBytes(restored.driftSignals[0]))
        .isEqualTo(DetectorCodec.toBytes(original.driftSignals[0]));

    DataOutputSerializer copied = new DataOutputSerializer(64);
    serializer.copy(new DataInputDeserializer(out.getCopyOfBuffer()), copied);
    assertThat(copied.getCopyOfBuffer()).isEqualTo(out.getCopyOfBuffer());
  }

  @Test
  void copyIsIndependentOfTheOriginal() {
    LinkForecastState original = state();
    byte[] before = DetectorCodec.toBytes(original.driftSignals[0]);
    LinkForecastState copy = serializer.copy(original);
    copy.driftSignals[0].update(3_000, 9.0);
    copy.recurrentState[1][2] = 7f;
    assertThat(DetectorCodec.toBytes(original.driftSignals[0])).isEqualTo(before);
    assertThat(original.recurrentState[1][2]).isEqualTo(0.5f);
  }

  @Test
  void aRestoredSnapshotAcceptsTheSerializerAsIs() throws Exception {
    DataOutputSerializer out = new DataOutputSerializer(64);
    TypeSerializerSnapshot.writeVersionedSnapshot(out, serializer.snapshotConfiguration());
    TypeSerializerSnapshot<LinkForecastState> restored =
        TypeSerializerSnapshot.readVersionedSnapshot(
            new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());

    TypeSerializerSchemaCompatibility<LinkForecastState> compatibility =
        serializer.snapshotConfiguration().resolveSchemaCompatibility(restored);
    assertThat(compatibility.isCompatibleAsIs()).isTrue();
    assertThat(restored.restoreSerializer()).isEqualTo(serializer);
  }
}
