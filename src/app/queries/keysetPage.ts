import {
  decodeContinuationToken,
  encodeContinuationToken,
  type Position,
  type Sign,
} from '../../core/queries/continuationToken';
import type { SortOrder } from '../../core/queries/parseHistoryQuery';
import type { TimeWindow } from '../../core/queries/parseTimeWindow';
import { badToken } from './queryErrors';
import type { TimeRange } from './queryPorts';

interface TokenWindow extends TimeWindow {
  readonly continuationToken?: string;
}

interface PagedWindow extends TokenWindow {
  readonly order: SortOrder;
  readonly top: number;
}

/**
 * Reads a token issued for this query. The token carries the window it was issued for (`f`/`w`), which wins over
 * the request's: a defaulted window ("the last 24 h") moves with the clock, a page sequence must not. The token's
 * window is held to the same bound (`maxWindowMs`) as a requested one: a forged token must not widen it.
 */
export function readToken(
  window: TokenWindow,
  scope: string,
  sign: Sign,
  maxWindowMs: number,
): { readonly window: TimeWindow; readonly position?: Position } {
  if (window.continuationToken === undefined) return { window };
  const position = decodeContinuationToken(window.continuationToken, scope, sign);
  if (!position || typeof position.f !== 'string' || typeof position.w !== 'string') throw badToken();
  const from = Date.parse(position.f);
  const to = Date.parse(position.w);
  if (Number.isNaN(from) || Number.isNaN(to) || from >= to || to - from > maxWindowMs) throw badToken();
  return { window: { from: position.f, to: position.w }, position };
}

export function issueToken(window: TimeWindow, position: Position, scope: string, sign: Sign): string {
  return encodeContinuationToken({ ...position, f: window.from, w: window.to }, scope, sign);
}

/**
 * Keyset paging over a time-ordered series: the token holds the time of the last row served (`a`), and the next
 * page is the same window narrowed past that row. The decoded time must lie inside the window (from `earliest`,
 * which hourly series set to the start of the first hour).
 */
export function narrowedRange(
  query: PagedWindow,
  scope: string,
  sign: Sign,
  maxWindowMs: number,
  earliestOf: (from: string) => string = (f) => f,
): { window: TimeWindow; range: TimeRange } {
  const { window, position } = readToken(query, scope, sign, maxWindowMs);
  const range: TimeRange = { from: window.from, to: window.to, order: query.order, limit: query.top + 1 };
  if (!position) return { window, range };
  const ms = typeof position.a === 'string' ? Date.parse(position.a) : Number.NaN;
  if (Number.isNaN(ms) || ms < Date.parse(earliestOf(window.from)) || ms >= Date.parse(window.to))
    throw badToken();
  const narrowed =
    query.order === 'asc'
      ? { ...range, from: new Date(ms + 1).toISOString() }
      : { ...range, to: new Date(ms).toISOString() };
  return { window, range: narrowed };
}

/** Cuts the over-read row and issues the next token, when there is more. */
export function pageOf<T>(
  rows: readonly T[],
  top: number,
  timeOf: (row: T) => string,
  window: TimeWindow,
  scope: string,
  sign: Sign,
): { items: readonly T[]; continuationToken?: string } {
  if (rows.length <= top) return { items: rows };
  const items = rows.slice(0, top);
  return {
    items,
    continuationToken: issueToken(window, { a: timeOf(items[items.length - 1]!) }, scope, sign),
  };
}
