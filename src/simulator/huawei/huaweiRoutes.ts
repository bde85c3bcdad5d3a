/** The Huawei VPN v5 operations the simulator answers (named as Huawei's SDKs name them). */
export const HUAWEI_OPERATIONS = {
  ListVpnConnections: { method: 'GET', action: 'vpn:vpnConnections:list' },
  ShowVpnConnection: { method: 'GET', action: 'vpn:vpnConnections:get' },
  ResetVpnConnection: { method: 'POST', action: 'vpn:vpnConnections:reset' },
  ListCustomerGateways: { method: 'GET', action: 'vpn:customerGateways:list' },
} as const;
export type HuaweiOperationId = keyof typeof HUAWEI_OPERATIONS;

export interface HuaweiRoute {
  readonly operation: HuaweiOperationId;
  readonly projectId: string;
  /** Huawei's connection id, for Show / Reset. */
  readonly connectionId?: string;
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
  if (collection !== 'vpn-connection') return { kind: 'none' };
  if (connectionId === undefined) return matched('ListVpnConnections');
  if (action === undefined) return matched('ShowVpnConnection', connectionId);
  return action === 'reset' ? matched('ResetVpnConnection', connectionId) : { kind: 'none' };
}
