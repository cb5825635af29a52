package io.netdrift.flink.network;

import io.netdrift.core.network.DemandMatrix;
import io.netdrift.core.network.DirectedLink;
import io.netdrift.core.network.FailedElements;
import io.netdrift.core.network.LinkLoadChange;
import io.netdrift.core.network.RerouteImpact;
import io.netdrift.core.network.RoutingPrior;
import io.netdrift.core.network.Topology;
import io.netdrift.flink.forecast.NetworkDriftSignal;
import io.netdrift.schema.AffectedLink;
import io.netdrift.schema.NetworkEvent;
import io.netdrift.schema.NetworkEventType;
import io.netdrift.schema.TrafficSample;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The job's view of the network: keeps the latest OD demand (traffic topic) and the failure state
 * (network-events topic), and turns each failure or repair into drift signals for the link
 * directions whose routed load changes — the detour paths, not only the failed link — each with its
 * routing prior (load before and after, from re-routing the latest demand with the same {@link
 * RoutingPrior} the simulator uses). Link directions an event names itself are signalled too. Runs
 * on a single key: one network, a few hundred OD pairs per step.
 */
public final class NetworkStateFunction
    extends KeyedCoProcessFunction<String, TrafficSample, NetworkEvent, NetworkDriftSignal> {
  private static final long serialVersionUID = 1L;

  /** The single key all network input is routed to. */
  public static final String NETWORK_KEY = "network";

  private final SerializableTopologySupplier topologySupplier;
  private final boolean equalCostMultiPath;

  private transient MapState<String, Double> demandByPair;
  private transient ValueState<String[]> failedLinks;
  private transient ValueState<String[]> failedNodes;
  private transient Topology topology;
  private transient RoutingPrior prior;
  private transient Counter signalsOut;

  /** Supplies the topology in each task (loaded from a file or a built-in, never shipped). */
  public interface SerializableTopologySupplier extends Supplier<Topology>, java.io.Serializable {}

  /**
   * @param topologySupplier the topology, or a supplier of {@code null} when the job runs without
   *     one (then only the link directions the events name are signalled)
   */
  public NetworkStateFunction(
      SerializableTopologySupplier topologySupplier, boolean equalCostMultiPath) {
    this.topologySupplier = topologySupplier;
    this.equalCostMultiPath = equalCostMultiPath;
  }

  @Override
  public void open(OpenContext openContext) {
    demandByPair =
        getRuntimeContext()
            .getMapState(new MapStateDescriptor<>("demand-by-od-pair", Types.STRING, Types.DOUBLE));
    failedLinks =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>("failed-links", Types.OBJECT_ARRAY(Types.STRING)));
    failedNodes =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>("failed-nodes", Types.OBJECT_ARRAY(Types.STRING)));
    topology = topologySupplier.get();
    prior = topology == null ? null : new RoutingPrior(topology, equalCostMultiPath);
    signalsOut = getRuntimeContext().getMetricGroup().counter("driftSignalsOut");
  }

  @Override
  public void processElement1(TrafficSample sample, Context ctx, Collector<NetworkDriftSignal> out)
      throws Exception {
    demandByPair.put(sample.getSrcNode() + '>' + sample.getDstNode(), sample.getDemandMbps());
  }

  @Override
  public void processElement2(NetworkEvent event, Context ctx, Collector<NetworkDriftSignal> out)
      throws Exception {
    Set<String> signalled = new HashSet<>();
    String regime = null;
    if (prior != null && event.getType() != NetworkEventType.REROUTE) {
      FailedElements stored = storedFailureState();
      if (!prior.failed().equals(stored)) {
        prior.moveTo(stored, latestDemand()); // after a restore: the cached state is rebuilt
      }
      RerouteImpact impact =
          prior.apply(event.getType().name(), event.getElement(), latestDemand());
      storeFailureState(prior.failed());
      regime = prior.failed().regimeKey();
      for (LinkLoadChange change : impact.changes()) {
        DirectedLink link = change.link();
        signalled.add(link.key());
        out.collect(
            signal(
                event,
                link.linkId(),
                link.srcNode(),
                link.dstNode(),
                change.loadBeforeMbps(),
                change.loadAfterMbps(),
                regime));
      }
    }
    for (AffectedLink named : event.getAffectedLinks()) {
      String key = DirectedLink.key(named.getLinkId(), named.getSrcNode(), named.getDstNode());
      if (signalled.add(key)) {
        out.collect(
            signal(
                event,
                named.getLinkId(),
                named.getSrcNode(),
                named.getDstNode(),
                named.getLoadBeforeMbps() == null ? Double.NaN : named.getLoadBeforeMbps(),
                named.getLoadAfterMbps() == null ? Double.NaN : named.getLoadAfterMbps(),
                regime));
      }
    }
  }

  private NetworkDriftSignal signal(
      NetworkEvent event,
      String linkId,
      String src,
      String dst,
      double before,
      double after,
      String regime) {
    NetworkDriftSignal signal = new NetworkDriftSignal();
    signal.linkKey = DirectedLink.key(linkId, src, dst);
    signal.linkId = linkId;
    signal.srcNode = src;
    signal.dstNode = dst;
    signal.eventTimeMs = event.getTimestampMs();
    signal.eventId = event.getEventId();
    signal.eventType = event.getType().name();
    signal.element = event.getElement();
    signal.loadBeforeMbps = before;
    signal.loadAfterMbps = after;
    signal.regime = regime;
    signalsOut.inc();
    return signal;
  }

  private DemandMatrix latestDemand() throws Exception {
    DemandMatrix demands = new DemandMatrix(topology);
    for (Map.Entry<String, Double> entry : demandByPair.entries()) {
      int arrow = entry.getKey().indexOf('>');
      String src = entry.getKey().substring(0, arrow);
      String dst = entry.getKey().substring(arrow + 1);
      if (topology.hasNode(src) && topology.hasNode(dst) && !src.equals(dst)) {
        demands.set(src, dst, entry.getValue());
      }
    }
    return demands;
  }

  private FailedElements storedFailureState() throws Exception {
    String[] links = failedLinks.value();
    String[] nodes = failedNodes.value();
    return FailedElements.of(
        links == null ? Set.of() : Set.of(links), nodes == null ? Set.of() : Set.of(nodes));
  }

  private void storeFailureState(FailedElements failed) throws Exception {
    failedLinks.update(failed.links().toArray(String[]::new));
    failedNodes.update(failed.nodes().toArray(String[]::new));
  }
}
