import { TELEMETRY_NAMES } from '../../core/telemetryNames';
import type { Clock, Telemetry } from '../ports';
import type { PollRunStore } from './monitoringPorts';

/** A poller that has completed no cycle for this many poll intervals is overdue. */
export const OVERDUE_INTERVALS = 3;
/** How far back the last completed cycle is looked for (one bounded query); older is reported as none. */
const LOOKBACK_MS = 24 * 3_600_000;

export interface PollerHealth {
  /** When the newest completed cycle (inline cycle or poll shard) finished; null when none did in the last day. */
  readonly lastCompletedCycleAt: string | null;
  /** True when no cycle completed for OVERDUE_INTERVALS poll intervals. */
  readonly pollerOverdue: boolean;
  readonly overdueAfterSeconds: number;
}

export interface PollerHealthDeps {
  readonly pollRuns: Pick<PollRunStore, 'lastCompleted'>;
  readonly clock: Clock;
  readonly telemetry?: Telemetry;
  /** The poll interval (TW_POLL_SCHEDULE); unknown for irregular schedules, then the status max age is the bound. */
  readonly pollIntervalMs?: number;
  readonly statusMaxAgeMs: number;
}

/**
 * Whether the poller keeps up, from the poll-run rows (one bounded read): the last completed cycle and whether it
 * is older than OVERDUE_INTERVALS intervals. An overdue poller is reported to telemetry (PollCycleOverdue) once per
 * last completed cycle by the process that sees it, so an alert fires even when no cycle runs at all to report it.
 */
export function createPollerHealth(deps: PollerHealthDeps): () => Promise<PollerHealth> {
  const overdueAfterMs = deps.pollIntervalMs !== undefined ? OVERDUE_INTERVALS * deps.pollIntervalMs : deps.statusMaxAgeMs;
  let reportedFor: string | undefined;
  return async () => {
    const nowMs = deps.clock.now().getTime();
    const last = await deps.pollRuns.lastCompleted(nowMs - LOOKBACK_MS, nowMs);
    const lastAt = last?.finishedAt ?? null;
    const overdue = lastAt === null || nowMs - Date.parse(lastAt) > overdueAfterMs;
    if (overdue && reportedFor !== (lastAt ?? 'none')) {
      reportedFor = lastAt ?? 'none';
      const sinceSeconds = lastAt === null ? LOOKBACK_MS / 1000 : Math.floor((nowMs - Date.parse(lastAt)) / 1000);
      deps.telemetry?.event(TELEMETRY_NAMES.events.PollCycleOverdue, { lastCompletedCycleAt: lastAt ?? 'none' }, { sinceSeconds, overdueAfterSeconds: overdueAfterMs / 1000 });
    }
    return { lastCompletedCycleAt: lastAt, pollerOverdue: overdue, overdueAfterSeconds: Math.round(overdueAfterMs / 1000) };
  };
}
