import type { ArmOperationId } from '../../adapters/arm/armOperations';

/** URL parameters of a matched ARM route, in the case the caller sent (ARM matches paths case-insensitively). */
export type RouteParams = Readonly<Record<string, string>>;

export interface ArmRoute {
  readonly method: 'GET' | 'POST';
  readonly operation: ArmOperationId;
  /** Lower-case literal segments; `{name}` captures a parameter, `{*name}` one or more segments (joined by `/`). */
  readonly segments: readonly string[];
}

const sub = ['subscriptions', '{sub}'];
const rg = [...sub, 'resourcegroups', '{rg}', 'providers', 'microsoft.network'];
const gw = [...rg, 'vpngateways', '{gateway}'];
const conn = [...gw, 'vpnconnections', '{connection}'];
const link = [...conn, 'vpnlinkconnections', '{link}'];
const classic = [...rg, 'connections', '{classic}'];
const locations = ['providers', 'microsoft.network', 'locations', '{region}'];
const permissions = ['providers', 'microsoft.authorization', 'permissions'];

const route = (method: ArmRoute['method'], operation: ArmOperationId, segments: string[]): ArmRoute => ({
  method,
  operation,
  segments,
});

/** Every operation the simulator answers: exactly the keys of ARM_OPERATIONS (a test holds the two together). */
export const ARM_ROUTES: readonly ArmRoute[] = [
  route('GET', 'VpnGateways_List', [...sub, 'providers', 'microsoft.network', 'vpngateways']),
  route('GET', 'VpnGateways_ListByResourceGroup', [...rg, 'vpngateways']),
  route('GET', 'VpnGateways_Get', gw),
  route('GET', 'VpnConnections_ListByVpnGateway', [...gw, 'vpnconnections']),
  route('GET', 'VpnConnections_Get', conn),
  route('GET', 'VpnLinkConnections_ListByVpnConnection', [...conn, 'vpnlinkconnections']),
  route('GET', 'VpnSiteLinkConnections_Get', link),
  route('POST', 'VpnLinkConnections_ResetConnection', [...link, 'resetconnection']),
  route('POST', 'VpnLinkConnections_GetIkeSas', [...link, 'getikesas']),
  route('GET', 'VirtualNetworkGatewayConnections_List', [...rg, 'connections']),
  route('GET', 'VirtualNetworkGatewayConnections_Get', classic),
  route('POST', 'VirtualNetworkGatewayConnections_ResetConnection', [...classic, 'resetconnection']),
  route('POST', 'VirtualNetworkGatewayConnections_GetIkeSas', [...classic, 'getikesas']),
  route('GET', 'VirtualNetworkGateways_ListConnections', [
    ...rg,
    'virtualnetworkgateways',
    '{vnetGateway}',
    'connections',
  ]),
  route('GET', 'VirtualNetworkGateways_Get', [...rg, 'virtualnetworkgateways', '{vnetGateway}']),
  route('GET', 'VpnSites_List', [...sub, 'providers', 'microsoft.network', 'vpnsites']),
  route('GET', 'Resources_List', [...sub, 'resources']),
  route('GET', 'Network_Locations_OperationResults', [
    ...sub,
    ...locations,
    'operationresults',
    '{operationId}',
  ]),
  route('GET', 'Network_Locations_OperationResults', [
    ...sub,
    'resourcegroups',
    '{rg}',
    ...locations,
    'operationresults',
    '{operationId}',
  ]),
  route('GET', 'Network_Locations_Operations', [...sub, ...locations, 'operations', '{operationId}']),
  route('GET', 'Network_Locations_Operations', [
    ...sub,
    'resourcegroups',
    '{rg}',
    ...locations,
    'operations',
    '{operationId}',
  ]),
  route('GET', 'Permissions_ListForSubscription', [...sub, ...permissions]),
  route('GET', 'Permissions_ListForResourceGroup', [...sub, 'resourcegroups', '{rg}', ...permissions]),
  route('GET', 'Permissions_ListForResource', [
    ...sub,
    'resourcegroups',
    '{rg}',
    'providers',
    '{*resource}',
    ...permissions,
  ]),
];

export type RouteMatch =
  | { readonly kind: 'matched'; readonly route: ArmRoute; readonly params: RouteParams }
  | { readonly kind: 'wrong-method'; readonly allowed: string }
  | { readonly kind: 'none' };

export function matchArmRoute(method: string, pathname: string): RouteMatch {
  const raw = pathname.split('/').filter((part) => part.length > 0);
  const lower = raw.map((part) => part.toLowerCase());
  let wrongMethod: string | undefined;
  for (const candidate of ARM_ROUTES) {
    const params = matchSegments(candidate.segments, raw, lower);
    if (!params) continue;
    if (candidate.method === method) return { kind: 'matched', route: candidate, params };
    wrongMethod = candidate.method;
  }
  return wrongMethod === undefined ? { kind: 'none' } : { kind: 'wrong-method', allowed: wrongMethod };
}

/** A resource path under `providers/` has at least a namespace, a type and a name. */
const MIN_CATCH_ALL_SEGMENTS = 3;

function matchSegments(
  pattern: readonly string[],
  raw: readonly string[],
  lower: readonly string[],
): RouteParams | undefined {
  const star = pattern.findIndex((segment) => segment.startsWith('{*'));
  if (star < 0) return matchFixed(pattern, raw, lower);
  const tail = pattern.length - star - 1;
  const middle = raw.length - star - tail;
  if (middle < MIN_CATCH_ALL_SEGMENTS) return undefined;
  const head = matchFixed(pattern.slice(0, star), raw.slice(0, star), lower.slice(0, star));
  const rest = matchFixed(pattern.slice(star + 1), raw.slice(star + middle), lower.slice(star + middle));
  if (!head || !rest) return undefined;
  return {
    ...head,
    ...rest,
    [pattern[star]!.slice(2, -1)]: raw
      .slice(star, star + middle)
      .map(safeDecode)
      .join('/'),
  };
}

function matchFixed(
  pattern: readonly string[],
  raw: readonly string[],
  lower: readonly string[],
): RouteParams | undefined {
  if (pattern.length !== raw.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const expected = pattern[i]!;
    if (expected.startsWith('{')) params[expected.slice(1, -1)] = safeDecode(raw[i]!);
    else if (expected !== lower[i]) return undefined;
  }
  return params;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
