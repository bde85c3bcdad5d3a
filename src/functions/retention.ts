import { app, type InvocationContext } from '@azure/functions';
import type { MonitoringDeps } from '../app/monitoring/monitoringDeps';
import { runRetention } from '../app/monitoring/runRetention';
import { monitoringServices } from '../composition/monitoringServices';

/** Daily at 03:30: deletes snapshots older than TW_SNAPSHOT_RETENTION_DAYS (state and transitions are kept). */
export function retentionHandler(deps: () => Promise<MonitoringDeps>) {
  return async (_timer: unknown, context: InvocationContext): Promise<void> => {
    const result = await runRetention(await deps());
    context.log(`retention: deleted ${result.deletedSnapshots} snapshots older than ${result.cutoff}`);
  };
}

app.timer('retention', { schedule: '0 30 3 * * *', handler: retentionHandler(monitoringServices) });
