import { normalizeArmId, parseArmId, resourceName } from '../ids/armId';
import type { LinkConfiguration, LinkTopology } from './linkSnapshot';
import { linkKeyFromId } from '../ids/linkKey';
import { asBoolean, asCounter, asNonNegativeNumber, asObject, asString, asTags, type RawObject } from './rawValues';
import { optional } from '../optional';
import { asAddress } from '../peers/tunnelAddresses';

/**
 * What one ARM read says about one link, before it is compared with the previous poll.
 * Built by an allow-list projection (ARCHITECTURE.md principle 4): only the fields named here are copied,
 * so `sharedKey`, certificates or anything else ARM adds can never reach storage.
 */
export interface LinkObservation {
  readonly topology: LinkTopology;
  readonly configuration: LinkConfiguration;
  /** connectionStatus as reported; undefined when the body did not carry it (then the caller reads the item). */
  readonly status?: string;
  /** The provider's own status word when `status` is mapped from it (Huawei: ACTIVE, DOWN, FREEZED, …). */
  readonly providerStatus?: string;
  readonly provisioningState?: string;
  /** Exact decimal strings; undefined when absent or not an int64. */
  readonly ingressBytes?: string;
  readonly egressBytes?: string;
  /**
   * The tags policy is read from. vWAN: the gateway's, overridden by the VPN site's (VPN connections are child
   * resources and carry no tags in ARM, so theirs are never read). Classic: the connection's own.
   */
  readonly tags: Readonly<Record<string, string>>;
  /**
   * Classic: the connection's Azure region (`location`), which is its virtualNetworkGateway1's; its tunnel metrics
   * are read from that region's endpoint. Not part of the topology: nothing stores it.
   */
  readonly location?: string;
}

type Tags = Readonly<Record<string, string>>;

export interface GatewayRef {
  readonly id: string;
  readonly tags?: Tags;
  /** Tags of the VPN sites the gateway's connections point at, by `normalizeArmId(siteId)` (absent: none known). */
  readonly siteTags?: ReadonlyMap<string, Tags>;
  /** The gateway's public IPs (this end of every tunnel it holds); absent when not known. */
  readonly addresses?: readonly string[];
  /** The VPN site links' addresses (the other ends), by `normalizeArmId(siteLinkId)`; absent when not known. */
  readonly siteLinkAddresses?: ReadonlyMap<string, string>;
}

/** Projects every link connection embedded in a vWAN VpnConnection body (VpnConnections_ListByVpnGateway item). */
export function projectVwanConnection(rawConnection: unknown, gateway: GatewayRef): LinkObservation[] {
  const connection = asObject(rawConnection);
  const connectionId = asString(connection?.id);
  if (!connection || !connectionId) return [];
  const links = asObject(connection.properties)?.vpnLinkConnections;
  if (!Array.isArray(links)) return [];
  return links.flatMap((link) => {
    const one = projectVwanLink(link, connection, gateway);
    return one ? [one] : [];
  });
}

/** Projects one vWAN link connection (VpnSiteLinkConnections_Get body or an embedded list item). */
export function projectVwanLink(rawLink: unknown, connection: RawObject, gateway: GatewayRef): LinkObservation | undefined {
  const link = asObject(rawLink);
  const id = asString(link?.id);
  const connectionId = asString(connection.id);
  const parsed = id ? parseArmId(id) : undefined;
  if (!link || !id || !connectionId || !parsed?.resourceGroup) return undefined;
  const props = asObject(link.properties) ?? {};
  const connectionProps = asObject(connection.properties) ?? {};
  const gatewayName = resourceName(gateway.id, 'vpnGateways') ?? '';
  const siteId = asString(asObject(connectionProps.remoteVpnSite)?.id);
  const siteTags = siteId ? gateway.siteTags?.get(normalizeArmId(siteId)) : undefined;
  const siteLinkId = asString(asObject(props.vpnSiteLink)?.id);
  return {
    topology: {
      id,
      key: linkKeyFromId(id),
      kind: 'vwan',
      subscriptionId: parsed.subscriptionId,
      resourceGroup: parsed.resourceGroup,
      gateway: gatewayName,
      gatewayId: gateway.id,
      connection: asString(connection.name) ?? resourceName(connectionId, 'vpnConnections') ?? '',
      connectionId,
      link: asString(link.name) ?? parsed.resources.at(-1)?.[1] ?? '',
      ...optional('site', idName(siteId, 'vpnSites')),
      ...optional('siteLink', idName(siteLinkId, 'vpnSiteLinks')),
      ...optional('localAddresses', gateway.addresses),
      ...optional('remoteAddress', siteLinkId ? gateway.siteLinkAddresses?.get(normalizeArmId(siteLinkId)) : undefined),
    },
    configuration: {
      ...optional('mode', asString(props.vpnLinkConnectionMode, 64)),
      ...optional('protocol', asString(props.vpnConnectionProtocolType, 64)),
      ...optional('bandwidthMbps', asNonNegativeNumber(props.connectionBandwidth)),
      ...optional('bgp', asBoolean(props.enableBgp)),
      ...optional('dpdTimeoutSeconds', asNonNegativeNumber(props.dpdTimeoutSeconds)),
    },
    ...reading(props),
    tags: overlayTags(gateway.tags ?? {}, siteTags ?? {}),
  };
}

