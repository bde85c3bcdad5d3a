import type { Fleet } from '../Fleet';
import { classicGatewaySeries, gatewaySeries, type SeriesWindow, type SimSeries, type SimTunnelMetric } from './tunnelMetricSeries';

/** The metric namespaces (lower case, as the service echoes them) whose tunnel metrics the simulator publishes. */
export const METRICS_NAMESPACES = ['microsoft.network/vpngateways', 'microsoft.network/virtualnetworkgateways'] as const;

/** A gateway the batch API reads: its id, region and tunnel series. */
export interface MetricsResource {
  readonly id: string;
  readonly location: string;
  series(metric: SimTunnelMetric, window: SeriesWindow): SimSeries[];
}

/**
 * The gateway of this (lower-cased) id in the namespace: a vWAN VPN gateway, or a classic virtual network gateway,
 * which exists while a connection names it as virtualNetworkGateway1 (in that connection's region, as ARM's GET of
 * the gateway answers). Undefined when there is none.
 */
export function metricsResource(fleet: Fleet, namespace: string, id: string): MetricsResource | undefined {
  if (namespace === 'microsoft.network/vpngateways') {
    const gateway = fleet.get(id, 'vpnGateway');
    return gateway && { id: gateway.id, location: gateway.location, series: (metric, window) => gatewaySeries(gateway, metric, window) };
  }
  const connections = fleet.classicOnVnetGateway(id);
  const first = connections[0];
  return first && { id: first.gatewayId, location: first.location, series: (metric, window) => classicGatewaySeries(connections, metric, window) };
}
