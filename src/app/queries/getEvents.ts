import type { EventsQuery } from '../../core/queries/parseEventsQuery';
import { narrowedRange, pageOf } from './keysetPage';
import type { LinkTransition, QueryDeps } from './queryPorts';
import { resolveLink } from './resolveLink';

export interface EventsResult {
  readonly link: { readonly id: string; readonly key: string };
  readonly from: string;
  readonly to: string;
  readonly order: 'asc' | 'desc';
  readonly events: ReadonlyArray<{ readonly at: string; readonly from?: string; readonly to: string }>;
  readonly continuationToken?: string;
}

/** Status transitions of one link in a time range. */
export async function getEvents(deps: Pick<QueryDeps, 'links' | 'transitions' | 'sign'>, key: string, query: EventsQuery): Promise<EventsResult> {
  const state = await resolveLink(deps, key);
  const scope = `events|${key}|${query.from}|${query.to}|${query.order}`;
  const rows = await deps.transitions.readRange(key, narrowedRange(query, scope, deps.sign));
  const page = pageOf(rows, query.top, (t) => t.at, scope, deps.sign);
  return {
    link: { id: state.id, key: state.key },
    from: query.from,
    to: query.to,
    order: query.order,
    events: page.items.map(toEvent),
    continuationToken: page.continuationToken,
  };
}

function toEvent(t: LinkTransition): { at: string; from?: string; to: string } {
  return { at: t.at, ...(t.from !== undefined && { from: t.from }), to: t.to };
}
