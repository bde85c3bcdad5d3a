import { linkKeyFromId } from '../ids/linkKey';
import type { LinkTopology } from '../snapshot/linkSnapshot';
import { optional } from '../optional';
import type { LinkObservation } from '../snapshot/projectLink';
import { asObject, asString } from '../snapshot/rawValues';
import { huaweiConnectionId, huaweiGatewayId, isHuaweiSegment, type HuaweiRef } from './huaweiId';
import { huaweiProvisioningState, mapHuaweiStatus } from './huaweiStatus';
import { huaweiLocalAddresses, huaweiSegment as segment, ipAddress, type HuaweiVpnGatewayInfo } from './huaweiVpnGateways';

export interface HuaweiProjectionContext {
  readonly ref: HuaweiRef;
  /** Customer gateway id → its public IP (customer-gateways list); the connection itself only names the cgw_id. */
  readonly customerGatewayIps: ReadonlyMap<string, string>;
  /**
   * VPN gateway id → name and EIPs (vpn-gateways list): the connection names its gateway by id only and its own
   * address by EIP id (`vgw_ip`). Absent or without the gateway: no name and, for an EIP id, no local address.
   */
  readonly vpnGateways?: ReadonlyMap<string, HuaweiVpnGatewayInfo>;
  /** TW_HUAWEI_DOWN_STATUSES (default DOWN). */
  readonly downStatuses?: readonly string[];
  /** Customer gateway id → its name (same list as the IPs): what views show as the link's site. */
  readonly customerGatewayNames?: ReadonlyMap<string, string>;
}

/**
 * Projects one Huawei VPN API v5 ResponseVpnConnection (list item or GET body) into what tunnelwatch keeps of a link.
 * An allow-list (ARCHITECTURE.md principle 4): only the fields named here are read, so `psk`, IKE/IPsec policies,
 * peer ids and anything Huawei adds later never reach storage. The connection is the link: Huawei has no link
 * below it. A connection read has no byte counters (left unreported: rates unknown; the IPsec SA read has some, at one
 * request per connection, used as evidence only); a list item carries the status, so a connection
 * without one leaves `status` undefined and is read by a GET like any other link whose status a list left out.
 * Undefined when the item has no usable id.
 */
export function projectHuaweiConnection(raw: unknown, context: HuaweiProjectionContext): LinkObservation | undefined {
  const connection = asObject(raw);
  const connectionId = asString(connection?.id, 64);
  if (!connection || !connectionId || !isHuaweiSegment(connectionId)) return undefined;
  const { ref } = context;
  const id = huaweiConnectionId(ref, connectionId);
  const vgwId = segment(connection.vgw_id);
  const cgwId = segment(connection.cgw_id);
  const name = asString(connection.name, 128) ?? connectionId.toLowerCase();
  const gateway = vgwId === undefined ? undefined : context.vpnGateways?.get(vgwId);
  const localAddresses = huaweiLocalAddresses(connection.vgw_ip, gateway);
  const remoteAddress = cgwId === undefined ? undefined : context.customerGatewayIps.get(cgwId);
  const rawStatus = asString(connection.status, 64)?.trim().toUpperCase();
  const ikeVersion = asString(asObject(connection.ikepolicy)?.ike_version, 8)?.toLowerCase();
  const style = asString(connection.style, 16)?.toUpperCase();
  const role = asString(connection.ha_role, 16)?.toLowerCase();
  const haRole: LinkTopology['haRole'] = role === 'master' || role === 'slave' ? role : undefined;
  const siteName = cgwId === undefined ? undefined : (context.customerGatewayNames?.get(cgwId) ?? cgwId);
  return {
    topology: {
      id,
      key: linkKeyFromId(id),
      kind: 'huawei',
      subscriptionId: ref.projectId.toLowerCase(),
      resourceGroup: ref.region.toLowerCase(),
      region: ref.region.toLowerCase(),
      projectId: ref.projectId.toLowerCase(),
      // The connection names its VPN gateway only by id; its name comes from the vpn-gateways list (gatewayName).
      gateway: vgwId ?? '',
      gatewayId: vgwId === undefined ? '' : huaweiGatewayId(ref, vgwId),
      connection: name,
      connectionId: id,
      link: name,
      ...optional('site', siteName),
      ...optional('vgwId', vgwId),
      ...optional('cgwId', cgwId),
      ...optional('gatewayName', gateway?.name),
      ...optional('haRole', haRole),
      ...optional('localAddresses', localAddresses),
      ...optional('remoteAddress', remoteAddress),
    },
    configuration: {
      ...optional('protocol', ikeVersion === 'v1' ? 'IKEv1' : ikeVersion === 'v2' ? 'IKEv2' : undefined),
      ...optional('bgp', style === undefined ? undefined : style === 'BGP'),
    },
    ...(rawStatus !== undefined && {
      status: mapHuaweiStatus(rawStatus, context.downStatuses),
      providerStatus: rawStatus,
      provisioningState: huaweiProvisioningState(rawStatus),
    }),
    // No counters on a connection read: left unreported, so rates stay unknown (never a made-up 0 bps).
    tags: huaweiTags(connection.tags),
  };
}

/** Customer gateway id → name, from customer-gateways list items (names are 1..64 characters). */
export function customerGatewayNames(items: readonly unknown[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const item of items) {
    const gateway = asObject(item);
    const id = segment(gateway?.id);
    const name = asString(gateway?.name, 64)?.trim();
    if (id !== undefined && name) names.set(id, name);
  }
  return names;
}

/**
 * Customer gateway id → public IP, from customer-gateways list items. v5 gateways carry the address as `id_value`
 * when `id_type` is `ip`; older ones as `ip`. Gateways identified by FQDN have no address to pair a tunnel with.
 */
export function customerGatewayIps(items: readonly unknown[]): Map<string, string> {
  const ips = new Map<string, string>();
  for (const item of items) {
    const gateway = asObject(item);
    const id = segment(gateway?.id);
    if (!gateway || id === undefined) continue;
    const idType = asString(gateway.id_type, 16)?.toLowerCase();
    const ip = ipAddress(gateway.ip) ?? (idType === 'ip' ? ipAddress(gateway.id_value) : undefined);
    if (ip !== undefined) ips.set(id, ip);
  }
  return ips;
}

/** Huawei tags are a `[{ key, value }]` list; entries without a string key are dropped, an empty value is kept. */
export function huaweiTags(value: unknown): Readonly<Record<string, string>> {
  if (!Array.isArray(value)) return {};
  const tags: Record<string, string> = {};
  for (const entry of value) {
    const tag = asObject(entry);
    const key = asString(tag?.key, 128);
    const tagValue = tag?.value;
    if (key !== undefined && typeof tagValue === 'string' && tagValue.length <= 255) tags[key] = tagValue;
  }
  return tags;
}
