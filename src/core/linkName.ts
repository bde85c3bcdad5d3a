import { parseArmId } from './armId';
import type { LinkTopology } from './linkSnapshot';

/** The name path a person types for a link: `gateway/connection/link` (vWAN) or `connection` (classic, Huawei). */
export function linkNamePath(link: Pick<LinkTopology, 'kind' | 'gateway' | 'connection' | 'link'>): string {
  return link.kind === 'vwan' ? `${link.gateway}/${link.connection}/${link.link}` : link.connection;
}

/** The same name path read from a link's ARM id alone (audit rows carry the id, not the topology). */
export function linkNameFromId(id: string): string | undefined {
  const names = parseArmId(id)?.resources.map(([, name]) => name) ?? [];
  return names.length === 3 || names.length === 1 ? names.join('/') : undefined;
}
