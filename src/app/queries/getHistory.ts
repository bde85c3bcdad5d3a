import { QUERY_LIMITS } from '../../core/queries/queryLimits';
import type { HistoryQuery } from '../../core/queries/parseHistoryQuery';
import { HOUR_MS } from '../../core/queries/queryLimits';
import { hourOf } from '../../core/rollups/hourlyRollup';
import { toRollupPoint, type RollupPoint } from '../../core/rollups/rollupPoint';
import type { LinkSnapshot } from '../../core/snapshot/linkSnapshot';
import { narrowedRange, pageOf } from './keysetPage';
import type { QueryDeps } from './queryPorts';
import { resolveLink, type ResolveOptions } from './resolveLink';
import { withRecentHoursFromRaw } from './withRecentHoursFromRaw';

/** One raw point (resolution=raw): the snapshot's measurements without its topology. */
export type SnapshotPoint = Pick<
  LinkSnapshot,
  | 'polledAt'
  | 'status'
  | 'statusSource'
  | 'statusAt'
  | 'statusReason'
  | 'provisioningState'
  | 'ingressBytes'
  | 'egressBytes'
  | 'ingressBps'
  | 'egressBps'
  | 'counterRestart'
>;

export type HistoryResult = {
  readonly link: { readonly id: string; readonly key: string };
  readonly from: string;
  readonly to: string;
  readonly order: 'asc' | 'desc';
  readonly continuationToken?: string;
} & (
  | { readonly resolution: 'raw'; readonly points: readonly SnapshotPoint[] }
  | { readonly resolution: 'hour'; readonly points: readonly RollupPoint[] }
);

export async function getHistory(
  deps: Pick<QueryDeps, 'links' | 'snapshots' | 'rollups' | 'sign' | 'clock'>,
  reference: string,
  query: HistoryQuery,
  options: ResolveOptions = {},
): Promise<HistoryResult> {
  const state = await resolveLink(deps, reference, options);
  const key = state.key;
  const scope = `history|${key}|${query.resolution}|${query.order}`;
  const { window, range } = narrowedRange(
    query,
    scope,
    deps.sign,
    query.resolution === 'hour' ? QUERY_LIMITS.history.maxHourWindowMs : QUERY_LIMITS.history.maxRawWindowMs,
    query.resolution === 'hour' ? hourOf : undefined,
  );
  const head = {
    link: { id: state.id, key: state.key },
    from: window.from,
    to: window.to,
    order: query.order,
  };
  if (query.resolution === 'raw') {
    const rows = await deps.snapshots.readRange(key, range);
    const page = pageOf(rows, query.top, (s) => s.polledAt, window, scope, deps.sign);
    return {
      ...head,
      resolution: 'raw',
      points: page.items.map(toPoint),
      continuationToken: page.continuationToken,
    };
  }
  const afterToken = (h: string): boolean =>
    query.order === 'asc' ? Date.parse(h) >= Date.parse(range.from) : Date.parse(h) < Date.parse(range.to);
  const hours = hoursIn(window.from, window.to, query.order).filter(
    (h) => query.continuationToken === undefined || afterToken(h),
  );
  const page = pageOf(hours, query.top, (h) => h, window, scope, deps.sign);
  const stored = await deps.rollups.readLinkHours(key, page.items);
  const rollups = await withRecentHoursFromRaw(deps.snapshots, key, page.items, stored, deps.clock.now());
  return {
    ...head,
    resolution: 'hour',
    points: rollups.map(toRollupPoint),
    continuationToken: page.continuationToken,
  };
}

/** Hour starts that overlap [from, to), in the asked order. */
export function hoursIn(from: string, to: string, order: 'asc' | 'desc'): string[] {
  const hours: string[] = [];
  const end = Date.parse(to);
  for (let t = Date.parse(hourOf(from)); t < end; t += HOUR_MS) hours.push(new Date(t).toISOString());
  return order === 'asc' ? hours : hours.reverse();
}

function toPoint(s: LinkSnapshot): SnapshotPoint {
  return {
    polledAt: s.polledAt,
    status: s.status,
    statusSource: s.statusSource,
    statusAt: s.statusAt,
    statusReason: s.statusReason,
    provisioningState: s.provisioningState,
    ingressBytes: s.ingressBytes,
    egressBytes: s.egressBytes,
    ingressBps: s.ingressBps,
    egressBps: s.egressBps,
    ...(s.counterRestart && { counterRestart: true }),
  };
}
