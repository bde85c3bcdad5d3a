import { ParamReader, type ParamSource, type Parsed } from './queryParams';
import { parseTimeWindow, type TimeWindow } from './parseTimeWindow';
import { QUERY_LIMITS } from './queryLimits';

export type SortOrder = 'asc' | 'desc';
export type Resolution = 'raw' | 'hour';

export interface HistoryQuery extends TimeWindow {
  readonly order: SortOrder;
  /** `auto` is resolved here: raw up to 2 days, hourly rollups beyond. */
  readonly resolution: Resolution;
  readonly top: number;
  readonly format: 'json' | 'csv';
  readonly continuationToken?: string;
}

const H = QUERY_LIMITS.history;

export function parseHistoryQuery(params: ParamSource, now: Date): Parsed<HistoryQuery> {
  const r = new ParamReader(params);
  const asked = r.oneOf('resolution', ['auto', 'raw', 'hour'] as const, 'auto');
  const maxMs = asked === 'raw' ? H.maxRawWindowMs : H.maxHourWindowMs;
  const window = parseTimeWindow(r, now, H.defaultWindowMs, maxMs);
  const resolution: Resolution = asked === 'auto' ? (window.spanMs > H.autoRawMaxWindowMs ? 'hour' : 'raw') : asked;
  const query: HistoryQuery = {
    from: window.from,
    to: window.to,
    order: r.oneOf('order', ['asc', 'desc'] as const, 'asc'),
    resolution,
    top: r.integer('top', 1, H.maxTop, H.defaultTop),
    format: r.oneOf('format', ['json', 'csv'] as const, 'json'),
    continuationToken: r.token('continuationToken'),
  };
  return r.result(query);
}
