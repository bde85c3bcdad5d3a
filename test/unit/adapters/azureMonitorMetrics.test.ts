import { createHttpHeaders, type HttpClient, type PipelineRequest } from '@azure/core-rest-pipeline';
import { describe, expect, it } from 'vitest';
import { createAzureMonitorMetrics, METRICS_SCOPE } from '../../../src/adapters/monitor/azureMonitorMetrics';
import { TunnelwatchError } from '../../../src/core/errors';

const SUB = '12345678-1234-1234-1234-123456789abc';
const GW1 = `/subscriptions/${SUB}/resourceGroups/rg-vpn/providers/Microsoft.Network/vpnGateways/gw-1`;
const GW2 = `/subscriptions/${SUB}/resourceGroups/rg-vpn/providers/Microsoft.Network/vpnGateways/gw-2`;
const T0 = Date.UTC(2026, 11, 6, 10, 0, 0);
const BATCH = { subscriptionId: SUB, region: 'westeurope', resourceType: 'Microsoft.Network/vpnGateways', resourceIds: [GW1, GW2], startMs: T0, endMs: T0 + 15 * 60_000 };

/** A metric of one resource as the 2024-02-01 batch answer writes it (MetricResultsResponse → values[].value[]). */
const metric = (resourceId: string, name: string, series: Array<{ conn: string; ip: string; instance: string; totals: Array<number | undefined> }>) => ({
  id: `${resourceId}/providers/Microsoft.Insights/metrics/${name}`,
  type: 'Microsoft.Insights/metrics',
  name: { value: name, localizedValue: name },
  displayDescription: `${name} of a tunnel`,
  unit: name.endsWith('Bytes') ? 'Bytes' : 'Count',
  errorCode: 'Success',
  timeseries: series.map((s) => ({
    metadatavalues: [
      { name: { value: 'connectionname', localizedValue: 'connectionname' }, value: s.conn },
      { name: { value: 'remoteip', localizedValue: 'remoteip' }, value: s.ip },
      { name: { value: 'instance', localizedValue: 'instance' }, value: s.instance },
    ],
    data: s.totals.map((total, i) => ({ timeStamp: new Date(T0 + i * 300_000).toISOString(), ...(total !== undefined && { total }) })),
  })),
});

const recorded = {
  values: [
    {
      starttime: new Date(T0).toISOString(),
      endtime: new Date(T0 + 900_000).toISOString(),
      interval: 'PT5M',
      namespace: 'microsoft.network/vpngateways',
      resourceregion: 'westeurope',
      resourceid: GW1,
      value: [
        metric(GW1, 'MmsaCount', [
          { conn: 'conn-1', ip: '203.0.113.7', instance: 'Instance0', totals: [1, 1, 1] },
          { conn: 'conn-1', ip: '203.0.113.7', instance: 'Instance1', totals: [1, 0, undefined] },
        ]),
        metric(GW1, 'TunnelIngressBytes', [{ conn: 'conn-1', ip: '203.0.113.7', instance: 'Instance0', totals: [0, 0, 0] }]),
      ],
    },
    { starttime: new Date(T0).toISOString(), endtime: new Date(T0 + 900_000).toISOString(), interval: 'PT5M', namespace: 'microsoft.network/vpngateways', resourceregion: 'westeurope', resourceid: GW2, value: [metric(GW2, 'QmsaCount', [])] },
  ],
};

function recordingClient(status: number, body: unknown): { client: HttpClient; requests: PipelineRequest[] } {
  const requests: PipelineRequest[] = [];
  return {
    requests,
    client: {
      sendRequest: async (request) => {
        requests.push(request);
        return { request, status, headers: createHttpHeaders({ 'content-type': 'application/json' }), bodyAsText: JSON.stringify(body) };
      },
    },
  };
}

const credential = { getToken: async (scopes: string | string[]) => ({ token: `token-for:${[scopes].flat().join(' ')}`, expiresOnTimestamp: Date.now() + 3_600_000 }) };

describe('azureMonitorMetrics', () => {
  it('sends one getBatch POST to the region endpoint with the tunnel metrics, PT5M totals, top and the dimension filter', async () => {
    const { client, requests } = recordingClient(200, recorded);
    const metrics = createAzureMonitorMetrics({ credential, httpClient: client });
    await metrics.queryBatch(BATCH);
    expect(requests).toHaveLength(1);
    const url = new URL(requests[0]!.url);
    expect(url.origin).toBe('https://westeurope.metrics.monitor.azure.com');
    expect(url.pathname).toBe(`/subscriptions/${SUB}/metrics:getBatch`);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      'api-version': '2024-02-01',
      metricnamespace: 'Microsoft.Network/vpnGateways',
      metricnames: 'MmsaCount,QmsaCount,TunnelIngressBytes,TunnelEgressBytes',
      interval: 'PT5M',
      aggregation: 'total',
      filter: "ConnectionName eq '*' and RemoteIP eq '*' and Instance eq '*'",
      starttime: new Date(T0).toISOString(),
    });
    expect(Number(url.searchParams.get('top'))).toBeGreaterThan(10);
    expect(requests[0]!.method).toBe('POST');
    expect(JSON.parse(requests[0]!.body as string)).toEqual({ resourceids: [GW1, GW2] });
    expect(requests[0]!.headers.get('authorization')).toBe(`Bearer token-for:${METRICS_SCOPE}`);
    expect(metrics.calls()).toBe(1);
  });

  it('returns one series per metric, connection, remote IP and instance, keeping only points with a total', async () => {
    const series = await createAzureMonitorMetrics({ credential, httpClient: recordingClient(200, recorded).client }).queryBatch(BATCH);
    expect(series).toHaveLength(3);
    expect(series[1]).toEqual({
      resourceId: GW1,
      metric: 'MmsaCount',
      connectionName: 'conn-1',
      remoteIp: '203.0.113.7',
      instance: 'Instance1',
      points: [{ startMs: T0, value: 1 }, { startMs: T0 + 300_000, value: 0 }],
    });
  });

  it('points a fixed endpoint (the simulator) at every region', async () => {
    const { client, requests } = recordingClient(200, { values: [] });
    await createAzureMonitorMetrics({ credential, httpClient: client, endpoint: 'https://127.0.0.1:8443' }).queryBatch(BATCH);
    expect(new URL(requests[0]!.url).host).toBe('127.0.0.1:8443');
  });

  it.each([
    { status: 529, code: 'METRICS.THROTTLED', transient: true },
    { status: 403, code: 'METRICS.FORBIDDEN', transient: false },
    { status: 400, code: 'METRICS.BAD_REQUEST', transient: false },
    { status: 503, code: 'METRICS.UNAVAILABLE', transient: true },
  ])('when the batch API answers $status, then it throws $code once, without retrying', async ({ status, code, transient }) => {
    const { client, requests } = recordingClient(status, { error: { code: 'Some', message: 'answer' } });
    const error = await createAzureMonitorMetrics({ credential, httpClient: client }).queryBatch(BATCH).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TunnelwatchError);
    expect(error).toMatchObject({ code, transient });
    expect(requests).toHaveLength(1);
  });

  it('refuses a batch of more than 50 resources before sending it', async () => {
    const { client, requests } = recordingClient(200, { values: [] });
    const ids = Array.from({ length: 51 }, (_, i) => `${GW1}${i}`);
    await expect(createAzureMonitorMetrics({ credential, httpClient: client }).queryBatch({ ...BATCH, resourceIds: ids })).rejects.toMatchObject({ code: 'METRICS.BAD_REQUEST' });
    expect(requests).toHaveLength(0);
  });
});
