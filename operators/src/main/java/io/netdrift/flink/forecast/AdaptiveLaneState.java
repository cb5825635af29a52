package io.netdrift.flink.forecast;

import io.netdrift.core.adaptation.AdaptiveLane;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.runtime.state.StateInitializationContext;

/**
 * The forecast operator's operator state: one {@link AdaptiveLane#snapshot() snapshot} per adaptive
 * lane and subtask (versions, scopes with their samples, regime memory), tagged with the subtask
 * and parallelism that wrote it; keyed state holds everything per link.
 *
 * <p>Union redistribution: after a restore every subtask sees every entry. At the same parallelism
 * a subtask takes its own entry back; after a rescale it merges every entry of its lane, keeping
 * the links it now owns ({@link AdaptiveLane#restore(List, Predicate)}). With the default
 * round-robin redistribution a scale-out left the new subtasks without their links' scopes and
 * versions, and a scale-in kept one old subtask's entry and dropped the others.
 */
final class AdaptiveLaneState {
  /** The state before entries were tagged (split redistribution): still read from old snapshots. */
  private static final String LEGACY_NAME = "adaptive-lanes";

  private static final String NAME = "adaptive-lanes-by-subtask";

  /** One lane's snapshot as a subtask wrote it. */
  private record Entry(int subtask, int parallelism, byte[] snapshot) {
    byte[] encode() {
      try {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(subtask);
        out.writeInt(parallelism);
        out.write(snapshot);
        out.flush();
        return bytes.toByteArray();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    static Entry decode(byte[] bytes) {
      try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
        int subtask = in.readInt();
        int parallelism = in.readInt();
        return new Entry(subtask, parallelism, in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException("corrupt adaptive-lane state entry", e);
      }
    }
  }

  private final ListState<byte[]> state;
  private final List<Entry> restored;
  private final List<byte[]> restoredLegacy;
  private final int subtask;
  private final int parallelism;

  private AdaptiveLaneState(
      ListState<byte[]> state,
      List<Entry> restored,
      List<byte[]> restoredLegacy,
      int subtask,
      int parallelism) {
    this.state = state;
    this.restored = restored;
    this.restoredLegacy = restoredLegacy;
    this.subtask = subtask;
    this.parallelism = parallelism;
  }

  /** Registers the state and reads what a restore brought back. */
  static AdaptiveLaneState initialize(
      StateInitializationContext context, int subtask, int parallelism) throws Exception {
    ListState<byte[]> state =
        context
            .getOperatorStateStore()
            .getUnionListState(
                new ListStateDescriptor<>(
                    NAME, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    ListState<byte[]> legacy =
        context
            .getOperatorStateStore()
            .getListState(
                new ListStateDescriptor<>(
                    LEGACY_NAME, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    List<Entry> restored = new ArrayList<>();
    List<byte[]> restoredLegacy = new ArrayList<>();
    if (context.isRestored()) {
      for (byte[] entry : state.get()) {
        restored.add(Entry.decode(entry));
      }
      for (byte[] entry : legacy.get()) {
        restoredLegacy.add(entry);
      }
    }
    legacy.clear();
    return new AdaptiveLaneState(state, restored, restoredLegacy, subtask, parallelism);
  }

  /**
   * Restores the lane's checkpointed state into it, if there is one: its own entry at the same
   * parallelism, the merge of every entry of the lane after a rescale.
   *
   * @param ownsLink whether a link key is routed to this subtask
   */
  void restoreInto(AdaptiveLane lane, Predicate<String> ownsLink) {
    List<Entry> ofLane =
        restored.stream()
            .filter(e -> AdaptiveLane.laneOf(e.snapshot()).equals(lane.lane()))
            .toList();
    if (!ofLane.isEmpty()) {
      if (ofLane.stream().allMatch(e -> e.parallelism() == parallelism)) {
        ofLane.stream()
            .filter(e -> e.subtask() == subtask)
            .findFirst()
            .ifPresent(e -> lane.restore(e.snapshot()));
      } else {
        lane.restore(ofLane.stream().map(Entry::snapshot).toList(), ownsLink);
      }
      return;
    }
    List<byte[]> legacy =
        restoredLegacy.stream().filter(e -> AdaptiveLane.laneOf(e).equals(lane.lane())).toList();
    if (!legacy.isEmpty()) {
      // an entry without its subtask: merge what arrived here, keeping the links this one owns
      lane.restore(legacy, ownsLink);
    }
  }

  /** Stores the adaptive lanes' snapshots for the checkpoint. */
  void snapshot(ServingLane[] lanes) throws Exception {
    List<byte[]> entries = new ArrayList<>();
    for (ServingLane lane : lanes) {
      if (lane.adaptive != null) {
        entries.add(new Entry(subtask, parallelism, lane.adaptive.snapshot()).encode());
      }
    }
    state.update(entries);
  }
}
