package io.netdrift.flink.forecast;

import io.netdrift.core.adaptation.AdaptationAction;
import io.netdrift.core.network.DirectedLink;
import io.netdrift.schema.AdaptationEvent;
import io.netdrift.schema.AdaptationEventType;

/** Builds the Avro {@link AdaptationEvent}s of the forecast operator from the core's actions. */
final class AdaptationEvents {
  private AdaptationEvents() {}

  /** An adaptive lane's action for one link (or its whole scope when the action has no link). */
  static AdaptationEvent of(AdaptationAction a, String lane, long nowMs) {
    AdaptationEvent.Builder event =
        AdaptationEvent.newBuilder()
            .setType(AdaptationEventType.valueOf(a.type().name()))
            .setScope(a.linkKey() != null ? "link" : "strategy")
            .setStrategy(lane)
            .setRegime(a.scope())
            .setModelVersionBefore(a.versionBefore() >= 0 ? a.versionBefore() : null)
            .setModelVersionAfter(a.versionAfter() >= 0 ? a.versionAfter() : null)
            .setSamples(a.samples() >= 0 ? a.samples() : null)
            .setLatencyMs(a.latencyMs() >= 0 ? a.latencyMs() : null)
            .setErrorBefore(Double.isFinite(a.errorBefore()) ? a.errorBefore() : null)
            .setErrorAfter(Double.isFinite(a.errorAfter()) ? a.errorAfter() : null)
            .setEventTimeMs(a.eventTimeMs() == Long.MIN_VALUE ? 0 : a.eventTimeMs())
            .setProcessingTimeMs(nowMs)
            .setDetail(a.detail());
    if (a.linkKey() != null) {
      DirectedLink link = DirectedLink.parse(a.linkKey());
      event.setLinkId(link.linkId()).setSrcNode(link.srcNode()).setDstNode(link.dstNode());
    }
    return event.build();
  }
}
