import type { LinkStateReader } from '../app/ports';
import type { LinkState } from '../core/linkState';

/** How long one read of the whole link-state table serves further list requests. */
export const LINK_LIST_REUSE_MS = 5_000;

/**
 * Shares one `list()` of link state among the requests that arrive within `reuseMs` of it (and among concurrent
 * ones: single flight). A dashboard search at 10,000 links is then one cached filter instead of a table scan per
 * keystroke; the state changes once per poll (a minute), so a few seconds of reuse cannot hide a change for long.
 * `get()` stays a fresh point read, and a failed read is never reused.
 */
export function withRecentLinkList(
  reader: LinkStateReader,
  nowMs: () => number,
  reuseMs = LINK_LIST_REUSE_MS,
): LinkStateReader {
  let recent: { readonly at: number; readonly list: Promise<readonly LinkState[]> } | undefined;
  return {
    get: (key) => reader.get(key),
    list: () => {
      if (recent && nowMs() - recent.at < reuseMs) return recent.list;
      const list = reader.list();
      const entry = { at: nowMs(), list };
      recent = entry;
      list.catch(() => {
        if (recent === entry) recent = undefined;
      });
      return list;
    },
  };
}
