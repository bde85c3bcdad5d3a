import { ParamReader, type ParamSource, type Parsed } from './queryParams';
import { parseTimeWindow, type TimeWindow } from './parseTimeWindow';
import { QUERY_LIMITS } from './queryLimits';
import type { SortOrder } from './parseHistoryQuery';

export interface EventsQuery extends TimeWindow {
  readonly order: SortOrder;
  readonly top: number;
  readonly continuationToken?: string;
}

const E = QUERY_LIMITS.events;

export function parseEventsQuery(params: ParamSource, now: Date): Parsed<EventsQuery> {
  const r = new ParamReader(params);
  const window = parseTimeWindow(r, now, E.defaultWindowMs, E.maxWindowMs);
  const query: EventsQuery = {
    from: window.from,
    to: window.to,
    order: r.oneOf('order', ['asc', 'desc'] as const, 'desc'),
    top: r.integer('top', 1, E.maxTop, E.defaultTop),
    continuationToken: r.token('continuationToken'),
  };
  return r.result(query);
}
