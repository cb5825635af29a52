package io.netdrift.flink.forecast;

import io.netdrift.core.adaptation.AdaptiveLane;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.runtime.state.StateInitializationContext;

/**
 * The forecast operator's operator state: one {@link AdaptiveLane#snapshot() snapshot} per adaptive
 * lane and subtask (versions, scopes with their samples, regime memory); keyed state holds
 * everything per link.
 */
final class AdaptiveLaneState {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(ForecastOperator.class);

  private final ListState<byte[]> state;
  private final List<byte[]> restored;

  private AdaptiveLaneState(ListState<byte[]> state, List<byte[]> restored) {
    this.state = state;
    this.restored = restored;
  }

  /** Registers the state and reads what a restore brought back. */
  static AdaptiveLaneState initialize(StateInitializationContext context) throws Exception {
    ListState<byte[]> state =
        context
            .getOperatorStateStore()
            .getListState(
                new ListStateDescriptor<>(
                    "adaptive-lanes", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    List<byte[]> restored = new ArrayList<>();
    if (context.isRestored()) {
      for (byte[] entry : state.get()) {
        restored.add(entry);
      }
    }
    return new AdaptiveLaneState(state, restored);
  }

  /** Restores the lane's checkpointed state into it, if there is one. */
  void restoreInto(AdaptiveLane lane) {
    boolean done = false;
    for (byte[] entry : restored) {
      if (AdaptiveLane.laneOf(entry).equals(lane.lane())) {
        if (done) {
          // after a rescale a subtask may receive another subtask's lane state: keep the first
          LOG.warn(
              "lane {}: more than one adaptive-lane state restored; keeping the first",
              lane.lane());
          break;
        }
        lane.restore(entry);
        done = true;
      }
    }
  }

  /** Stores the adaptive lanes' snapshots for the checkpoint. */
  void snapshot(ServingLane[] lanes) throws Exception {
    List<byte[]> entries = new ArrayList<>();
    for (ServingLane lane : lanes) {
      if (lane.adaptive != null) {
        entries.add(lane.adaptive.snapshot());
      }
    }
    state.update(entries);
  }
}
