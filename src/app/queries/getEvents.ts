import { QUERY_LIMITS } from '../../core/queries/queryLimits';
import type { EventsQuery } from '../../core/queries/parseEventsQuery';
import { narrowedRange, pageOf } from './keysetPage';
import type { TransitionEvent, QueryDeps } from './queryPorts';
import { resolveLink, type ResolveOptions } from './resolveLink';

export interface EventsResult {
  readonly link: { readonly id: string; readonly key: string };
  readonly from: string;
  readonly to: string;
  readonly order: 'asc' | 'desc';
  readonly events: ReadonlyArray<{ readonly at: string; readonly from?: string; readonly to: string }>;
  readonly continuationToken?: string;
}

/** Status transitions of one link in a time range. */
export async function getEvents(
  deps: Pick<QueryDeps, 'links' | 'transitions' | 'sign'>,
  reference: string,
  query: EventsQuery,
  options: ResolveOptions = {},
): Promise<EventsResult> {
  const state = await resolveLink(deps, reference, options);
  const key = state.key;
  const scope = `events|${key}|${query.order}`;
  const { window, range } = narrowedRange(query, scope, deps.sign, QUERY_LIMITS.events.maxWindowMs);
  const rows = await deps.transitions.readRange(key, range);
  const page = pageOf(rows, query.top, (t) => t.at, window, scope, deps.sign);
  return {
    link: { id: state.id, key: state.key },
    from: window.from,
    to: window.to,
    order: query.order,
    events: page.items.map(toEvent),
    continuationToken: page.continuationToken,
  };
}

function toEvent(t: TransitionEvent): { at: string; from?: string; to: string } {
  return { at: t.at, ...(t.from !== undefined && { from: t.from }), to: t.to };
}
