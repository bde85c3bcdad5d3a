import { parseArmId } from '../armId';

export interface AlertTarget {
  /** ARM id of the gateway or connection the alert names. */
  readonly resourceId: string;
  /** Narrows a gateway to one connection (metric dimension ConnectionName, log column connectionName_s). */
  readonly connectionName?: string;
  /** Narrows to the link whose remote peer has this IP (dimension RemoteIP, log column remoteIP_s). */
  readonly remoteIp?: string;
}

/** Resource types an alert may name for us to act on (lower-case provider/type chains). */
const VPN_TYPES = [
  'microsoft.network/vpngateways',
  'microsoft.network/vpngateways/vpnconnections',
  'microsoft.network/vpngateways/vpnconnections/vpnlinkconnections',
  'microsoft.network/vpngateways/vpnconnections/vpnsitelinkconnections',
  'microsoft.network/virtualnetworkgateways',
  'microsoft.network/connections',
];

const CONNECTION_DIMENSIONS = ['connectionname', 'connectionname_s', 'connection'];
const REMOTE_IP_DIMENSIONS = ['remoteip', 'remoteip_s'];
const RESOURCE_DIMENSIONS = ['resourceid', '_resourceid', 'resourceid_s'];

export function isVpnResource(id: string): boolean {
  const parsed = parseArmId(id);
  if (!parsed?.provider || parsed.resources.length === 0) return false;
  const type = [parsed.provider, ...parsed.resources.map(([t]) => t)].join('/').toLowerCase();
  return VPN_TYPES.includes(type);
}

/**
 * The VPN resources an alert names: its target ids plus resource-id dimensions (log search alerts over a
 * workspace name the gateway in a column), narrowed by connection name / remote IP dimensions when present.
 */
export function alertTargets(targetIds: readonly string[], dimensions: ReadonlyArray<{ name: string; value: string }>): AlertTarget[] {
  const pick = (names: readonly string[]): string[] => dimensions.filter((d) => names.includes(d.name.toLowerCase())).map((d) => d.value);
  const ids = [...targetIds, ...pick(RESOURCE_DIMENSIONS)].filter(isVpnResource);
  const unique = [...new Map(ids.map((id) => [id.toLowerCase(), id])).values()];
  const connectionNames = unique.length > 0 ? pick(CONNECTION_DIMENSIONS) : [];
  const remoteIps = pick(REMOTE_IP_DIMENSIONS);
  const narrowings: Array<{ connectionName?: string; remoteIp?: string }> =
    connectionNames.length === 0 && remoteIps.length === 0
      ? [{}]
      : connectionNames.length === 0
        ? remoteIps.map((remoteIp) => ({ remoteIp }))
        : connectionNames.flatMap((connectionName) => (remoteIps.length === 0 ? [{ connectionName }] : remoteIps.map((remoteIp) => ({ connectionName, remoteIp }))));
  return unique.flatMap((resourceId) => narrowings.map((n) => ({ resourceId, ...n })));
}
