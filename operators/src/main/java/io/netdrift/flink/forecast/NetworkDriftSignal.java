package io.netdrift.flink.forecast;

/**
 * A network event projected onto one link direction it affects: the explicit drift signal the
 * forecast operator receives on its second input, keyed like telemetry by the directed link key. A
 * Flink POJO (public fields, no-argument constructor).
 */
public class NetworkDriftSignal {
  public String linkKey;
  public String linkId;
  public String srcNode;
  public String dstNode;
  public long eventTimeMs;
  public String eventId;
  public String eventType;
  public String element;

  /**
   * Routed load before / after the event when the sender knew it (the routing prior); NaN if not.
   */
  public double loadBeforeMbps = Double.NaN;

  public double loadAfterMbps = Double.NaN;

  /**
   * The routing regime after the event ({@code FailedElements.regimeKey()}: empty when nothing has
   * failed), or null when the job runs without a topology and cannot tell.
   */
  public String regime;

  public NetworkDriftSignal() {}
}
