import type { StatusEvidenceFields } from '../snapshot/linkSnapshot';
import type { CounterTrend } from './counterTrend';
import { metricsSilent, type LinkMetricEvidence } from './tunnelMetricEvidence';

/** One link as the poll's lists showed it, with what the previous poll knew. */
export interface StatusCandidate {
  readonly key: string;
  readonly subscriptionId: string;
  /** connectionStatus when the list carried it (then no read is needed). */
  readonly listStatus?: string;
  readonly trend: CounterTrend;
  readonly previous?: Pick<StatusEvidenceFields, 'statusAt' | 'countersStoppedAt' | 'statusReason' | 'statusSource'> & { readonly status: string };
  /** What Azure Monitor's tunnel metrics said about the link, when they were read for its gateway. */
  readonly metrics?: LinkMetricEvidence;
}

export interface StatusReadPlan {
  /** Keys of the links to read, most important first, within each subscription's allowance. */
  readonly reads: readonly string[];
  /** Keys that wanted a read but found no allowance left (they stay unconfirmed for budget reasons). */
  readonly deferred: readonly string[];
}

/** Why a link wants a GET; lower is more urgent. */
const DOWN_OR_UNKNOWN = 0;
const COUNTERS_STOPPED = 1;
const OLDEST = 2;

/**
 * Which links to GET this poll. No read for a link whose list item carried status or whose counters grew (traffic
 * says it is up), nor for one not last seen down whose metrics were above zero in the newest published bucket. The
 * rest, per subscription and within its allowance: links last seen down or unknown (or never confirmed); links whose
 * counters stopped, or whose newest metric bucket is silent, and have not been confirmed since; links whose status is
 * older than `refreshAfterMs`, oldest first. Suspect links (the first two kinds) may also use `urgentAllowances` (beyond
 * the chunk's share: a poll's suspect gateways, whose GETs go out at its start); refreshes stay within `allowances`.
 */
export function planStatusReads(
  candidates: readonly StatusCandidate[],
  allowances: Readonly<Record<string, number>>,
  nowMs: number,
  refreshAfterMs: number,
  urgentAllowances: Readonly<Record<string, number>> = {},
): StatusReadPlan {
  const wanted = candidates.flatMap((c) => {
    const tier = tierOf(c, nowMs, refreshAfterMs);
    return tier === undefined ? [] : [{ c, tier, at: c.previous?.statusAt ?? '' }];
  });
  wanted.sort((a, b) => a.tier - b.tier || compare(a.at, b.at) || compare(a.c.key, b.c.key));
  const left: Record<string, number> = {};
  const urgentLeft: Record<string, number> = {};
  const reads: string[] = [];
  const deferred: string[] = [];
  for (const { c, tier } of wanted) {
    const s = c.subscriptionId;
    const remaining = left[s] ?? Math.max(0, Math.floor(allowances[s] ?? 0));
    // Suspect links (last seen down or unknown, counters stopped, metrics silent) may also spend the urgent allowance
    // (a poll's suspect gateways, read at its start); refreshes of old statuses may not.
    const urgent = urgentLeft[s] ?? Math.max(remaining, Math.floor(urgentAllowances[s] ?? 0));
    const taken = (tier <= COUNTERS_STOPPED ? urgent : remaining) > 0 ? 1 : 0;
    (taken ? reads : deferred).push(c.key);
    left[s] = Math.max(0, remaining - taken);
    urgentLeft[s] = Math.max(0, urgent - taken);
  }
  return { reads, deferred };
}

function tierOf(c: StatusCandidate, nowMs: number, refreshAfterMs: number): number | undefined {
  if (c.listStatus !== undefined || c.trend === 'grew') return undefined;
  const p = c.previous;
  // A status a read confirmed (not an Unknown for want of confirmation) that was not Connected.
  const lastSeenDown = p?.statusAt !== undefined && p.status !== 'Connected' && p.statusReason === undefined;
  if (c.metrics && !lastSeenDown) return metricsTier(c, c.metrics, p, nowMs, refreshAfterMs);
  if (!p?.statusAt || p.status !== 'Connected') return DOWN_OR_UNKNOWN;
  const stoppedSinceConfirmed = c.trend === 'unknown' || p.countersStoppedAt === undefined || p.statusAt < p.countersStoppedAt;
  if (stoppedSinceConfirmed) return COUNTERS_STOPPED;
  return refreshTier(p.statusAt, nowMs, refreshAfterMs);
}

/**
 * For a link the metrics cover and that was not last seen down: counters that stopped after its newest up bucket and
 * since its last confirmation → a suspect (a bucket is minutes old: a busy link that fails now is still "up" in it,
 * and a silent bucket published before the stop says nothing of it); otherwise up in the newest bucket → no GET;
 * silent → a suspect (unknown or never confirmed first, then confirmed-up links), until a GET after that bucket
 * confirms it.
 */
function metricsTier(c: StatusCandidate, metrics: LinkMetricEvidence, p: StatusCandidate['previous'], nowMs: number, refreshAfterMs: number): number | undefined {
  if (stoppedSinceMetrics(c, metrics, p, nowMs)) return COUNTERS_STOPPED;
  if (!metricsSilent(metrics)) return undefined;
  if (!p?.statusAt || p.status !== 'Connected') return DOWN_OR_UNKNOWN;
  return p.statusAt >= metrics.newestBucketAt ? refreshTier(p.statusAt, nowMs, refreshAfterMs) : COUNTERS_STOPPED;
}

/**
 * Traffic was the last confirmation and the counters have been flat since (a busy link that stopped), later than the
 * newest bucket with up time, and nothing confirmed the link since they stopped. An idle link, confirmed by metrics or
 * a GET while its counters stood still, is not one: its first flat poll is no stop.
 */
function stoppedSinceMetrics(c: StatusCandidate, metrics: LinkMetricEvidence, p: StatusCandidate['previous'], nowMs: number): boolean {
  if (c.trend !== 'flat' || p?.statusSource !== 'traffic') return false;
  // The first poll whose counters did not grow: this one, when the previous poll saw them grow.
  const stoppedAt = p.countersStoppedAt ?? new Date(nowMs).toISOString();
  const confirmedSince = p.statusAt !== undefined && p.statusAt >= stoppedAt;
  return stoppedAt > (metrics.upAt ?? '') && !confirmedSince;
}

function refreshTier(statusAt: string, nowMs: number, refreshAfterMs: number): number | undefined {
  return nowMs - Date.parse(statusAt) >= refreshAfterMs ? OLDEST : undefined;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
