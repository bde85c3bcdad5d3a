import type { MonitoringDeps } from './monitoringDeps';

const DAY_MS = 86_400_000;

export interface RetentionResult {
  /** Time slices deleted (one DeleteTable each, whatever they held), snapshots first. */
  readonly deletedSlices: readonly string[];
  readonly snapshotCutoff: string;
  readonly historyCutoff: string;
  readonly durationMs: number;
}

/**
 * The daily retention timer: deletes the snapshot slices wholly older than TW_SNAPSHOT_RETENTION_DAYS and the
 * transition, rollup and poll-run slices wholly older than TW_HISTORY_RETENTION_DAYS. Storage operations per run
 * are one table listing per kind plus one DeleteTable per expired slice: constant per expired day, whatever the
 * fleet. Live state (link state, incidents, leases, the reset ledger) lives in fixed tables and is never touched.
 */
export async function runRetention(deps: MonitoringDeps, now: Date = deps.clock.now()): Promise<RetentionResult> {
  const started = deps.clock.now().getTime();
  await deps.ensureStorage?.();
  const snapshotCutoffMs = now.getTime() - deps.settings.snapshotRetentionDays * DAY_MS;
  const historyCutoffMs = now.getTime() - deps.settings.historyRetentionDays * DAY_MS;
  const deletedSlices = [...(await deps.expiring.snapshots.expireBefore(snapshotCutoffMs))];
  for (const kind of deps.expiring.history) deletedSlices.push(...(await kind.expireBefore(historyCutoffMs)));
  return {
    deletedSlices,
    snapshotCutoff: new Date(snapshotCutoffMs).toISOString(),
    historyCutoff: new Date(historyCutoffMs).toISOString(),
    durationMs: deps.clock.now().getTime() - started,
  };
}
