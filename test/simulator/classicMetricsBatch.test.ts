import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAzureMonitorMetrics } from '../../src/adapters/monitor/azureMonitorMetrics';
import { startSimulator, type SimulatorHandle } from '../../src/simulator';
import type { SimClassicConnection } from '../../src/simulator/fleetModel';
import { simClassicPeerAddress } from '../../src/simulator/simAddresses';
import { testTokenCredential } from '../support/simulatorClient';
import { manualClock, rawRequest } from './simHttp';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 0, 1);
const clock = manualClock(T0);
const NAMESPACE = 'Microsoft.Network/virtualNetworkGateways';
let sim: SimulatorHandle;
let sub: string;

beforeAll(async () => {
  // Twelve classic connections (IPsec and Vnet2Vnet, each on its own gateway, regions drawn from four) and one ExpressRoute.
  sim = await startSimulator({ fleet: { spec: '1x2x1x1', classicConnections: 12 }, now: clock.now, retryAfterSeconds: 0 });
  sub = sim.fleet.subscriptionIds()[0]!;
});
afterAll(() => sim.stop());
beforeEach(() => {
  sim.clearFaults();
  sim.clearRbac();
});

type Series = { metadatavalues: Array<{ name: { value: string }; value: string }>; data: Array<{ timeStamp: string; total?: number }> };
const FILTER = "ConnectionName eq '*' and RemoteIP eq '*' and Instance eq '*'";
/** The last three buckets that have ended (the newest may not be published yet). */
const query = (overrides: Record<string, string> = {}): string => {
  const endMs = Math.floor(clock.now() / (5 * MINUTE)) * 5 * MINUTE;
  const window = { starttime: new Date(endMs - 15 * MINUTE).toISOString(), endtime: new Date(endMs).toISOString() };
  return new URLSearchParams({ 'api-version': '2024-02-01', metricnamespace: NAMESPACE, metricnames: 'MmsaCount,TunnelIngressBytes', interval: 'PT5M', aggregation: 'total', ...window, top: '100', filter: FILTER, ...overrides }).toString();
};
const batch = (resourceids: unknown, q = query()) => rawRequest(sim, 'POST', `/subscriptions/${sub}/metrics:getBatch?${q}`, { body: { resourceids } });
const tunnels = (): SimClassicConnection[] => sim.fleet.classicConnections().filter((c) => c.connectionType !== 'ExpressRoute');
const expressRoute = (): SimClassicConnection => sim.fleet.classicConnections().find((c) => c.connectionType === 'ExpressRoute')!;
const dims = (s: Series): Record<string, string> => Object.fromEntries(s.metadatavalues.map((m) => [m.name.value, m.value]));
const byRegion = (): Map<string, SimClassicConnection[]> => {
  const regions = new Map<string, SimClassicConnection[]>();
  for (const c of tunnels()) regions.set(c.location, [...(regions.get(c.location) ?? []), c]);
  return regions;
};

