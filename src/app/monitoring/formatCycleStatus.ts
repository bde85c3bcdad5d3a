import { monitoringOnlyNotes, type ScopePermissions } from '../../core/permissions/assessPermissions';
import type { PollCycleSummary } from './pollCycleSummary';

/**
 * One human line per cycle, for the function log and the `npm start` terminal. A scope whose permissions lack a
 * reset or operation-status read is named in every line (`monitoring only: <scope> lacks <actions>`).
 */
export function formatCycleStatus(
  summary: PollCycleSummary,
  permissions: readonly ScopePermissions[] = [],
): string {
  const notes = monitoringOnlyNotes(permissions);
  const line = cycleLine(summary);
  return notes.length > 0 ? `${line} — monitoring only: ${notes.join('; ')}` : line;
}

function cycleLine(summary: PollCycleSummary): string {
  if (summary.mode === 'skipped') return `cycle: skipped (${summary.skippedReason ?? 'no reason given'})`;
  if (summary.mode === 'sharded')
    return `cycle: ${summary.targets} targets → ${summary.shardsEnqueued} poll shards enqueued (${summary.durationMs} ms)`;
  const statuses = Object.entries(summary.byStatus)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([status, n]) => `${n} ${status}`)
    .join(', ');
  const parts = [
    `${summary.links} links${statuses ? ` (${statuses})` : ''}`,
    ...unconfirmedPart(summary.unconfirmed),
    `${summary.transitions} transitions`,
    `incidents +${summary.incidentsOpened}/-${summary.incidentsClosed}`,
    `${summary.requestsEnqueued} remediation requests`,
    `${summary.failures.length} failures`,
    `${summary.armRequests} ARM requests`,
    ...metricsPart(summary),
    `${summary.tableRoundTrips} table round trips`,
    `${summary.durationMs} ms`,
  ];
  const failures = summary.failures.map((f) => `${f.gatewayId}: ${f.code}`).join('; ');
  return `cycle${summary.mode === 'shard' ? ' shard' : ''}: ${parts.join(' · ')}${failures ? ` — failed: ${failures}` : ''}`;
}

/** `3 metric calls`, and `metrics off (forbidden)` / `metrics off for 2/7 gateway groups (throttled)` when they were. */
function metricsPart(summary: PollCycleSummary): string[] {
  const off = summary.metricsOff;
  const calls = summary.metricCalls > 0 ? [`${summary.metricCalls} metric calls`] : [];
  if (!off) return calls;
  const which = off.groups < off.of ? ` for ${off.groups}/${off.of} gateway groups` : '';
  return [...calls, `metrics off${which} (${off.reason})`];
}

/** `5 unconfirmed (budget)` or `7 unconfirmed (budget 5, throttled 2)`: never a silent healthy. */
export function unconfirmedPart(unconfirmed: Readonly<Record<string, number>>): string[] {
  const reasons = Object.entries(unconfirmed).filter(([, n]) => n > 0).sort(([a], [b]) => a.localeCompare(b));
  const total = reasons.reduce((sum, [, n]) => sum + n, 0);
  if (total === 0) return [];
  const why = reasons.length === 1 ? reasons[0]![0] : reasons.map(([reason, n]) => `${reason} ${n}`).join(', ');
  return [`${total} unconfirmed (${why})`];
}
