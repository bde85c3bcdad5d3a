import type { TokenCredential } from '@azure/core-auth';
import type { HttpClient } from '@azure/core-rest-pipeline';
import { MetricsClient, type MetricsQueryResult } from '@azure/monitor-query-metrics';
import { TunnelwatchError, toError, type ErrorCode } from '../../core/errors';
import type { TunnelMetricSeries } from '../../core/status/tunnelMetricEvidence';
import { trustCaPolicy } from '../http/trustCaPolicy';
import { METRICS_BATCH_MAX, type TunnelMetricsBatch, type TunnelMetricsReader } from '../../app/monitoring/tunnelMetrics';

/** The regional data-plane endpoint of the batch API; `{region}` is the gateways' region. */
export const DEFAULT_METRICS_ENDPOINT = 'https://{region}.metrics.monitor.azure.com';
/** The token audience of the metrics data plane (the client's own default would be ARM's). */
export const METRICS_SCOPE = 'https://metrics.monitor.azure.com/.default';
/** Security associations say a tunnel is established, traffic that it carried something: either is evidence. */
export const TUNNEL_METRICS = ['MmsaCount', 'QmsaCount', 'TunnelIngressBytes', 'TunnelEgressBytes'] as const;
/** Series per metric and resource; the API's default is 10, far fewer than a gateway's tunnels × instances. */
export const METRICS_TOP = 2000;
const FILTER = "ConnectionName eq '*' and RemoteIP eq '*' and Instance eq '*'";

export interface AzureMonitorMetricsOptions {
  /** `https://{region}.metrics.monitor.azure.com` (default) or a fixed URL (the simulator serves every region). */
  readonly endpoint?: string;
  readonly credential: TokenCredential;
  /** PEM to trust for the endpoint (the simulator's certificate), for this client only. */
  readonly caPem?: string;
  /** Tests: answers recorded responses instead of the network. */
  readonly httpClient?: HttpClient;
}

export interface AzureMonitorMetrics extends TunnelMetricsReader {
  /** Batch calls sent so far (failed ones included). */
  calls(): number;
}

/**
 * The only importer of @azure/monitor-query-metrics: one `metrics:getBatch` call per batch of ≤ 50 gateways of one
 * subscription, region and type, PT5M totals of the tunnel metrics split by ConnectionName, RemoteIP and Instance.
 * No pipeline retries: a throttled (529) or failed call is the caller's to back off from (tunnelMetrics.ts).
 */
export function createAzureMonitorMetrics(options: AzureMonitorMetricsOptions): AzureMonitorMetrics {
  const template = options.endpoint ?? DEFAULT_METRICS_ENDPOINT;
  const clients = new Map<string, MetricsClient>();
  const trust = options.caPem ? trustCaPolicy(options.caPem, 'tunnelwatchMetricsTrustCa') : undefined;
  let calls = 0;
  const clientFor = (region: string): MetricsClient => {
    const endpoint = template.replace('{region}', encodeURIComponent(region.toLowerCase()));
    let client = clients.get(endpoint);
    if (!client) {
      client = new MetricsClient(endpoint, options.credential, {
        credentials: { scopes: [METRICS_SCOPE] },
        retryOptions: { maxRetries: 0 },
        ...(trust && { additionalPolicies: [{ policy: trust, position: 'perCall' as const }] }),
        ...(options.httpClient && { httpClient: options.httpClient }),
      });
      clients.set(endpoint, client);
    }
    return client;
  };
  return {
    calls: () => calls,
    queryBatch: async (batch: TunnelMetricsBatch): Promise<readonly TunnelMetricSeries[]> => {
      if (batch.resourceIds.length === 0) return [];
      if (batch.resourceIds.length > METRICS_BATCH_MAX) throw new TunnelwatchError('METRICS.BAD_REQUEST', `A metrics batch holds at most ${METRICS_BATCH_MAX} resources (got ${batch.resourceIds.length}).`);
      calls++;
      try {
        const results = await clientFor(batch.region).queryResources([...batch.resourceIds], [...TUNNEL_METRICS], batch.resourceType, {
          startTime: new Date(batch.startMs),
          endTime: new Date(batch.endMs),
          interval: 'PT5M',
          aggregation: 'total',
          top: METRICS_TOP,
          filter: FILTER,
        });
        return results.flatMap(seriesOf);
      } catch (thrown) {
        throw toMetricsError(thrown, batch);
      }
    },
  };
}

/** Every tunnel series of one resource's answer, with the points that carry a total. */
export function seriesOf(result: MetricsQueryResult): TunnelMetricSeries[] {
  const resourceId = result.resourceId ?? '';
  return result.metrics.flatMap((metric) =>
    metric.errorCode !== undefined && metric.errorCode !== 'Success'
      ? []
      : metric.timeseries.map((ts) => {
          const dims = new Map((ts.metadatavalues ?? []).map((m) => [(m.name ?? '').toLowerCase(), m.value ?? '']));
          const points = (ts.data ?? []).flatMap((d) => (typeof d.total === 'number' && Number.isFinite(d.timeStamp.getTime()) ? [{ startMs: d.timeStamp.getTime(), value: d.total }] : []));
          return {
            resourceId,
            metric: metric.name,
            ...dimension('connectionName', dims.get('connectionname')),
            ...dimension('remoteIp', dims.get('remoteip')),
            ...dimension('instance', dims.get('instance')),
            points,
          };
        }),
  );
}

function dimension<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value ? ({ [key]: value } as Record<K, string>) : {};
}

/** 529 (and 429) → throttled, 401/403 → no permission, 400 → a request we got wrong, anything else → unavailable. */
function toMetricsError(thrown: unknown, batch: TunnelMetricsBatch): TunnelwatchError {
  const error = toError(thrown);
  const status = (thrown as { statusCode?: unknown }).statusCode;
  const code: ErrorCode =
    status === 529 || status === 429 ? 'METRICS.THROTTLED' : status === 403 ? 'METRICS.FORBIDDEN' : status === 401 ? 'METRICS.UNAUTHORIZED' : status === 400 ? 'METRICS.BAD_REQUEST' : 'METRICS.UNAVAILABLE';
  const transient = code === 'METRICS.THROTTLED' || code === 'METRICS.UNAVAILABLE';
  return new TunnelwatchError(code, `metrics batch of ${batch.resourceIds.length} gateways in ${batch.region}: ${error.message.slice(0, 300)}`, transient, { status });
}
