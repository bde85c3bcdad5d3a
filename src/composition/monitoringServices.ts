import { createPollerHealth, type PollerHealth } from '../app/monitoring/pollerHealth';
import { scheduleIntervalMs } from '../core/polling/scheduleIntervalMs';
import { createMonitoringDeps, type ProductionMonitoringDeps } from './createMonitoringDeps';
import { appConfig } from './appConfig';
import { appTelemetry } from './appTelemetry';
import { armNetwork } from './armNetwork';
import { lazyAsync } from './lazyAsync';
import { huaweiProvider } from './linkProviders';

/** The poller's dependencies, built once per process, tables created on first use. */
export const monitoringServices = lazyAsync(async (): Promise<ProductionMonitoringDeps> => {
  const deps = createMonitoringDeps(appConfig(), { telemetry: appTelemetry(), arm: armNetwork(), huawei: huaweiProvider() });
  await deps.ensureStorage();
  return deps;
});

/** GET /api/health/details' poller check, built once per process on the poller's own stores and clock. */
export const pollerHealthService = lazyAsync(async (): Promise<() => Promise<PollerHealth>> => {
  const deps = await monitoringServices();
  const config = appConfig();
  const pollIntervalMs = scheduleIntervalMs(config.pollSchedule);
  return createPollerHealth({ ...deps, statusMaxAgeMs: config.statusMaxAgeMs, ...(pollIntervalMs !== undefined && { pollIntervalMs }) });
});
