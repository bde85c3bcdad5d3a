import { normalizeArmId, parseArmId } from './ids/armId';
import { TunnelwatchError } from './errors';
import { huaweiScopeId, type HuaweiRef } from './huawei/huaweiId';

/**
 * One configured scope, classified into what discovery has to read for it (TW_SCOPES).
 * vWAN connections and classic gateways are polled through their gateway / resource group and then filtered,
 * because ARM has no cheaper read that carries connectionStatus.
 */
export type WatchScope =
  | { readonly kind: 'subscription'; readonly id: string; readonly subscriptionId: string }
  | { readonly kind: 'resourceGroup'; readonly id: string; readonly subscriptionId: string; readonly resourceGroup: string }
  | { readonly kind: 'vpnGateway'; readonly id: string; readonly subscriptionId: string; readonly resourceGroup: string; readonly gateway: string }
  | { readonly kind: 'classicConnection'; readonly id: string; readonly subscriptionId: string; readonly resourceGroup: string; readonly connection: string }
  | { readonly kind: 'classicGateway'; readonly id: string; readonly subscriptionId: string; readonly resourceGroup: string }
  /** A Huawei Cloud project in a region (TW_HUAWEI_SCOPES): subscriptionId holds the project id, resourceGroup the region. */
  | { readonly kind: 'huaweiProject'; readonly id: string; readonly subscriptionId: string; readonly resourceGroup: string };

/** The watch scopes of Huawei Cloud projects (TW_HUAWEI_SCOPES, already validated). */
export function huaweiWatchScopes(refs: readonly HuaweiRef[]): WatchScope[] {
  return refs.map((ref) => ({ kind: 'huaweiProject', id: huaweiScopeId(ref), subscriptionId: ref.projectId, resourceGroup: ref.region }));
}

/** Classifies every scope; throws one CONFIG.INVALID naming every scope that names nothing tunnelwatch can read. */
export function parseScopes(scopes: readonly string[]): WatchScope[] {
  const problems: string[] = [];
  const parsed: WatchScope[] = [];
  for (const scope of scopes) {
    const one = parseScope(scope);
    if (one) parsed.push(one);
    else problems.push(`'${scope}' is not a subscription, resource group, vpnGateways, vpnConnections, connections or virtualNetworkGateways id`);
  }
  if (problems.length > 0) throw new TunnelwatchError('CONFIG.INVALID', `TW_SCOPES: ${problems.join('; ')}`, false, { problems });
  return parsed;
}

function parseScope(scope: string): WatchScope | undefined {
  const p = parseArmId(scope);
  if (!p) return undefined;
  const id = normalizeArmId(scope);
  const { subscriptionId, resourceGroup } = p;
  if (resourceGroup === undefined) return p.resources.length === 0 && !p.provider ? { kind: 'subscription', id, subscriptionId } : undefined;
  if (!p.provider) return { kind: 'resourceGroup', id, subscriptionId, resourceGroup };
  if (p.provider.toLowerCase() !== 'microsoft.network') return undefined;
  const types = p.resources.map(([t]) => t.toLowerCase()).join('/');
  const first = p.resources[0];
  if (!first) return undefined;
  if (types === 'vpngateways' || types === 'vpngateways/vpnconnections' || types === 'vpngateways/vpnconnections/vpnsitelinkconnections' || types === 'vpngateways/vpnconnections/vpnlinkconnections') {
    return { kind: 'vpnGateway', id, subscriptionId, resourceGroup, gateway: first[1] };
  }
  if (types === 'connections') return { kind: 'classicConnection', id, subscriptionId, resourceGroup, connection: first[1] };
  if (types === 'virtualnetworkgateways') return { kind: 'classicGateway', id, subscriptionId, resourceGroup };
  return undefined;
}

/** A link is in scope when a scope contains the link itself, its connection or its gateway. */
export function linkInScope(link: { readonly id: string; readonly connectionId: string; readonly gatewayId: string }, scopes: readonly WatchScope[]): boolean {
  const ids = [link.id, link.connectionId, link.gatewayId].map(canonical);
  return scopes.some((s) => {
    const scope = canonical(s.id);
    return ids.some((id) => id === scope || id.startsWith(scope + '/'));
  });
}

// URLs say vpnLinkConnections, ids say VpnSiteLinkConnections (OPERATIONS.md); a scope may use either.
function canonical(id: string): string {
  return normalizeArmId(id).replace('/vpnlinkconnections/', '/vpnsitelinkconnections/');
}
