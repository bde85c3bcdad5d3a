import type { PollCycleSummary } from './pollCycleSummary';

/** One human line per cycle, for the function log and the `npm start` terminal. */
export function formatCycleStatus(summary: PollCycleSummary): string {
  if (summary.mode === 'skipped') return `cycle: skipped (${summary.skippedReason ?? 'no reason given'})`;
  if (summary.mode === 'sharded') return `cycle: ${summary.targets} targets → ${summary.shardsEnqueued} poll shards enqueued (${summary.durationMs} ms)`;
  const statuses = Object.entries(summary.byStatus)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([status, n]) => `${n} ${status}`)
    .join(', ');
  const parts = [
    `${summary.links} links${statuses ? ` (${statuses})` : ''}`,
    `${summary.transitions} transitions`,
    `incidents +${summary.incidentsOpened}/-${summary.incidentsClosed}`,
    `${summary.requestsEnqueued} remediation requests`,
    `${summary.failures.length} failures`,
    `${summary.armRequests} ARM requests`,
    `${summary.tableRoundTrips} table round trips`,
    `${summary.durationMs} ms`,
  ];
  const failures = summary.failures.map((f) => `${f.gatewayId}: ${f.code}`).join('; ');
  return `cycle${summary.mode === 'shard' ? ' shard' : ''}: ${parts.join(' · ')}${failures ? ` — failed: ${failures}` : ''}`;
}
