import { normalizeArmId } from '../core/armId';
import { asObject, asString, asTags } from '../core/rawValues';

type Tags = Readonly<Record<string, string>>;

export interface SiteTagCache {
  /** Tags of every tagged VPN site of the subscription, by `normalizeArmId(siteId)`. */
  get(subscriptionId: string): Promise<ReadonlyMap<string, Tags>>;
}

/**
 * VPN site tags per subscription, from one (paged) Resources_List of `Microsoft.Network/vpnSites` (`list`), kept for
 * `ttlMs`. Sites carry the per-branch policy tags because vWAN VPN connections, child resources, cannot. Concurrent
 * callers share one request; a failed list is kept for `ttlMs` too, so a forbidden list is not re-sent per gateway.
 */
export function createSiteTagCache(
  list: (subscriptionId: string) => Promise<readonly unknown[]>,
  now: () => number,
  ttlMs: number,
): SiteTagCache {
  const entries = new Map<
    string,
    { readonly at: number; readonly tags: Promise<ReadonlyMap<string, Tags>> }
  >();
  return {
    get: (subscriptionId) => {
      const key = subscriptionId.toLowerCase();
      const at = now();
      const cached = entries.get(key);
      if (cached && at - cached.at < ttlMs) return cached.tags;
      const tags = list(subscriptionId).then(tagsBySite);
      tags.catch(() => undefined); // callers see the error; the cached copy must not count as unhandled
      entries.set(key, { at, tags });
      return tags;
    },
  };
}

function tagsBySite(items: readonly unknown[]): ReadonlyMap<string, Tags> {
  const bySite = new Map<string, Tags>();
  for (const item of items) {
    const id = asString(asObject(item)?.id);
    const tags = asTags(asObject(item)?.tags);
    if (id && Object.keys(tags).length > 0) bySite.set(normalizeArmId(id), tags);
  }
  return bySite;
}
