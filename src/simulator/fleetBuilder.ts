import { randomBytes } from 'node:crypto';
import type { Prng } from './prng';
import { TunnelState } from './tunnelState';
import type {
  ClassicConnectionType,
  LinkMode,
  SimClassicConnection,
  SimVpnConnection,
  SimVpnGateway,
  SimVpnLink,
  SimVpnSite,
  Tags,
} from './fleetModel';

/** Every simulated sharedKey starts with this, so tests can search stores and logs for it. */
export const SHARED_KEY_PREFIX = 'twsim-sharedkey-';

export interface BuildContext {
  readonly now: number;
  readonly prng: Prng;
  /** Tags configured for a resource id (case-insensitive), if any. */
  tagsFor(id: string): Tags;
  /** VPN sites made so far by lower-cased id, so connections of several gateways to one branch share its site. */
  readonly sites: Map<string, SimVpnSite>;
}

const NETWORK = 'providers/Microsoft.Network';
export const groupScope = (subscriptionId: string, resourceGroup: string): string =>
  `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`;

function newTunnel(ctx: BuildContext): TunnelState {
  const rate = (): number => ctx.prng.int(20_000, 2_000_000);
  return new TunnelState({ ingressPerSecond: rate(), egressPerSecond: rate() }, ctx.now);
}

const newSharedKey = (): string => SHARED_KEY_PREFIX + randomBytes(12).toString('hex');

export function makeGateway(
  ctx: BuildContext,
  spec: { subscriptionId: string; resourceGroup: string; name: string; location: string; hubName: string },
): SimVpnGateway {
  const scope = groupScope(spec.subscriptionId, spec.resourceGroup);
  const id = `${scope}/${NETWORK}/vpnGateways/${spec.name}`;
  return {
    kind: 'vpnGateway',
    id,
    ...spec,
    hubId: `${scope}/${NETWORK}/virtualHubs/${spec.hubName}`,
    tags: ctx.tagsFor(id),
    connections: [],
    natRules: [],
    down: false,
  };
}

export interface LinkSpec {
  readonly name: string;
  readonly siteLinkName: string;
  readonly mode: LinkMode;
}

/**
 * A VPN connection with its link connections. The gateway's first connection also gets one ingress and one
 * egress NAT rule (on its first and last link), so bodies carry every field the official examples show.
 */
export function makeConnection(
  ctx: BuildContext,
  gateway: SimVpnGateway,
  spec: { name: string; siteName: string; links: readonly LinkSpec[] },
): SimVpnConnection {
  const id = `${gateway.id}/vpnConnections/${spec.name}`;
  const site = makeSite(ctx, gateway, spec.siteName);
  const siteId = site.id;
  const links: SimVpnLink[] = [];
  const connection: SimVpnConnection = { kind: 'vpnConnection', id, name: spec.name, gateway, site, links };
  const withNat = gateway.natRules.length === 0 && spec.links.length > 0;
  const ingress = { id: `${gateway.id}/natRules/nat-ingress`, name: 'nat-ingress', mode: 'IngressSnat', linkIds: [] as string[] } as const;
  const egress = { id: `${gateway.id}/natRules/nat-egress`, name: 'nat-egress', mode: 'EgressSnat', linkIds: [] as string[] } as const;
  spec.links.forEach((link, index) => {
    const natIn = withNat && index === 0;
    const natOut = withNat && index === spec.links.length - 1;
    if (natIn) ingress.linkIds.push(`${id}/vpnLinkConnections/${link.name}`);
    if (natOut) egress.linkIds.push(`${id}/vpnLinkConnections/${link.name}`);
    links.push({
      kind: 'vwan',
      id: `${id}/VpnSiteLinkConnections/${link.name}`,
      name: link.name,
      connection,
      siteLinkId: `${siteId}/vpnSiteLinks/${link.siteLinkName}`,
      mode: link.mode,
      bandwidthMbps: 200,
      sharedKey: newSharedKey(),
      tunnel: newTunnel(ctx),
      ingressNatRuleIds: natIn ? [ingress.id] : [],
      egressNatRuleIds: natOut ? [egress.id] : [],
    });
  });
  if (withNat) gateway.natRules.push(ingress, egress);
  return connection;
}

/** The VPN site a connection points at, in the gateway's resource group and region (made once per id). */
function makeSite(ctx: BuildContext, gateway: SimVpnGateway, name: string): SimVpnSite {
  const { subscriptionId, resourceGroup, location } = gateway;
  const id = `${groupScope(subscriptionId, resourceGroup)}/${NETWORK}/vpnSites/${name}`;
  const known = ctx.sites.get(id.toLowerCase());
  if (known) return known;
  const site: SimVpnSite = { kind: 'vpnSite', id, name, subscriptionId, resourceGroup, location, tags: ctx.tagsFor(id) };
  ctx.sites.set(id.toLowerCase(), site);
  return site;
}

export function makeClassic(
  ctx: BuildContext,
  spec: {
    subscriptionId: string;
    resourceGroup: string;
    name: string;
    location: string;
    connectionType: ClassicConnectionType;
    gatewayName: string;
    /** Local network gateway, peer virtual network gateway (may be in another group: `rg/name`) or circuit. */
    peerName: string;
    authenticationType?: 'PSK' | 'Certificate';
  },
): SimClassicConnection {
  const scope = groupScope(spec.subscriptionId, spec.resourceGroup);
  const id = `${scope}/${NETWORK}/connections/${spec.name}`;
  const authenticationType = spec.authenticationType ?? 'PSK';
  const secret = authenticationType === 'PSK' && spec.connectionType !== 'ExpressRoute';
  return {
    kind: 'classic',
    id,
    name: spec.name,
    subscriptionId: spec.subscriptionId,
    resourceGroup: spec.resourceGroup,
    location: spec.location,
    connectionType: spec.connectionType,
    gatewayId: `${scope}/${NETWORK}/virtualNetworkGateways/${spec.gatewayName}`,
    peerId: peerId(spec.subscriptionId, spec.resourceGroup, spec.connectionType, spec.peerName),
    authenticationType,
    ...(secret ? { sharedKey: newSharedKey() } : {}),
    tags: ctx.tagsFor(id),
    tunnel: newTunnel(ctx),
  };
}

function peerId(subscriptionId: string, resourceGroup: string, type: ClassicConnectionType, peerName: string): string {
  const [group, name] = peerName.includes('/') ? (peerName.split('/') as [string, string]) : [resourceGroup, peerName];
  const kind = { IPsec: 'localNetworkGateways', Vnet2Vnet: 'virtualNetworkGateways', ExpressRoute: 'expressRouteCircuits' }[type];
  return `${groupScope(subscriptionId, group)}/${NETWORK}/${kind}/${name}`;
}
