import type { LinkStateReader } from '../app/ports';
import { reuseRecent } from '../app/queries/reuseRecent';

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
  return { get: (key) => reader.get(key), list: reuseRecent(() => reader.list(), nowMs, reuseMs) };
}
