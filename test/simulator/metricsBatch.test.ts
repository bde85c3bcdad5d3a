import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../src/simulator';
import type { SimVpnLink } from '../../src/simulator/fleetModel';
import { simSiteLinkAddress } from '../../src/simulator/simAddresses';
import { manualClock, rawRequest } from './simHttp';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 0, 1);
const clock = manualClock(T0);
let sim: SimulatorHandle;
let sub: string;

beforeAll(async () => {
  sim = await startSimulator({ fleet: '1x8x2x2', now: clock.now, retryAfterSeconds: 0 });
  sub = sim.fleet.subscriptionIds()[0]!;
});
afterAll(() => sim.stop());
beforeEach(() => {
  sim.clearFaults();
  sim.clearRbac();
});

const FILTER = "ConnectionName eq '*' and RemoteIP eq '*' and Instance eq '*'";
const query = (overrides: Record<string, string> = {}): string =>
  new URLSearchParams({
    'api-version': '2024-02-01',
    metricnamespace: 'Microsoft.Network/vpnGateways',
    metricnames: 'MmsaCount,TunnelIngressBytes',
    interval: 'PT5M',
    aggregation: 'total',
    starttime: new Date(T0).toISOString(),
    endtime: new Date(T0 + 15 * MINUTE).toISOString(),
    top: '100',
    filter: FILTER,
    ...overrides,
  }).toString();
const batch = (resourceids: unknown, q = query(), authorization?: string | null) =>
  rawRequest(sim, 'POST', `/subscriptions/${sub}/metrics:getBatch?${q}`, { body: { resourceids }, ...(authorization !== undefined && { authorization }) });
const gatewaysByRegion = (): Map<string, string[]> => {
  const byRegion = new Map<string, string[]>();
  for (const g of sim.fleet.gateways()) byRegion.set(g.location, [...(byRegion.get(g.location) ?? []), g.id]);
  return byRegion;
};
const oneGateway = () => sim.fleet.gateways()[0]!;

describe('simulator: metrics:getBatch', () => {
  it('answers the spec shape: one value per resource, one series per link and instance, SA counts while up (idle too), totals only once published', async () => {
    const gateway = oneGateway();
    for (const c of gateway.connections) for (const l of c.links) sim.setLinkState({ id: l.id, status: 'Connected', traffic: 'idle' });
    clock.advance(14 * MINUTE); // published until T0+11: buckets [0,5) and [5,10) are out, [10,15) is not
    const res = await batch([gateway.id]);
    expect(res.status).toBe(200);
    const [value] = res.json().values;
    expect(value).toMatchObject({ resourceid: gateway.id, resourceregion: gateway.location, interval: 'PT5M', namespace: 'microsoft.network/vpngateways' });
    const mmsa = value.value.find((m: { name: { value: string } }) => m.name.value === 'MmsaCount');
    const links = gateway.connections.flatMap((c) => c.links);
    expect(mmsa.timeseries).toHaveLength(links.length * 2);
    const instances = new Set(mmsa.timeseries.map((t: { metadatavalues: Array<{ value: string }> }) => t.metadatavalues[2]!.value));
    expect([...instances].sort()).toEqual(['Instance0', 'Instance1']);
    const totals = mmsa.timeseries[0].data.map((d: { total?: number }) => d.total);
    expect(totals).toEqual([1, 1, undefined]);
    const ingress = value.value.find((m: { name: { value: string } }) => m.name.value === 'TunnelIngressBytes');
    expect(ingress.timeseries[0].data.map((d: { total?: number }) => d.total)).toEqual([0, 0, undefined]);
  });

  it('has no series for a link that was down the whole window, and nothing above zero for one that went down', async () => {
    clock.advance(60 * MINUTE);
    const gateway = oneGateway();
    const [never, downLater, up] = gateway.connections.flatMap((c) => c.links);
    for (const l of [never!, downLater!, up!]) sim.setLinkState({ id: l.id, status: 'Connected', scenario: 'none' });
    sim.setLinkState({ id: never!.id, scenario: 'stuck' });
    clock.advance(20 * MINUTE);
    sim.setLinkState({ id: downLater!.id, scenario: 'stuck' });
    clock.advance(10 * MINUTE);
    const start = clock.now() - 30 * MINUTE;
    const res = await batch([gateway.id], query({ metricnames: 'MmsaCount', starttime: new Date(start).toISOString(), endtime: new Date(start + 25 * MINUTE).toISOString() }));
    const series = res.json().values[0].value[0].timeseries as Array<{ metadatavalues: Array<{ value: string }>; data: Array<{ total?: number }> }>;
    const of = (link: SimVpnLink) => series.filter((s) => s.metadatavalues[0]!.value === link.connection.name && s.metadatavalues[1]!.value === simSiteLinkAddress(link.siteLinkId));
    expect(of(never!)).toEqual([]);
    expect(of(downLater!).flatMap((s) => s.data).filter((d) => (d.total ?? 0) > 0)).toEqual([]);
    expect(of(up!)).toHaveLength(2);
    expect(of(up!)[0]!.data.filter((d) => (d.total ?? 0) > 0).length).toBeGreaterThan(0);
  });

  it('returns at most `top` series per metric and resource, 10 when not set', async () => {
    const gateway = sim.fleet.gateways()[1]!;
    const noTop = query({ metricnames: 'MmsaCount' }).replace(/&top=\d+/, '');
    const series = (await batch([gateway.id], noTop)).json().values[0].value[0].timeseries;
    expect(series.length).toBeLessThanOrEqual(10);
    expect(gateway.connections.flatMap((c) => c.links).length * 2).toBeGreaterThan(0);
  });

  it.each([
    ['more than 50 resources', () => Array.from({ length: 51 }, (_, i) => `/subscriptions/${sub}/resourceGroups/rg/providers/Microsoft.Network/vpnGateways/g${i}`)],
    ['gateways of two regions', () => [...gatewaysByRegion().values()].slice(0, 2).map((ids) => ids[0])],
    ['a resource of another type', () => [`/subscriptions/${sub}/resourceGroups/rg-00/providers/Microsoft.Network/connections/c`]],
    ['an empty list', () => []],
  ])('refuses %s with 400', async (_name, ids) => {
    if (_name === 'gateways of two regions' && gatewaysByRegion().size < 2) return expect(gatewaysByRegion().size).toBe(1);
    const res = await batch(ids());
    expect([res.status, res.json().error.code]).toEqual([400, 'BadRequest']);
  });

  it('refuses a grain the tunnel metrics lack, and a missing token', async () => {
    expect((await batch([oneGateway().id], query({ interval: 'PT1M' }))).status).toBe(400);
    expect((await batch([oneGateway().id], query(), null)).status).toBe(401);
  });

  it('answers 529 when the fault is set, and 403 without Microsoft.Insights/metrics/read on a gateway', async () => {
    sim.addFault({ kind: '529', operation: 'MetricsBatch_Batch', count: 1 });
    expect((await batch([oneGateway().id])).status).toBe(529);
    expect((await batch([oneGateway().id])).status).toBe(200);
    sim.setRbac([{ scope: `/subscriptions/${sub}`, actions: ['Microsoft.Network/*/read'] }]);
    const refused = await batch([oneGateway().id]);
    expect([refused.status, refused.json().error.code]).toEqual([403, 'AuthorizationFailed']);
    sim.setRbac([{ scope: `/subscriptions/${sub}`, actions: ['Microsoft.Insights/metrics/read'] }]);
    expect((await batch([oneGateway().id])).status).toBe(200);
    expect(sim.calls().byOperation.MetricsBatch_Batch).toBeGreaterThan(0);
  });
});
