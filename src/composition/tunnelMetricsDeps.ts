import { readFileSync } from 'node:fs';
import type { TokenCredential } from '@azure/core-auth';
import { armCredential } from '../adapters/entra/armCredential';
import { createAzureMonitorMetrics } from '../adapters/monitor/azureMonitorMetrics';
import { createTunnelMetrics, disabledTunnelMetrics, type TunnelMetrics } from '../app/monitoring/tunnelMetrics';
import type { Config } from '../config/loadConfig';

/**
 * The metrics source from config: the batch adapter behind the per-process cache, on the ARM identity (Monitoring
 * Reader) and, against the simulator, its pinned certificate; or metrics off with the reason every cycle line shows.
 */
export function buildTunnelMetrics(config: Config, options: { readonly credential?: TokenCredential; readonly metricsIngestionDelayMs?: number } = {}): TunnelMetrics {
  if (!config.metrics.enabled) return disabledTunnelMetrics(config.metrics.offReason);
  const reader = createAzureMonitorMetrics({
    endpoint: config.metrics.endpoint,
    credential: options.credential ?? armCredential(config),
    ...(config.armCaFile && { caPem: readFileSync(config.armCaFile, 'utf8') }),
  });
  return createTunnelMetrics(reader, { ...(options.metricsIngestionDelayMs !== undefined && { ingestionDelayMs: options.metricsIngestionDelayMs }) });
}
