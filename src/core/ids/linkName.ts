import { parseArmId } from './armId';
import type { LinkTopology } from '../snapshot/linkSnapshot';

/**
 * The name path a person types for a link: `gateway/connection/link` (vWAN), `gateway/connection` (Huawei: the VPN
 * gateway's name, its id until the name is known) or `connection` (classic).
 */
export function linkNamePath(link: Pick<LinkTopology, 'kind' | 'gateway' | 'connection' | 'link' | 'gatewayName'>): string {
  if (link.kind === 'vwan') return `${link.gateway}/${link.connection}/${link.link}`;
  return link.kind === 'huawei' ? `${gatewayLabel(link)}/${link.connection}` : link.connection;
}

/** The gateway as views show it: its name (Huawei: from the VPN gateway list when read), else what the link names it by. */
export function gatewayLabel(link: Pick<LinkTopology, 'gateway' | 'gatewayName'>): string {
  return link.gatewayName ?? link.gateway;
}

/** The same name path read from a link's ARM id alone (audit rows carry the id, not the topology). */
export function linkNameFromId(id: string): string | undefined {
  const names = parseArmId(id)?.resources.map(([, name]) => name) ?? [];
  return names.length === 3 || names.length === 1 ? names.join('/') : undefined;
}
