import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fleetNames, startSimulator, type SimulatorHandle } from '../../src/simulator';
import { API, manualClock, rawRequest } from './simHttp';

const REFERENCE = path.resolve(__dirname, '../../../shared/reference/arm');
const sub = fleetNames.subscriptionId(0);
const group = `/subscriptions/${sub}/resourceGroups/rg-00/providers/Microsoft.Network`;
const gatewayUrl = `${group}/vpnGateways/vpngw-00-000`;
const connectionUrl = `${gatewayUrl}/vpnConnections/conn-00-000-00`;
const linkUrl = `${connectionUrl}/vpnLinkConnections/link-00-000-00-0`;
const linkId = `${connectionUrl}/VpnSiteLinkConnections/link-00-000-00-0`;
const classicUrl = `/subscriptions/${sub}/resourceGroups/rg-00-classic/providers/Microsoft.Network/connections/vnetconn-00-00`;

/** Every `connectionStatus` in a JSON body, with the path it was found at. */
function statusPaths(value: unknown, at = '$'): string[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => statusPaths(item, `${at}[${i}]`));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) => (key === 'connectionStatus' ? [`${at}.${key}`] : statusPaths(inner, `${at}.${key}`)));
}

const exampleBody = (file: string): unknown => (JSON.parse(readFileSync(path.join(REFERENCE, file), 'utf8')) as { responses: { 200: { body: unknown } } }).responses[200].body;
const LISTS = [
  ['VpnConnections_ListByVpnGateway', 'VpnConnectionList.json', `${gatewayUrl}/vpnConnections`],
  ['VpnLinkConnections_ListByVpnConnection', 'VpnSiteLinkConnectionList.json', `${connectionUrl}/vpnLinkConnections`],
  ['VirtualNetworkGatewayConnections_List', 'VirtualNetworkGatewayConnectionsList.json', `/subscriptions/${sub}/resourceGroups/rg-00-classic/providers/Microsoft.Network/connections`],
  ['VirtualNetworkGateways_ListConnections', 'VirtualNetworkGatewaysListConnections.json', `/subscriptions/${sub}/resourceGroups/rg-00-classic/providers/Microsoft.Network/virtualNetworkGateways/vnetgw-00-00/connections`],
] as const;

describe('by default lists carry counters but no connectionStatus, as ARM’s examples; GETs carry it', () => {
  let sim: SimulatorHandle;
  beforeAll(async () => {
    sim = await startSimulator({ fleet: '1x2x2x2' });
  });
  afterAll(() => sim.stop());

  it.each(LISTS)('%s: no item has connectionStatus (like %s), every item has its byte counters', async (_operation, example, url) => {
    expect(statusPaths(exampleBody(example))).toEqual([]);
    const value = (await rawRequest(sim, 'GET', `${url}?${API}`)).json().value as Array<{ properties: Record<string, unknown> }>;
    expect(value.length).toBeGreaterThan(0);
    expect(statusPaths(value)).toEqual([]);
    for (const item of value) expect(typeof item.properties.ingressBytesTransferred).toBe('number');
  });

  it('VpnGateways_List keeps the connections’ own status but none on their link connections (VpnGatewayList.json)', async () => {
    const onlyConnectionLevel = (paths: string[]): boolean => paths.every((p) => /\.connections\[\d+\]\.properties\.connectionStatus$/.test(p));
    expect(onlyConnectionLevel(statusPaths(exampleBody('VpnGatewayList.json')))).toBe(true);
    const body = (await rawRequest(sim, 'GET', `/subscriptions/${sub}/providers/Microsoft.Network/vpnGateways?${API}`)).json();
    const paths = statusPaths(body.value);
    expect(paths.length).toBeGreaterThan(0);
    expect(onlyConnectionLevel(paths)).toBe(true);
    expect(JSON.stringify(body)).toContain('vpnLinkConnections');
  });

  it('a GET of a link or of a classic connection carries connectionStatus, and follows the link’s state', async () => {
    expect((await rawRequest(sim, 'GET', `${linkUrl}?${API}`)).json().properties.connectionStatus).toBe('Connected');
    expect((await rawRequest(sim, 'GET', `${classicUrl}?${API}`)).json().properties.connectionStatus).toBe('Connected');
    sim.setLinkState({ id: linkId, status: 'NotConnected' });
    expect((await rawRequest(sim, 'GET', `${linkUrl}?${API}`)).json().properties.connectionStatus).toBe('NotConnected');
    sim.setLinkState({ id: linkId, status: 'Connected' });
  });
});

