import { app, type InvocationContext } from '@azure/functions';
import type { MonitoringDeps } from '../app/monitoring/monitoringDeps';
import { formatCycleStatus } from '../app/monitoring/formatCycleStatus';
import { parsePollShardMessage, pollShard } from '../app/monitoring/pollShard';
import type { PollCycleSummary } from '../app/monitoring/pollCycleSummary';
import { monitoringServices } from '../composition/monitoringServices';
import { permissionServices } from '../composition/remediationDeps';
import { knownPermissions } from '../app/permissions/permissionStatus';
import type { ScopePermissions } from '../core/permissions/assessPermissions';

/**
 * Scale-out mode: polls one shard of gateways. The storage queue spreads shards over instances. A malformed
 * message throws, so the host retries it and then moves it to the poison queue: nothing is silently dropped.
 */
export function pollShardHandler(deps: () => Promise<MonitoringDeps>, permissions?: () => Promise<readonly ScopePermissions[]>) {
  return async (message: unknown, context: InvocationContext): Promise<PollCycleSummary> => {
    const summary = await pollShard(await deps(), parsePollShardMessage(message));
    context.log(formatCycleStatus(summary, await knownPermissions(permissions)));
    return summary;
  };
}

app.storageQueue('pollShard', { queueName: '%TW_POLL_QUEUE%', connection: 'AzureWebJobsStorage', handler: pollShardHandler(monitoringServices, permissionServices) });
