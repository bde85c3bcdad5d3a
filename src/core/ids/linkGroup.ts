import { normalizeArmId, parseArmId } from './armId';
import { huaweiScopeId, parseHuaweiId } from '../huawei/huaweiId';

/**
 * Where a link's state is stored: its connection (vWAN VPN connection or the classic connection itself) and its
 * poll target (vWAN gateway, the classic connection's resource group, or the Huawei project in its region). Derived from the link id alone, so a
 * key is enough to find the state row.
 */
export function linkGroupOf(linkId: string): { readonly connectionId: string; readonly targetId: string } | undefined {
  const huawei = parseHuaweiId(linkId);
  if (huawei) return huawei.type === 'vpnConnections' ? { targetId: huaweiScopeId(huawei), connectionId: normalizeArmId(linkId) } : undefined;
  const p = parseArmId(linkId);
  if (!p?.resourceGroup || p.provider?.toLowerCase() !== 'microsoft.network') return undefined;
  const base = `/subscriptions/${p.subscriptionId}/resourceGroups/${p.resourceGroup}`;
  const types = p.resources.map(([t]) => t.toLowerCase());
  const [gateway, connection] = p.resources;
  if (types.length === 3 && types[0] === 'vpngateways' && types[1] === 'vpnconnections' && gateway && connection) {
    const targetId = `${base}/providers/Microsoft.Network/vpnGateways/${gateway[1]}`;
    return { targetId: normalizeArmId(targetId), connectionId: normalizeArmId(`${targetId}/vpnConnections/${connection[1]}`) };
  }
  if (types.length === 1 && types[0] === 'connections') return { targetId: normalizeArmId(base), connectionId: normalizeArmId(linkId) };
  return undefined;
}
