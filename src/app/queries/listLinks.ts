import { decodeContinuationToken, encodeContinuationToken } from '../../core/queries/continuationToken';
import type { LinksQuery } from '../../core/queries/parseLinksQuery';
import type { LinkState } from '../../core/linkState/linkState';
import { gatewayLabel } from '../../core/ids/linkName';
import { currentLinks } from './currentLinks';
import { badToken } from './queryErrors';
import { peerLookup, toLinkView, type LinkView } from './linkView';
import type { QueryDeps } from './queryPorts';

export interface LinksPage {
  /** Counts over every link matching the filters (not just this page). */
  readonly total: number;
  readonly countsByStatus: Readonly<Record<string, number>>;
  readonly links: readonly LinkView[];
  readonly continuationToken?: string;
}

/**
 * Current state of every link matching the filters, ordered by gateway, site, connection and link, paged.
 * The state table has one small row per link (thousands, not millions), so filtering happens after one read.
 */
export async function listLinks(deps: Pick<QueryDeps, 'links' | 'sign' | 'clock' | 'statusMaxAgeMs'>, query: LinksQuery): Promise<LinksPage> {
  const scope = `links|${query.status ?? ''}|${query.gateway ?? ''}|${query.site ?? ''}|${query.q ?? ''}`;
  const offset = query.continuationToken === undefined ? 0 : offsetFrom(query.continuationToken, scope, deps);
  const all = await currentLinks(deps).list();
  const matching = all.filter((s) => matches(s, query)).sort(byTopology);
  const countsByStatus: Record<string, number> = {};
  for (const s of matching) countsByStatus[s.status] = (countsByStatus[s.status] ?? 0) + 1;
  const now = deps.clock.now();
  // Peers are matched over the whole fleet: a filter may leave the other end out of the page, not out of the tunnel.
  const peerOf = peerLookup(all);
  const page = matching.slice(offset, offset + query.top).map((s) => toLinkView(s, now, peerOf));
  const next = offset + query.top;
  return {
    total: matching.length,
    countsByStatus,
    links: page,
    ...(next < matching.length && { continuationToken: encodeContinuationToken({ o: next }, scope, deps.sign) }),
  };
}

function offsetFrom(token: string, scope: string, deps: Pick<QueryDeps, 'sign'>): number {
  const position = decodeContinuationToken(token, scope, deps.sign);
  const offset = position?.o;
  if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0) throw badToken();
  return offset;
}

function matches(state: LinkState, q: LinksQuery): boolean {
  const eq = (value: string | undefined, wanted: string | undefined): boolean =>
    wanted === undefined || (value ?? '').toLowerCase() === wanted.toLowerCase();
  const text = q.q?.toLowerCase();
  // A Huawei gateway is found by the name views show and by its id.
  const gateways = [gatewayLabel(state), state.gateway];
  const found = text === undefined || [...gateways, state.site, state.connection, state.link, state.resourceGroup].some((v) => (v ?? '').toLowerCase().includes(text));
  return eq(state.status, q.status) && (q.gateway === undefined || gateways.some((g) => eq(g, q.gateway))) && eq(state.site, q.site) && found;
}

function byTopology(a: LinkState, b: LinkState): number {
  const fields = (s: LinkState): string[] => [gatewayLabel(s), s.site ?? '', s.connection, s.link, s.key];
  const fa = fields(a);
  const fb = fields(b);
  for (let i = 0; i < fa.length; i++) {
    const c = fa[i]!.localeCompare(fb[i]!);
    if (c !== 0) return c;
  }
  return 0;
}
