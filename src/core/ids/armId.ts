/**
 * ARM resource ids, parsed without string surgery on URLs (OPERATIONS.md: path segments and id segments differ:
 * `vpnLinkConnections` in URLs, `VpnSiteLinkConnections` in ids). Comparison is case-insensitive, as in ARM.
 */
export interface ParsedArmId {
  readonly subscriptionId: string;
  readonly resourceGroup?: string;
  readonly provider?: string;
  /** type/name pairs after the provider, e.g. [['vpnGateways','gw1'],['vpnConnections','c1']]. */
  readonly resources: ReadonlyArray<readonly [type: string, name: string]>;
}

export function parseArmId(id: string): ParsedArmId | undefined {
  const parts = id.split('/').filter((p) => p.length > 0);
  if (parts.length < 2 || parts[0]!.toLowerCase() !== 'subscriptions') return undefined;
  const subscriptionId = parts[1]!;
  let i = 2;
  let resourceGroup: string | undefined;
  if (parts[i]?.toLowerCase() === 'resourcegroups') {
    resourceGroup = parts[i + 1];
    if (!resourceGroup) return undefined;
    i += 2;
  }
  let provider: string | undefined;
  const resources: Array<readonly [string, string]> = [];
  if (i < parts.length) {
    if (parts[i]!.toLowerCase() !== 'providers' || !parts[i + 1]) return undefined;
    provider = parts[i + 1];
    i += 2;
    if ((parts.length - i) % 2 !== 0) return undefined;
    for (; i < parts.length; i += 2) resources.push([parts[i]!, parts[i + 1]!]);
  }
  return { subscriptionId, resourceGroup, provider, resources };
}

export function sameArmId(a: string, b: string): boolean {
  return normalizeArmId(a) === normalizeArmId(b);
}

export function normalizeArmId(id: string): string {
  return ('/' + id.split('/').filter((p) => p.length > 0).join('/')).toLowerCase();
}

/** True when `id` is `scope` itself or lies below it (subscription, resource group or resource scope). */
export function isWithinScope(id: string, scope: string): boolean {
  const child = normalizeArmId(id);
  const parent = normalizeArmId(scope);
  return child === parent || child.startsWith(parent + '/');
}

/** The name of the resource of a given type in an id, e.g. resourceName(id, 'vpnGateways'). */
export function resourceName(id: string, type: string): string | undefined {
  return parseArmId(id)?.resources.find(([t]) => t.toLowerCase() === type.toLowerCase())?.[1];
}
