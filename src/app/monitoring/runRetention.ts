import type { MonitoringDeps } from './monitoringDeps';

const DAY_MS = 86_400_000;

/** The daily retention timer: deletes snapshots older than TW_SNAPSHOT_RETENTION_DAYS; state and transitions stay. */
export async function runRetention(deps: MonitoringDeps, now: Date = deps.clock.now()): Promise<{ readonly deletedSnapshots: number; readonly cutoff: string }> {
  await deps.ensureStorage?.();
  const cutoffMs = now.getTime() - deps.settings.snapshotRetentionDays * DAY_MS;
  const deletedSnapshots = await deps.snapshots.deleteBefore(cutoffMs);
  return { deletedSnapshots, cutoff: new Date(cutoffMs).toISOString() };
}
