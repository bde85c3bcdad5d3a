/**
 * Lower-cased id used as index key. Link connection ids say `VpnSiteLinkConnections` while URLs (and NAT rule
 * references) say `vpnLinkConnections`; both forms address the same link.
 */
export function normalizeSimId(id: string): string {
  return id.toLowerCase().replace('/vpnlinkconnections/', '/vpnsitelinkconnections/');
}
