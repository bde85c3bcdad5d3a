import { app, type InvocationContext } from '@azure/functions';
import type { MonitoringDeps } from '../app/monitoring/monitoringDeps';
import { runRetention } from '../app/monitoring/runRetention';
import { pruneRemediationRecords } from '../app/remediation/pruneRemediationRecords';
import { sweepStaleClaims } from '../app/remediation/sweepStaleClaims';
import { monitoringServices } from '../composition/monitoringServices';
import { remediationRetentionServices, type RemediationRetentionDeps } from '../composition/remediationDeps';

/**
 * Daily at 03:30: deletes the time slices (whole tables) of snapshots and history past their retention, audit rows
 * and webhook dedup rows past theirs (row by row: small volumes); live state is kept. Queues a takeover for every
 * incident whose claim outlived its lease.
 */
export function retentionHandler(
  deps: () => Promise<MonitoringDeps>,
  remediation: () => Promise<RemediationRetentionDeps> = remediationRetentionServices,
) {
  return async (_timer: unknown, context: InvocationContext): Promise<void> => {
    const result = await runRetention(await deps());
    const r = await remediation();
    const pruned = await pruneRemediationRecords(r);
    const swept = await sweepStaleClaims(r);
    context.log(
      `retention: deleted ${result.deletedSlices.length} time slice(s) in ${result.durationMs} ms (snapshots before ${result.snapshotCutoff}, history before ${result.historyCutoff}${result.deletedSlices.length ? `: ${result.deletedSlices.join(', ')}` : ''}), ${pruned.deletedAudit} audit rows, ${pruned.deletedDedup} dedup rows; ${swept.requeued} stale claim(s) queued for takeover`,
    );
  };
}

app.timer('retention', { schedule: '0 30 3 * * *', handler: retentionHandler(monitoringServices) });
