import { decodeContinuationToken, encodeContinuationToken, type Sign } from '../../core/queries/continuationToken';
import type { SortOrder } from '../../core/queries/parseHistoryQuery';
import { badToken } from './queryErrors';
import type { TimeRange } from './queryPorts';

/**
 * Keyset paging over a time-ordered series: the token holds the time of the last row served, and the next
 * page is the same query with its window narrowed past that row. The decoded time must lie inside the window
 * (from `earliest`, which hourly series set to the start of the first hour).
 */
export function narrowedRange(
  window: { from: string; to: string; order: SortOrder; top: number; continuationToken?: string },
  scope: string,
  sign: Sign,
  earliest = window.from,
): TimeRange {
  const range: TimeRange = { from: window.from, to: window.to, order: window.order, limit: window.top + 1 };
  if (window.continuationToken === undefined) return range;
  const after = decodeContinuationToken(window.continuationToken, scope, sign)?.a;
  const ms = typeof after === 'string' ? Date.parse(after) : Number.NaN;
  if (Number.isNaN(ms) || ms < Date.parse(earliest) || ms >= Date.parse(window.to)) throw badToken();
  return window.order === 'asc' ? { ...range, from: new Date(ms + 1).toISOString() } : { ...range, to: new Date(ms).toISOString() };
}

/** Cuts the over-read row and issues the next token, when there is more. */
export function pageOf<T>(rows: readonly T[], top: number, timeOf: (row: T) => string, scope: string, sign: Sign): { items: readonly T[]; continuationToken?: string } {
  if (rows.length <= top) return { items: rows };
  const items = rows.slice(0, top);
  return { items, continuationToken: encodeContinuationToken({ a: timeOf(items[items.length - 1]!) }, scope, sign) };
}