describe('simulator: metrics:getBatch for classic virtualNetworkGateways', () => {
  it('answers one series per connection and instance: ConnectionName its name, RemoteIP its peer\'s address, SA counts while up, totals once published', async () => {
    const [connection] = tunnels();
    sim.setLinkState({ id: connection!.id, status: 'Connected', scenario: 'none', traffic: 'idle' });
    clock.advance(22 * MINUTE); // the window's last bucket ended 2 min ago: not published yet (3 min delay)
    const res = await batch([connection!.gatewayId]);
    expect(res.status).toBe(200);
    const [value] = res.json().values;
    expect(value).toMatchObject({ resourceid: connection!.gatewayId, resourceregion: connection!.location, namespace: 'microsoft.network/virtualnetworkgateways' });
    const [mmsa, ingress] = value.value as Array<{ name: { value: string }; timeseries: Series[] }>;
    expect(mmsa!.timeseries.map(dims)).toEqual(
      ['Instance0', 'Instance1'].map((instance) => ({ connectionname: connection!.name, remoteip: simClassicPeerAddress(connection!.peerId), instance })),
    );
    expect(mmsa!.timeseries[0]!.data.map((d) => d.total)).toEqual([1, 1, undefined]);
    expect(ingress!.timeseries[0]!.data.map((d) => d.total)).toEqual([0, 0, undefined]);
  });

  it('has no series for a connection never up in the window, nothing above zero after one went down, and none for ExpressRoute', async () => {
    const [never, downLater] = tunnels();
    for (const c of [never!, downLater!]) sim.setLinkState({ id: c.id, status: 'Connected', scenario: 'none' });
    sim.setLinkState({ id: never!.id, scenario: 'stuck' });
    clock.advance(30 * MINUTE);
    const tail = (await batch([downLater!.gatewayId])).json().values[0].value[0].timeseries as Series[];
    expect(tail.length).toBe(2);
    sim.setLinkState({ id: downLater!.id, scenario: 'stuck' });
    clock.advance(25 * MINUTE);
    const afterDown = (await batch([downLater!.gatewayId])).json().values[0].value[0].timeseries as Series[];
    expect(afterDown.flatMap((s) => s.data).filter((d) => (d.total ?? 0) > 0)).toEqual([]);
    expect((await batch([never!.gatewayId])).json().values[0].value[0].timeseries).toEqual([]);
    const er = await batch([expressRoute().gatewayId]);
    expect([er.status, er.json().values[0].value[0].timeseries]).toEqual([200, []]);
  });

  it('returns at most `top` series per metric and resource', async () => {
    const [connection] = tunnels();
    sim.setLinkState({ id: connection!.id, status: 'Connected', scenario: 'none' });
    clock.advance(20 * MINUTE);
    expect((await batch([connection!.gatewayId], query({ metricnames: 'MmsaCount', top: '1' }))).json().values[0].value[0].timeseries).toHaveLength(1);
  });

  it.each([
    ['a vWAN gateway beside a classic one (mixed types)', () => [tunnels()[0]!.gatewayId, sim.fleet.gateways().find((g) => g.location === tunnels()[0]!.location)?.id ?? sim.fleet.gateways()[0]!.id]],
    ['a classic gateway under the vpnGateways namespace', () => [tunnels()[0]!.gatewayId], query({ metricnamespace: 'Microsoft.Network/vpnGateways' })],
    ['classic gateways of two regions', () => [...byRegion().values()].slice(0, 2).map((cs) => cs[0]!.gatewayId)],
    ['more than 50 resources', () => Array.from({ length: 51 }, (_, i) => `/subscriptions/${sub}/resourceGroups/rg/providers/${NAMESPACE}/g${i}`)],
    ['a gateway no connection names', () => [`/subscriptions/${sub}/resourceGroups/rg-00-classic/providers/${NAMESPACE}/nowhere`]],
  ] as Array<[string, () => string[], string?]>)('refuses %s with 400', async (name, ids, q) => {
    if (name.includes('two regions') && byRegion().size < 2) return expect(byRegion().size).toBe(1);
    const res = await batch(ids(), q);
    expect([res.status, res.json().error.code]).toEqual([400, 'BadRequest']);
  });

  it('answers 529 when the fault is set, and 403 without Microsoft.Insights/metrics/read on the gateway', async () => {
    const gatewayId = tunnels()[0]!.gatewayId;
    sim.addFault({ kind: '529', operation: 'MetricsBatch_Batch', count: 1 });
    expect((await batch([gatewayId])).status).toBe(529);
    sim.setRbac([{ scope: `/subscriptions/${sub}`, actions: ['Microsoft.Network/*/read'] }]);
    const refused = await batch([gatewayId]);
    expect([refused.status, refused.json().error.code]).toEqual([403, 'AuthorizationFailed']);
    sim.setRbac([{ scope: gatewayId, actions: ['Microsoft.Insights/metrics/read'] }]);
    expect((await batch([gatewayId])).status).toBe(200);
  });

  it('reads through the real adapter as tunnel series of the gateway, by connection name and remote IP', async () => {
    const [connection] = tunnels();
    sim.setLinkState({ id: connection!.id, status: 'Connected', scenario: 'none', traffic: 'idle' });
    clock.advance(20 * MINUTE);
    const reader = createAzureMonitorMetrics({ endpoint: sim.url, credential: testTokenCredential, caPem: sim.certPem });
    const endMs = Math.floor((clock.now() - 3 * MINUTE) / (5 * MINUTE)) * 5 * MINUTE;
    const series = await reader.queryBatch({ subscriptionId: sub, region: connection!.location, resourceType: NAMESPACE, resourceIds: [connection!.gatewayId], startMs: endMs - 15 * MINUTE, endMs });
    const mmsa = series.filter((s) => s.metric === 'MmsaCount');
    expect(mmsa.map((s) => [s.resourceId, s.connectionName, s.remoteIp, s.instance])).toEqual(
      ['Instance0', 'Instance1'].map((instance) => [connection!.gatewayId, connection!.name, simClassicPeerAddress(connection!.peerId), instance]),
    );
    expect(mmsa[0]!.points.map((p) => p.value)).toEqual([1, 1, 1]);
  });
});
