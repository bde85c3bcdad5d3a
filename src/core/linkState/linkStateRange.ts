import { normalizeArmId, parseArmId } from '../ids/armId';
import { linkGroupOf } from '../ids/linkGroup';
import { stableHash64 } from '../ids/stableBucket';
import { stateRowKeyOfGroup } from '../ids/linkKey';

/** Where the link state of a resource lives: one row (a link or a connection) or one poll target's RowKey range. */
export type StateRowRange = { readonly kind: 'row'; readonly rowKey: string } | { readonly kind: 'target'; readonly prefix: string };

/** `{hash(target)}~`: the RowKey prefix of every state row of one poll target (see docs/storage.md). */
export function stateRowPrefixOfTarget(targetId: string): string {
  return `${stableHash64(normalizeArmId(targetId))}~`;
}

/** The state rows of the links a link key's poll target holds (its first 16 characters are the target's hash). */
export function stateRowPrefixOfLinkKey(linkKey: string): string {
  return `${linkKey.slice(0, 16)}~`;
}

/**
 * The bounded state rows that hold the links a resource id names, so a lookup never scans the whole table:
 * a link or classic connection and a vWAN connection are one row; a vWAN gateway is its own target's range; a classic
 * gateway (virtualNetworkGateways) is its resource group's range (classic connections are stored under their resource
 * group). Undefined for anything else.
 */
export function stateRowRangeOf(resourceId: string): StateRowRange | undefined {
  const group = linkGroupOf(resourceId);
  if (group) return { kind: 'row', rowKey: stateRowKeyOfGroup(group) };
  const p = parseArmId(resourceId);
  if (!p?.resourceGroup || p.provider?.toLowerCase() !== 'microsoft.network') return undefined;
  const base = `/subscriptions/${p.subscriptionId}/resourceGroups/${p.resourceGroup}`;
  const types = p.resources.map(([t]) => t.toLowerCase()).join('/');
  const [gateway] = p.resources;
  if (!gateway) return undefined;
  const gatewayId = `${base}/providers/Microsoft.Network/vpnGateways/${gateway[1]}`;
  if (types === 'vpngateways') return { kind: 'target', prefix: stateRowPrefixOfTarget(gatewayId) };
  if (types === 'vpngateways/vpnconnections') return { kind: 'row', rowKey: stateRowKeyOfGroup({ targetId: gatewayId, connectionId: resourceId }) };
  if (types === 'virtualnetworkgateways') return { kind: 'target', prefix: stateRowPrefixOfTarget(base) };
  return undefined;
}

/** True when the link is, or lies under, the resource id (its own, its connection's or its gateway's id). */
export function linkIsUnder(link: { readonly id: string; readonly connectionId: string; readonly gatewayId: string }, resourceId: string): boolean {
  const target = normalizeArmId(resourceId);
  return [link.id, link.connectionId, link.gatewayId].some((id) => normalizeArmId(id) === target);
}
