import { normalizeArmId } from '../../core/ids/armId';
import { asObject, asString, asTags } from '../../core/snapshot/rawValues';

type Tags = Readonly<Record<string, string>>;

/** One value per key (case-insensitive: subscription or resource ids), loaded once per time to live. */
export interface KeyedCache<T> {
  get(key: string): Promise<T>;
}

export type SiteTagCache = KeyedCache<ReadonlyMap<string, Tags>>;

/**
 * A value per key, loaded by `load` and kept for `ttlMs`. Concurrent callers share one request; a failed load is kept
 * for `failureTtlMs` (default `ttlMs`), so a forbidden list is not re-sent per gateway. A value past its time to live
 * is still served while `keepWhile(loadedAt)` says so (the site tags: for the rest of the poll cycle that loaded them).
 */
export function createKeyedCache<T>(
  load: (key: string) => Promise<T>,
  now: () => number,
  ttlMs: number,
  failureTtlMs = ttlMs,
  keepWhile: (loadedAt: number) => boolean = () => false,
): KeyedCache<T> {
  const entries = new Map<string, { readonly at: number; ttl: number; failed: boolean; readonly value: Promise<T> }>();
  return {
    get: (key) => {
      const id = key.toLowerCase();
      const at = now();
      const cached = entries.get(id);
      if (cached && (at - cached.at < cached.ttl || (!cached.failed && keepWhile(cached.at)))) return cached.value;
      const value = load(key);
      const entry = { at, ttl: ttlMs, failed: false, value };
      // Callers see the error; the cached copy must not count as unhandled.
      value.catch(() => void Object.assign(entry, { ttl: failureTtlMs, failed: true }));
      entries.set(id, entry);
      return value;
    },
  };
}

/**
 * VPN site tags per subscription, from one (paged) Resources_List of `Microsoft.Network/vpnSites` (`list`), kept for
 * `ttlMs` (or while `keepWhile`). Sites carry the per-branch policy tags because vWAN VPN connections, child resources, cannot. Tags of every
 * tagged site, by `normalizeArmId(siteId)`.
 */
export function createSiteTagCache(
  list: (subscriptionId: string) => Promise<readonly unknown[]>,
  now: () => number,
  ttlMs: number,
  keepWhile?: (loadedAt: number) => boolean,
): SiteTagCache {
  return createKeyedCache((subscriptionId) => list(subscriptionId).then(tagsBySite), now, ttlMs, ttlMs, keepWhile);
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
