import type { PollFailure } from './monitoringPorts';
import type { MonitoringDeps } from './monitoringDeps';
import type { PollOutcome } from './pollOutcome';
import type { MetricsOff } from './tunnelMetrics';

/** What one poll cycle (or shard) did; the timer/queue functions log it and the benchmark prints it. */
export interface PollCycleSummary {
  readonly cycleId: string;
  readonly mode: 'inline' | 'sharded' | 'shard' | 'skipped';
  /** Why nothing was polled (another cycle holds the lease, or the shard was already done). */
  readonly skippedReason?: string;
  readonly targets: number;
  readonly links: number;
  readonly byStatus: Readonly<Record<string, number>>;
  readonly armRequests: number;
  readonly armRequestsByOperation: Readonly<Record<string, number>>;
  /** 429 answers ARM gave during the cycle (retried by the SDK within bounds). */
  readonly armThrottles: number;
  readonly tableRoundTrips: number;
  readonly failures: readonly PollFailure[];
  /** Targets whose list lacked connectionStatus (their links' status comes from counters and prioritized GETs). */
  readonly fallbackTargets: number;
  /** Status GETs sent this cycle. */
  readonly statusReads: number;
  /** Azure Monitor metrics batch calls sent this cycle. */
  readonly metricCalls: number;
  /** Why metrics gave no fresh evidence for some gateway groups (setting off, forbidden, throttled, error). */
  readonly metricsOff?: MetricsOff;
  /** Links whose status could not be confirmed within TW_STATUS_MAX_AGE_MINUTES (they read Unknown), by reason. */
  readonly unconfirmed: Readonly<Record<string, number>>;
  readonly transitions: number;
  readonly incidentsOpened: number;
  readonly incidentsClosed: number;
  readonly requestsEnqueued: number;
  /** Finished link-hours written to the rollup table this cycle, and those left pending after a failed write. */
  readonly rollupsFlushed: number;
  readonly rollupsPending: number;
  readonly shardsEnqueued: number;
  readonly durationMs: number;
}

/** Counters before a cycle, so the summary reports this cycle's ARM requests and table round trips only. */
export function startMeter(deps: MonitoringDeps): () => { armRequests: number; armRequestsByOperation: Record<string, number>; armThrottles: number; tableRoundTrips: number } {
  const arm = { ...deps.fleet.requestCounts() };
  const throttles = deps.fleet.throttles?.() ?? 0;
  const tables = deps.tableRoundTrips();
  return () => {
    const byOperation: Record<string, number> = {};
    for (const [op, n] of Object.entries(deps.fleet.requestCounts())) if (n - (arm[op] ?? 0) > 0) byOperation[op] = n - (arm[op] ?? 0);
    const armThrottles = (deps.fleet.throttles?.() ?? 0) - throttles;
    return { armRequests: Object.values(byOperation).reduce((a, b) => a + b, 0), armRequestsByOperation: byOperation, armThrottles, tableRoundTrips: deps.tableRoundTrips() - tables };
  };
}

export interface SummaryInput {
  readonly cycleId: string;
  readonly mode: PollCycleSummary['mode'];
  readonly targets: number;
  readonly outcome: PollOutcome;
  readonly meter: ReturnType<ReturnType<typeof startMeter>>;
  /** Measured by the caller on the use case's own clock (the one that gave it `now`). */
  readonly durationMs: number;
  readonly shardsEnqueued: number;
  readonly skippedReason?: string;
}

/** The summary of a cycle or shard from what it polled and what its meter counted. */
export function summarize({ cycleId, mode, targets, outcome, meter, durationMs, shardsEnqueued, skippedReason }: SummaryInput): PollCycleSummary {
  return {
    cycleId,
    mode,
    ...(skippedReason && { skippedReason }),
    targets,
    links: outcome.links,
    byStatus: outcome.byStatus,
    ...meter,
    failures: outcome.failures,
    fallbackTargets: outcome.fallbackTargets,
    statusReads: outcome.statusReads,
    metricCalls: outcome.metricCalls,
    ...(outcome.metricsOff && { metricsOff: outcome.metricsOff }),
    unconfirmed: outcome.unconfirmed,
    transitions: outcome.transitions.length,
    incidentsOpened: outcome.opened.length,
    incidentsClosed: outcome.closedIncidents,
    requestsEnqueued: outcome.requestsEnqueued,
    rollupsFlushed: outcome.rollups.flushed,
    rollupsPending: outcome.rollups.pending,
    shardsEnqueued,
    durationMs,
  };
}