/** Projects one classic connection (Microsoft.Network/connections): the connection is the link. */
export function projectClassicConnection(rawConnection: unknown): LinkObservation | undefined {
  const connection = asObject(rawConnection);
  const id = asString(connection?.id);
  const parsed = id ? parseArmId(id) : undefined;
  if (!connection || !id || !parsed?.resourceGroup) return undefined;
  const props = asObject(connection.properties) ?? {};
  const gatewayId = asString(asObject(props.virtualNetworkGateway1)?.id) ?? '';
  const name = asString(connection.name) ?? parsed.resources.at(-1)?.[1] ?? '';
  const site = idName(asObject(props.localNetworkGateway2)?.id, 'localNetworkGateways') ?? idName(asObject(props.virtualNetworkGateway2)?.id, 'virtualNetworkGateways');
  return {
    topology: {
      id,
      key: linkKeyFromId(id),
      kind: 'classic',
      subscriptionId: parsed.subscriptionId,
      resourceGroup: parsed.resourceGroup,
      gateway: idName(gatewayId, 'virtualNetworkGateways') ?? '',
      gatewayId,
      connection: name,
      connectionId: id,
      link: name,
      ...optional('site', site),
      ...optional('connectionType', asString(props.connectionType, 64)),
      // Only when the body embeds the local network gateway's properties (ARM usually sends just its id).
      ...optional('remoteAddress', asAddress(asObject(asObject(props.localNetworkGateway2)?.properties)?.gatewayIpAddress)),
    },
    configuration: {
      ...optional('mode', asString(props.connectionMode, 64)),
      ...optional('protocol', asString(props.connectionProtocol, 64)),
      ...optional('bgp', asBoolean(props.enableBgp)),
      ...optional('dpdTimeoutSeconds', asNonNegativeNumber(props.dpdTimeoutSeconds)),
    },
    ...reading(props),
    tags: asTags(connection.tags),
    ...optional('location', asString(connection.location, 64)?.toLowerCase()),
  };
}

function reading(props: RawObject): Pick<LinkObservation, 'status' | 'provisioningState' | 'ingressBytes' | 'egressBytes'> {
  return {
    ...optional('status', asString(props.connectionStatus, 64)),
    ...optional('provisioningState', asString(props.provisioningState, 64)),
    ...optional('ingressBytes', asCounter(props.ingressBytesTransferred)),
    ...optional('egressBytes', asCounter(props.egressBytesTransferred)),
  };
}

/** `over` wins; tag names compare case-insensitively, as ARM's do, so a site's tag replaces the gateway's in any case. */
function overlayTags(base: Tags, over: Tags): Tags {
  const replaced = new Set(Object.keys(over).map((name) => name.toLowerCase()));
  return { ...Object.fromEntries(Object.entries(base).filter(([name]) => !replaced.has(name.toLowerCase()))), ...over };
}

function idName(id: unknown, type: string): string | undefined {
  const text = asString(id);
  return text ? resourceName(text, type) : undefined;
}
