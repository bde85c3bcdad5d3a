import { isHuaweiId } from '../../core/huawei/huaweiId';
import { linkNamePath } from '../../core/ids/linkName';
import { mapLimit } from '../../core/mapLimit';
import type { LinkStateReader } from '../ports';
import type { AuditRecord } from './queryPorts';

/** Link-state reads in flight at once while naming a page of audit rows. */
const CONCURRENCY = 8;

/**
 * Audit rows carry a link's id and key, not its names. An ARM id spells its names (`linkNameFromId`); a Huawei id is
 * made of UUIDs, so rows about Huawei links get `linkName` (`gateway/connection`) from link state: one read per
 * distinct link of the page, none for ARM links. A link no longer in link state keeps its row as stored.
 */
export async function withLinkNames(links: LinkStateReader, items: readonly AuditRecord[]): Promise<readonly AuditRecord[]> {
  const keys = new Set<string>();
  for (const item of items) {
    const { linkId, linkKey } = item as { linkId?: unknown; linkKey?: unknown };
    if (typeof linkId === 'string' && typeof linkKey === 'string' && isHuaweiId(linkId)) keys.add(linkKey);
  }
  if (keys.size === 0) return items;
  const states = await mapLimit([...keys], CONCURRENCY, (key) => links.get(key));
  const names = new Map(states.flatMap((s) => (s ? [[s.key, linkNamePath(s)] as const] : [])));
  return items.map((item) => {
    const name = names.get(String((item as { linkKey?: unknown }).linkKey));
    return name === undefined ? item : { ...item, linkName: name };
  });
}
