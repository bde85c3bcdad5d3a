import { ManagedIdentityCredential } from '@azure/identity';
import type { Telemetry } from '../app/ports';
import { createAppInsightsTelemetry } from '../adapters/telemetry/appInsightsTelemetry';
import { noopTelemetry } from '../adapters/telemetry/noopTelemetry';
import { appConfig } from './appConfig';

let cached: Telemetry | undefined;

/**
 * Application Insights when APPLICATIONINSIGHTS_CONNECTION_STRING is set, nothing otherwise. In Azure, ingestion
 * is Entra-authenticated (infra/ disables local auth) with the app's managed identity named in
 * APPLICATIONINSIGHTS_AUTHENTICATION_STRING (`ClientId=<id>;Authorization=AAD`).
 */
export function appTelemetry(): Telemetry {
  if (cached) return cached;
  const connectionString = appConfig().appInsightsConnectionString;
  if (!connectionString) return (cached = noopTelemetry);
  const clientId = /ClientId=([^;]+)/i.exec(process.env.APPLICATIONINSIGHTS_AUTHENTICATION_STRING ?? '')?.[1];
  cached = createAppInsightsTelemetry(connectionString, clientId ? new ManagedIdentityCredential({ clientId }) : undefined);
  return cached;
}
