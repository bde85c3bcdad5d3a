import { app, type InvocationContext, type Timer } from '@azure/functions';
import type { MonitoringDeps } from '../app/monitoring/monitoringDeps';
import { formatCycleStatus } from '../app/monitoring/formatCycleStatus';
import { runPollCycle } from '../app/monitoring/runPollCycle';
import type { PollCycleSummary } from '../app/monitoring/pollCycleSummary';
import { monitoringServices } from '../composition/monitoringServices';
import { permissionServices } from '../composition/remediationDeps';
import { knownPermissions } from '../app/permissions/permissionStatus';
import type { ScopePermissions } from '../core/permissions/assessPermissions';

/**
 * Every TW_POLL_SCHEDULE: one poll cycle (or, for a large fleet, the poll shards). A past-due timer runs this
 * once; the cycle's storage lease keeps overlapping runs and instances from polling twice.
 */
export function pollHandler(
  deps: () => Promise<MonitoringDeps>,
  permissions?: () => Promise<readonly ScopePermissions[]>,
) {
  return async (timer: Timer, context: InvocationContext): Promise<PollCycleSummary> => {
    if (timer.isPastDue) context.warn('poll timer is past due: running one catch-up cycle');
    const summary = await runPollCycle(await deps());
    context.log(formatCycleStatus(summary, await knownPermissions(permissions)));
    return summary;
  };
}

app.timer('poll', {
  schedule: '%TW_POLL_SCHEDULE%',
  handler: pollHandler(monitoringServices, permissionServices),
});
