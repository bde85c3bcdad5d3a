import type { PollFailure } from './monitoringPorts';
import type { MonitoringDeps } from './monitoringDeps';
import { emptyPollOutcome, type PollOutcome } from './pollTargets';

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
  /** Targets whose list lacked connectionStatus and were read item by item. */
  readonly fallbackTargets: number;
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

/** A poll that polled nothing (skipped, or a sharding timer that only enqueued). */
export function emptyOutcome(): PollOutcome {
  return emptyPollOutcome();
}