describe('the statusInLists option (the friendlier regime some benchmarks measure)', () => {
  let sim: SimulatorHandle;
  beforeAll(async () => {
    sim = await startSimulator({ fleet: '1x2x2x2', statusInLists: true });
  });
  afterAll(() => sim.stop());

  it.each(LISTS)('%s carries connectionStatus on every item', async (_operation, _example, url) => {
    const value = (await rawRequest(sim, 'GET', `${url}?${API}`)).json().value as Array<{ properties: { connectionStatus?: string } }>;
    expect(value.map((item) => item.properties.connectionStatus)).toEqual(value.map(() => 'Connected'));
  });

  it('when the fault omit-status targets a list, then that list lacks connectionStatus while a GET of the link and other lists still have it', async () => {
    sim.addFault({ kind: 'omit-status', operation: 'VpnConnections_ListByVpnGateway' });
    expect((await rawRequest(sim, 'GET', `${gatewayUrl}/vpnConnections?${API}`)).text).not.toContain('connectionStatus');
    expect((await rawRequest(sim, 'GET', `${linkUrl}?${API}`)).json().properties.connectionStatus).toBe('Connected');
    const links = (await rawRequest(sim, 'GET', `${connectionUrl}/vpnLinkConnections?${API}`)).json().value as Array<{ properties: { connectionStatus?: string } }>;
    expect(links.map((l) => l.properties.connectionStatus)).toEqual(['Connected', 'Connected']);
    sim.clearFaults();
  });
});

describe('idle links: Connected, counters still', () => {
  const clock = manualClock();
  let sim: SimulatorHandle;
  const counters = async (): Promise<[number, number]> => {
    const p = (await rawRequest(sim, 'GET', `${linkUrl}?${API}`)).json().properties;
    return [p.ingressBytesTransferred, p.egressBytesTransferred];
  };
  beforeAll(async () => {
    sim = await startSimulator({ fleet: '1x2x2x2', now: clock.now });
  });
  afterAll(() => sim.stop());

  it('when a link is set idle, then it stays Connected and its counters do not move; busy again, they grow', async () => {
    clock.advance(5000);
    const control = (body: unknown): ReturnType<typeof rawRequest> => rawRequest(sim, 'POST', '/_sim/links/state', { body, authorization: null });
    expect((await control({ id: linkId, traffic: 'idle' })).json()).toMatchObject({ id: linkId, status: 'Connected', traffic: 'idle' });
    const idleAt = await counters();
    expect(idleAt[0]).toBeGreaterThan(0);
    clock.advance(60_000);
    expect(await counters()).toEqual(idleAt);
    expect((await rawRequest(sim, 'GET', `${linkUrl}?${API}`)).json().properties.connectionStatus).toBe('Connected');
    const listed = (await rawRequest(sim, 'GET', '/_sim/links', { authorization: null })).json<Array<{ id: string; traffic: string }>>();
    expect(listed.find((l) => l.id === linkId)?.traffic).toBe('idle');
    expect(new Set(listed.filter((l) => l.id !== linkId).map((l) => l.traffic))).toEqual(new Set(['busy']));
    await control({ id: linkId, traffic: 'busy' });
    clock.advance(1000);
    const [ingress, egress] = await counters();
    expect(ingress).toBeGreaterThan(idleAt[0]);
    expect(egress).toBeGreaterThan(idleAt[1]);
  });

  it('when traffic is neither busy nor idle, then the control API answers 400', async () => {
    const response = await rawRequest(sim, 'POST', '/_sim/links/state', { body: { id: linkId, traffic: 'quiet' }, authorization: null });
    expect([response.status, response.json().error.message]).toEqual([400, "'traffic' must be one of busy, idle"]);
  });
});

describe('the idleShare fleet option', () => {
  const idleIds = async (options: Parameters<typeof startSimulator>[0]): Promise<string[]> => {
    const sim = await startSimulator(options);
    try {
      return sim.listLinks().filter((l) => l.traffic === 'idle').map((l) => l.id);
    } finally {
      await sim.stop();
    }
  };

  it('makes about that share of links idle, the same ones for the same seed and others for another seed', async () => {
    const fleet = { spec: '1x10x10x2', seed: 3 };
    const first = await idleIds({ fleet, idleShare: 0.1 });
    expect(first.length).toBeGreaterThan(10);
    expect(first.length).toBeLessThan(35);
    expect(await idleIds({ fleet, idleShare: 0.1 })).toEqual(first);
    expect(await idleIds({ fleet: { ...fleet, seed: 4 }, idleShare: 0.1 })).not.toEqual(first);
    expect(await idleIds({ fleet })).toEqual([]);
  });

  it('refuses a share outside 0..1', async () => {
    await expect(startSimulator({ fleet: '1x1x1x1', idleShare: 1.5 })).rejects.toThrow(/idle share/);
  });
});
