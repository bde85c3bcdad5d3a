import { normalizeArmId, parseArmId, resourceName } from '../ids/armId';
import type { LinkObservation } from '../snapshot/projectLink';

/** The Azure Monitor resource type (and metric namespace) of a classic VNet gateway's tunnel metrics. */
export const VIRTUAL_NETWORK_GATEWAY_TYPE = 'Microsoft.Network/virtualNetworkGateways';

/** A gateway whose tunnel metrics are read: the batch API takes ≤ 50 of one subscription, region and type per call. */
export interface MetricGateway {
  readonly id: string;
  readonly resourceType: string;
  readonly subscriptionId: string;
  /** Lower-cased Azure region. */
  readonly region: string;
}

/**
 * Connection types whose tunnels publish per-tunnel metrics (site-to-site IPsec, VNet-to-VNet). ExpressRoute and
 * point-to-site connections have no such tunnel: their gateways would cost a call and say nothing.
 */
const TUNNEL_TYPES = new Set(['ipsec', 'vnet2vnet']);

/**
 * The virtual network gateways (virtualNetworkGateway1) of a classic group's listed connections, with their region
 * (the connection's location: ARM keeps a connection in its gateway's region), one entry per gateway. Connections
 * without a gateway id or a location, or of a type without tunnels, are left out.
 */
export function classicMetricGateways(observations: readonly LinkObservation[]): MetricGateway[] {
  const gateways = new Map<string, MetricGateway>();
  for (const o of observations) {
    const { kind, gatewayId, connectionType } = o.topology;
    if (kind !== 'classic' || !o.location || (connectionType !== undefined && !TUNNEL_TYPES.has(connectionType.toLowerCase()))) continue;
    const parsed = parseArmId(gatewayId);
    if (!parsed || !resourceName(gatewayId, 'virtualNetworkGateways') || gateways.has(normalizeArmId(gatewayId))) continue;
    gateways.set(normalizeArmId(gatewayId), { id: gatewayId, resourceType: VIRTUAL_NETWORK_GATEWAY_TYPE, subscriptionId: parsed.subscriptionId, region: o.location.toLowerCase() });
  }
  return [...gateways.values()];
}
