import { parseArmId } from '../ids/armId';
import { TunnelwatchError } from '../errors';
import { ALERT_BOUNDS } from './alertBounds';

export interface AlertTarget {
  /** ARM id of the gateway or connection the alert names. */
  readonly resourceId: string;
  /**
   * Narrows a gateway to these connections (metric dimension ConnectionName, log column connectionName_s); absent
   * means every connection. A set, not one target per name: targets never multiply with dimension values.
   */
  readonly connectionNames?: readonly string[];
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

/** An ARM id of a VPN resource, spelled as one: `/`-separated, no empty segment (`//x` is a network path, not an id). */
export function isVpnResource(id: string): boolean {
  if (!/^(\/[^/]+)+$/.test(id)) return false;
  const parsed = parseArmId(id);
  if (!parsed?.provider || parsed.resources.length === 0) return false;
  const type = [parsed.provider, ...parsed.resources.map(([t]) => t)].join('/').toLowerCase();
  return VPN_TYPES.includes(type);
}

/**
 * The VPN resources an alert names: its target ids plus resource-id dimensions (log search alerts over a
 * workspace name the gateway in a column), narrowed by connection name dimensions when present. Remote IP
 * dimensions are only counted: link state does not record peer addresses. Work is linear in the input and every
 * list is bounded (ALERT_BOUNDS): more distinct ids or values than the bound is REQUEST.INVALID, not a truncation.
 */
export function alertTargets(
  targetIds: readonly string[],
  dimensions: ReadonlyArray<{ name: string; value: string }>,
): AlertTarget[] {
  const pick = (names: readonly string[], what: string): string[] =>
    distinct(
      dimensions.filter((d) => names.includes(d.name.toLowerCase())).map((d) => d.value),
      what,
    );
  const ids = distinct(
    [...targetIds, ...pick(RESOURCE_DIMENSIONS, 'resource id dimension values')],
    'target ids',
  ).filter(isVpnResource);
  const connectionNames = pick(CONNECTION_DIMENSIONS, 'connection name dimension values');
  pick(REMOTE_IP_DIMENSIONS, 'remote IP dimension values');
  return ids.map((resourceId) => ({ resourceId, ...(connectionNames.length > 0 && { connectionNames }) }));
}

/** Case-insensitively distinct values (first spelling kept), refusing more than the bound or an oversized value. */
function distinct(values: readonly string[], what: string): string[] {
  const unique = new Map<string, string>();
  for (const value of values) {
    if (value.length > ALERT_BOUNDS.maxValueChars)
      throw new TunnelwatchError(
        'REQUEST.INVALID',
        `alert ${what}: a value is longer than ${ALERT_BOUNDS.maxValueChars} characters`,
      );
    if (!unique.has(value.toLowerCase())) unique.set(value.toLowerCase(), value);
    if (unique.size > ALERT_BOUNDS.maxValues)
      throw new TunnelwatchError(
        'REQUEST.INVALID',
        `alert names more than ${ALERT_BOUNDS.maxValues} distinct ${what}`,
      );
  }
  return [...unique.values()];
}
