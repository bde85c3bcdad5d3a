import type { TokenCredential } from '@azure/core-auth';
import type { Telemetry } from '../../app/ports';

/**
 * Application Insights, the only importer of `applicationinsights`. Required lazily: the SDK costs about a
 * second of start-up (measured by `npm run bench`), so a cold start without a connection string never pays it.
 * With a credential (managed identity), ingestion is Entra-authenticated, as infra/ disables local auth.
 */
export function createAppInsightsTelemetry(connectionString: string, credential?: TokenCredential): Telemetry {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const appInsights = require('applicationinsights') as typeof import('applicationinsights');
  const configuration = appInsights.setup(connectionString).setAutoCollectConsole(false);
  const client = appInsights.defaultClient;
  if (credential) client.config.aadTokenCredential = credential;
  configuration.start();
  return {
    event: (name, properties, measurements) =>
      client.trackEvent({ name, properties: { ...properties }, measurements: { ...measurements } }),
    metric: (name, value, properties) => client.trackMetric({ name, value, properties: { ...properties } }),
    flush: () => client.flush(),
  };
}
