/**
 * The network model netdrift forecasts on, in plain Java (no Flink): topologies ({@link
 * io.netdrift.core.network.Topology}, read by {@link io.netdrift.core.network.TopologyCsv}),
 * origin-destination demands ({@link io.netdrift.core.network.DemandMatrix}), shortest-path routing
 * with optional ECMP ({@link io.netdrift.core.network.Routing}, {@link
 * io.netdrift.core.network.RoutingTable}), per-direction link loads ({@link
 * io.netdrift.core.network.LinkLoads}) and the effect of a failure or repair on them ({@link
 * io.netdrift.core.network.RerouteImpact}). The simulator generates data with it; the Flink job
 * reuses it to estimate which links a network event re-routes traffic onto.
 */
package io.netdrift.core.network;
