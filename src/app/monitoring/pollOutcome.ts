import type { IncidentOpening, LinkTransition } from '../../core/linkState/trackLinkState';
import type { RollupFlush } from './flushPendingRollups';
import type { PollFailure } from './monitoringPorts';
import type { MetricsOff } from './tunnelMetrics';

/** What a poll (a chunk, a shard or a whole cycle) produced; counts only, so nothing per link outlives its chunk. */
export interface PollOutcome {
  readonly links: number;
  readonly byStatus: Readonly<Record<string, number>>;
  readonly transitions: readonly LinkTransition[];
  readonly opened: readonly IncidentOpening[];
  readonly closedIncidents: number;
  readonly failures: readonly PollFailure[];
  readonly fallbackTargets: number;
  readonly requestsEnqueued: number;
  readonly rollups: RollupFlush;
  /** Links whose status could not be confirmed within the max age, by reason (budget, throttled, forbidden, error). */
  readonly unconfirmed: Readonly<Record<string, number>>;
  /** Status GETs sent (links whose list carried no status and whose counters did not say). */
  readonly statusReads: number;
  /** Azure Monitor metrics batch calls sent, and why metrics were off for some gateway groups (if they were). */
  readonly metricCalls: number;
  readonly metricsOff?: MetricsOff;
  /** Targets holding a link in a down streak when polled (its GET goes first next time: SuspectHints). */
  readonly suspectTargets: readonly string[];
}

/** A poll that polled nothing (skipped, or a sharding timer that only enqueued). */
export function emptyPollOutcome(): PollOutcome {
  return { links: 0, byStatus: {}, transitions: [], opened: [], closedIncidents: 0, failures: [], fallbackTargets: 0, requestsEnqueued: 0, rollups: { flushed: 0, pending: 0 }, unconfirmed: {}, statusReads: 0, metricCalls: 0, suspectTargets: [] };
}

/** The sum of two outcomes, so a poll's outcome does not depend on how it was chunked. */
export function addPollOutcomes(a: PollOutcome, b: PollOutcome): PollOutcome {
  const byStatus: Record<string, number> = { ...a.byStatus };
  for (const [status, n] of Object.entries(b.byStatus)) byStatus[status] = (byStatus[status] ?? 0) + n;
  const unconfirmed: Record<string, number> = { ...a.unconfirmed };
  for (const [reason, n] of Object.entries(b.unconfirmed)) unconfirmed[reason] = (unconfirmed[reason] ?? 0) + n;
  return {
    links: a.links + b.links,
    byStatus,
    transitions: [...a.transitions, ...b.transitions],
    opened: [...a.opened, ...b.opened],
    closedIncidents: a.closedIncidents + b.closedIncidents,
    failures: [...a.failures, ...b.failures],
    fallbackTargets: a.fallbackTargets + b.fallbackTargets,
    requestsEnqueued: a.requestsEnqueued + b.requestsEnqueued,
    rollups: { flushed: a.rollups.flushed + b.rollups.flushed, pending: a.rollups.pending + b.rollups.pending },
    unconfirmed,
    statusReads: a.statusReads + b.statusReads,
    metricCalls: a.metricCalls + b.metricCalls,
    suspectTargets: [...new Set([...a.suspectTargets, ...b.suspectTargets])],
    ...((b.metricsOff ?? a.metricsOff) && { metricsOff: b.metricsOff ?? a.metricsOff }),
  };
}
