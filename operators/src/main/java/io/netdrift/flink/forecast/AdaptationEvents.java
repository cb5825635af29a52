package io.netdrift.flink.forecast;

import io.netdrift.core.adaptation.AdaptationAction;
import io.netdrift.core.drift.FailureAwareDriftSignal.Transition;
import io.netdrift.core.metrics.RecoveryTracker;
import io.netdrift.core.network.DirectedLink;
import io.netdrift.schema.AdaptationEvent;
import io.netdrift.schema.AdaptationEventType;
import io.netdrift.schema.LinkTelemetry;

/**
 * Builds the Avro {@link AdaptationEvent}s of the forecast operator: from the adaptive lanes'
 * actions, from the scoring's drift transitions and recoveries, and from network events.
 */
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

  /** A lane's rolling error on the sample's link is back near its pre-drift level. */
  static AdaptationEvent recovered(
      LinkTelemetry sample, String lane, RecoveryTracker.Recovery r, double tolerance, long nowMs) {
    return AdaptationEvent.newBuilder()
        .setType(AdaptationEventType.RECOVERED)
        .setScope("link")
        .setLinkId(sample.getLinkId())
        .setSrcNode(sample.getSrcNode())
        .setDstNode(sample.getDstNode())
        .setStrategy(lane)
        .setErrorBefore(r.preDriftRmse())
        .setErrorAfter(r.worstRmse())
        .setSamples(r.stepsToRecover())
        .setEventTimeMs(sample.getTimestampMs())
        .setProcessingTimeMs(nowMs)
        .setDetail(
            String.format(
                "rolling RMSE back within %.0f%% of its pre-drift %.1f Mbps after %d steps"
                    + " (worst %.1f Mbps)",
                100 * tolerance, r.preDriftRmse(), r.stepsToRecover(), r.worstRmse()))
        .build();
  }

  /** A lane's drift signal on the sample's link changed state. */
  static AdaptationEvent driftTransition(
      LinkTelemetry sample,
      String lane,
      Transition t,
      double absErrorMbps,
      double rmseBefore,
      long nowMs) {
    AdaptationEventType type =
        switch (t.to()) {
          case CONFIRMED -> AdaptationEventType.DRIFT_CONFIRMED;
          case CLEARED -> AdaptationEventType.DRIFT_CLEARED;
          default -> AdaptationEventType.DRIFT_DETECTED;
        };
    String detail =
        switch (t.to()) {
          case CONFIRMED ->
              "confirms the network event " + t.samplesSinceMark() + " samples after it";
          case CLEARED ->
              "no drift in the error within "
                  + t.samplesSinceMark()
                  + " samples of the network event";
          default -> "drift in the prediction error without an announced network event";
        };
    return AdaptationEvent.newBuilder()
        .setType(type)
        .setScope("link")
        .setLinkId(sample.getLinkId())
        .setSrcNode(sample.getSrcNode())
        .setDstNode(sample.getDstNode())
        .setStrategy(lane)
        .setDetector(t.detector())
        .setStatistic(Double.isFinite(t.statistic()) ? t.statistic() : null)
        .setErrorBefore(Double.isNaN(rmseBefore) ? null : rmseBefore)
        .setErrorAfter(absErrorMbps)
        .setEventTimeMs(t.eventTimeMs())
        .setProcessingTimeMs(nowMs)
        .setDetail(detail)
        .build();
  }

  /**
   * A network event touched the signal's link ({@code errorBefore}: the link's rolling RMSE of the
   * first lane, or NaN).
   */
  static AdaptationEvent networkEvent(NetworkDriftSignal signal, double errorBefore, long nowMs) {
    String prior =
        Double.isNaN(signal.loadAfterMbps)
            ? ""
            : String.format(
                " routing prior %.1f -> %.1f Mbps", signal.loadBeforeMbps, signal.loadAfterMbps);
    return AdaptationEvent.newBuilder()
        .setType(AdaptationEventType.DRIFT_DETECTED)
        .setScope("link")
        .setLinkId(signal.linkId)
        .setSrcNode(signal.srcNode)
        .setDstNode(signal.dstNode)
        .setDetector("network-event")
        .setErrorBefore(Double.isNaN(errorBefore) ? null : errorBefore)
        .setEventTimeMs(signal.eventTimeMs)
        .setProcessingTimeMs(nowMs)
        .setDetail(
            signal.eventType + " " + signal.element + " (event " + signal.eventId + ")" + prior)
        .build();
  }
}
