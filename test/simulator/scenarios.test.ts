import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fleetNames, startSimulator, type SimulatorHandle } from '../../src/simulator';
import { API, manualClock, rawRequest } from './simHttp';

const sub = fleetNames.subscriptionId(0);
const gatewayId = `/subscriptions/${sub}/resourceGroups/rg-00/providers/Microsoft.Network/vpnGateways/vpngw-00-000`;
const connectionPath = `${gatewayId}/vpnConnections/conn-00-000-00`;
const linkUrl = `${connectionPath}/vpnLinkConnections/link-00-000-00-0`;
const linkId = `${connectionPath}/VpnSiteLinkConnections/link-00-000-00-0`;

describe('scenarios of the simulated fleet (injected clock)', () => {
  const clock = manualClock();
  let sim: SimulatorHandle;
  const linkProps = async (): Promise<{ connectionStatus?: string; ingressBytesTransferred: number }> =>
    (await rawRequest(sim, 'GET', `${linkUrl}?${API}`)).json().properties;
  const control = (path: string, body: unknown): ReturnType<typeof rawRequest> => rawRequest(sim, 'POST', path, { body, authorization: null });

  beforeAll(async () => {
    sim = await startSimulator({ fleet: '1x2x2x2', lroDurationMs: 4000, recoveryAfterResetMs: 6000, now: clock.now });
  });
  afterAll(() => sim.stop());
  beforeEach(() => control('/_sim/links/state', { id: linkId, status: 'Connected' }));

  it('when a link is set to recover after 30 s, then it is NotConnected until then and Connected after', async () => {
    expect((await control('/_sim/links/state', { id: linkId, scenario: 'recover-after', seconds: 30 })).status).toBe(200);
    clock.advance(29_000);
    expect((await linkProps()).connectionStatus).toBe('NotConnected');
    clock.advance(1000);
    expect((await linkProps()).connectionStatus).toBe('Connected');
  });

  it('when a link is stuck, then it stays down until reset, passes through Connecting and comes back with counters from zero', async () => {
    await control('/_sim/links/state', { id: linkId, scenario: 'stuck' });
    clock.advance(3_600_000);
    expect((await linkProps()).connectionStatus).toBe('NotConnected');
    const location = (await rawRequest(sim, 'POST', `${linkUrl}/resetconnection?${API}`)).headers.location!;
    expect(await linkProps()).toMatchObject({ connectionStatus: 'Connecting', ingressBytesTransferred: 0 });
    clock.advance(4000);
    expect((await rawRequest(sim, 'GET', location)).status).toBe(204);
    clock.advance(5999);
    expect((await linkProps()).connectionStatus).toBe('Connecting');
    clock.advance(1);
    expect((await linkProps()).connectionStatus).toBe('Connected');
    clock.advance(1000);
    expect((await linkProps()).ingressBytesTransferred).toBeGreaterThan(0);
  });

  it('when a link flaps every 10 s, then its status alternates', async () => {
    await control('/_sim/links/state', { id: linkId, scenario: 'flap', seconds: 10 });
    const seen: string[] = [];
    for (let i = 0; i < 4; i++) {
      seen.push((await linkProps()).connectionStatus!);
      clock.advance(10_000);
    }
    expect(seen).toEqual(['NotConnected', 'Connected', 'NotConnected', 'Connected']);
  });

  it('while connected, counters grow with time', async () => {
    const before = (await linkProps()).ingressBytesTransferred;
    clock.advance(10_000);
    expect((await linkProps()).ingressBytesTransferred).toBeGreaterThan(before);
  });

  it('when the whole gateway goes down, then every link of it is NotConnected until it comes back', async () => {
    expect((await control('/_sim/gateways/state', { id: gatewayId, status: 'NotConnected' })).status).toBe(204);
    const connections = (await rawRequest(sim, 'GET', `${gatewayId}/vpnConnections?${API}`)).json().value as Array<{
      id: string;
      properties: { vpnLinkConnections: Array<{ name: string }> };
    }>;
    // Lists carry no status (as ARM's examples): read each connection and link by GET.
    const connectionUrl = (c: { id: string }): string => `${gatewayId}/vpnConnections/${c.id.split('/').at(-1)}`;
    const statuses: string[] = [];
    for (const c of connections) {
      statuses.push((await rawRequest(sim, 'GET', `${connectionUrl(c)}?${API}`)).json().properties.connectionStatus);
      for (const l of c.properties.vpnLinkConnections) {
        statuses.push((await rawRequest(sim, 'GET', `${connectionUrl(c)}/vpnLinkConnections/${l.name}?${API}`)).json().properties.connectionStatus);
      }
    }
    expect(statuses).toHaveLength(6);
    expect(new Set(statuses)).toEqual(new Set(['NotConnected']));
    await control('/_sim/gateways/state', { id: gatewayId, status: 'Connected' });
    expect((await linkProps()).connectionStatus).toBe('Connected');
  });

  it('when a gateway is deleted mid-cycle, then it disappears from gets, lists and the control view', async () => {
    const second = gatewayId.replace('vpngw-00-000', 'vpngw-00-001');
    expect((await rawRequest(sim, 'DELETE', `/_sim/gateways?id=${encodeURIComponent(second)}`)).status).toBe(204);
    expect((await rawRequest(sim, 'GET', `${second}?${API}`)).status).toBe(404);
    const listed = (await rawRequest(sim, 'GET', `/subscriptions/${sub}/providers/Microsoft.Network/vpnGateways?${API}`)).json().value as Array<{ id: string }>;
    expect(listed.map((g) => g.id)).toEqual([gatewayId]);
    expect(sim.listLinks().filter((l) => l.gatewayId === second)).toEqual([]);
  });
});
