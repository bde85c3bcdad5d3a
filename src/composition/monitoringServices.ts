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
