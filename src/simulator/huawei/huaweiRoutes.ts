/** The Huawei VPN v5 operations the simulator answers (named as Huawei's SDKs name them). */
export const HUAWEI_OPERATIONS = {
  ListVpnConnections: { method: 'GET', action: 'vpn:vpnConnections:list' },
  ShowVpnConnection: { method: 'GET', action: 'vpn:vpnConnections:get' },
  ResetVpnConnection: { method: 'POST', action: 'vpn:vpnConnections:reset' },
  ListCustomerGateways: { method: 'GET', action: 'vpn:customerGateways:list' },
  ListVgws: { method: 'GET', action: 'vpn:vpnGateways:list' },
  ShowVgw: { method: 'GET', action: 'vpn:vpnGateways:get' },
  // Huawei's permission reference read for this work names no action of its own for the IPsec SA read: the
  // connection's read action is assumed (a refusal is "no evidence" either way).
  ListConnectionIpsecSa: { method: 'GET', action: 'vpn:vpnConnections:get' },
} as const;
export type HuaweiOperationId = keyof typeof HUAWEI_OPERATIONS;

export interface HuaweiRoute {
  readonly operation: HuaweiOperationId;
  readonly projectId: string;
  /** Huawei's connection id, for Show / Reset / ListConnectionIpsecSa. */
  readonly connectionId?: string;
  /** Huawei's VPN gateway id, for ShowVgw. */
  readonly vgwId?: string;
}

export type HuaweiRouteMatch = { readonly kind: 'matched'; readonly route: HuaweiRoute } | { readonly kind: 'none' };

/** Every Huawei path starts with `/v5/`; ARM paths never do, so the server tells them apart by this prefix. */
export function isHuaweiPath(pathname: string): boolean {
  return pathname.startsWith('/v5/');
}

/** Paths match exactly (Huawei's gateway is case-sensitive); a trailing slash is tolerated as the gateway does. */
export function matchHuaweiRoute(method: string, pathname: string): HuaweiRouteMatch {
  const [v5, projectId, collection, connectionId, action, ...rest] = pathname.replace(/\/+$/, '').split('/').slice(1);
  if (v5 !== 'v5' || !projectId || rest.length > 0) return { kind: 'none' };
  const matched = (operation: HuaweiOperationId, id?: string): HuaweiRouteMatch =>
    HUAWEI_OPERATIONS[operation].method === method ? { kind: 'matched', route: { operation, projectId, ...(id === undefined ? {} : { connectionId: id }) } } : { kind: 'none' };
  if (collection === 'customer-gateways' && connectionId === undefined) return matched('ListCustomerGateways');
  if (collection === 'vpn-gateways') return matchVgw(method, projectId, connectionId, action);
  if (collection !== 'vpn-connection') return { kind: 'none' };
  if (connectionId === undefined) return matched('ListVpnConnections');
  if (action === undefined) return matched('ShowVpnConnection', connectionId);
  if (action === 'ipsec-sa') return matched('ListConnectionIpsecSa', connectionId);
  return action === 'reset' ? matched('ResetVpnConnection', connectionId) : { kind: 'none' };
}

/** `GET /v5/{project_id}/vpn-gateways` (ListVgws) and `GET …/vpn-gateways/{vgw_id}` (ShowVgw). */
function matchVgw(method: string, projectId: string, vgwId: string | undefined, rest: string | undefined): HuaweiRouteMatch {
  if (method !== 'GET' || rest !== undefined) return { kind: 'none' };
  return { kind: 'matched', route: vgwId === undefined ? { operation: 'ListVgws', projectId } : { operation: 'ShowVgw', projectId, vgwId } };
}
