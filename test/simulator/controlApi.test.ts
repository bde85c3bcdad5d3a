import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fleetNames, SHARED_KEY_PREFIX, startSimulator, type SimulatorHandle } from '../../src/simulator';
import { API, rawRequest } from './simHttp';

const sub = fleetNames.subscriptionId(0);
const connectionId = `/subscriptions/${sub}/resourceGroups/rg-00/providers/Microsoft.Network/vpnGateways/vpngw-00-000/vpnConnections/conn-00-000-00`;
const linkId = `${connectionId}/VpnSiteLinkConnections/link-00-000-00-0`;

describe('the /_sim control API', () => {
  let sim: SimulatorHandle;
  const call = (method: string, path: string, body?: unknown): ReturnType<typeof rawRequest> => rawRequest(sim, method, path, { body, authorization: null });

  beforeAll(async () => {
    sim = await startSimulator({ fleet: '1x2x1x2' });
  });
  afterAll(() => sim.stop());

  it('GET /_sim/links lists every vWAN link and classic connection with the contract fields', async () => {
    const links = (await call('GET', '/_sim/links')).json<Array<Record<string, unknown>>>();
    expect(links.map((l) => l.kind)).toEqual(['vwan', 'vwan', 'vwan', 'vwan', 'classic', 'classic']);
    expect(links[0]).toEqual({
      id: linkId,
      kind: 'vwan',
      status: 'Connected',
      scenario: 'none',
      traffic: 'busy',
      ingressBytes: expect.any(Number),
      egressBytes: expect.any(Number),
      resets: 0,
      gatewayId: expect.stringContaining('vpngw-00-000'),
      mode: expect.stringMatching(/Default|ResponderOnly/),
    });
  });

  it('POST /_sim/links/state accepts the URL form of a link id and answers the new view', async () => {
    const response = await call('POST', '/_sim/links/state', { id: linkId.replace('VpnSiteLinkConnections', 'vpnLinkConnections'), scenario: 'stuck' });
    expect(response.json()).toMatchObject({ id: linkId, status: 'NotConnected', scenario: 'stuck' });
  });

  it.each([
    ['a missing id', { status: 'Connected' }],
    ['an unknown status', { id: linkId, status: 'Up' }],
    ['flap without seconds', { id: linkId, scenario: 'flap' }],
    ['an unknown link', { id: `${linkId}x`, status: 'Connected' }],
    ['nothing to change', { id: linkId }],
    ['a counter beyond 2^53 sent as a JSON number', { id: linkId, ingressBytes: 2 ** 60 }],
    ['a body that is an array', [linkId]],
  ])('when POST /_sim/links/state gets %s, then it answers 400 with a JSON error', async (_case, body) => {
    const response = await call('POST', '/_sim/links/state', body);
    expect(response.status).toBe(400);
    expect(response.json().error).toEqual({ code: expect.any(String), message: expect.any(String) });
  });

  it('when a control body is not JSON, then it answers 400 InvalidJson', async () => {
    const response = await rawRequest(sim, 'POST', '/_sim/faults', { authorization: null, body: undefined });
    expect([response.status, response.json().error.code]).toEqual([400, 'InvalidJson']);
  });

  it.each([
    [{ kind: 'explode' }],
    [{ kind: '500', operation: 'VirtualMachines_List' }],
    [{ kind: '429', rate: 2 }],
    [{ kind: 'latency' }],
    [{ kind: '503', count: 0.5 }],
  ])('when POST /_sim/faults gets %j, then it answers 400', async (body) => {
    expect((await call('POST', '/_sim/faults', body)).status).toBe(400);
  });

  it('POST /_sim/faults adds a fault, GET lists it, DELETE clears all', async () => {
    const fault = { kind: '503', operation: 'VpnGateways_Get', count: 2 };
    expect((await call('POST', '/_sim/faults', fault)).json()).toEqual([fault]);
    expect((await call('GET', '/_sim/faults')).json()).toEqual([fault]);
    expect((await call('DELETE', '/_sim/faults')).status).toBe(204);
    expect((await call('GET', '/_sim/faults')).json()).toEqual([]);
  });

  it('GET /_sim/calls counts requests by operation id and resets by link id', async () => {
    await call('DELETE', '/_sim/calls');
    await rawRequest(sim, 'GET', `${connectionId}?${API}`);
    await rawRequest(sim, 'POST', `${linkId.replace('VpnSiteLinkConnections', 'vpnLinkConnections')}/resetconnection?${API}`);
    expect((await call('GET', '/_sim/calls')).json()).toEqual({
      byOperation: { VpnConnections_Get: 1, VpnLinkConnections_ResetConnection: 1 },
      resets: { [linkId]: 1 },
    });
  });

  it('GET /_sim/secrets lists every sharedKey, and ARM bodies really carry them (so leaks can be searched for)', async () => {
    const secrets = (await call('GET', '/_sim/secrets')).json<string[]>();
    expect(secrets).toHaveLength(5);
    expect(secrets.every((s) => s.startsWith(SHARED_KEY_PREFIX))).toBe(true);
    const body = (await rawRequest(sim, 'GET', `${connectionId}?${API}`)).text;
    expect(secrets.filter((s) => body.includes(s))).toHaveLength(2);
  });

  it('POST /_sim/tags tags a VPN site, a gateway or a classic connection, and Resources_List lists those tags', async () => {
    const siteId = `/subscriptions/${sub}/resourceGroups/rg-00/providers/Microsoft.Network/vpnSites/site-00-000-00`;
    const gatewayId = connectionId.split('/vpnConnections/')[0]!;
    const classicId = `/subscriptions/${sub}/resourceGroups/rg-00-classic/providers/Microsoft.Network/connections/vnetconn-00-00`;
    for (const id of [siteId.toUpperCase(), gatewayId, classicId]) {
      expect((await call('POST', '/_sim/tags', { id, tags: { 'tunnelwatch-remediate': 'false' } })).status).toBe(204);
    }
    const listed = async (type: string): Promise<Array<Record<string, unknown>>> =>
      (await rawRequest(sim, 'GET', `/subscriptions/${sub}/resources?$filter=${encodeURIComponent(`resourceType eq '${type}'`)}&${API}`)).json<{ value: Array<Record<string, unknown>> }>().value;
    expect(await listed('Microsoft.Network/vpnSites')).toContainEqual({ id: siteId, name: 'site-00-000-00', type: 'Microsoft.Network/vpnSites', location: expect.any(String), tags: { 'tunnelwatch-remediate': 'false' } });
    expect((await listed('Microsoft.Network/vpnSites')).find((r) => r.name === 'site-00-001-00')).not.toHaveProperty('tags');
    expect((await listed('Microsoft.Network/vpnGateways')).find((r) => r.id === gatewayId)?.tags).toEqual({ 'tunnelwatch-remediate': 'false' });
    expect((await rawRequest(sim, 'GET', `${classicId}?${API}`)).json().tags).toEqual({ 'tunnelwatch-remediate': 'false' });
    expect((await call('POST', '/_sim/tags', { id: siteId, tags: { a: 1 } })).status).toBe(400);
  });

  it.each([
    ['a VPN connection', connectionId],
    ['a link connection (id form)', linkId],
    ['a link connection (URL form)', linkId.replace('VpnSiteLinkConnections', 'vpnLinkConnections')],
  ])('POST /_sim/tags on %s answers 400: VPN connections are child resources and carry no tags', async (_what, id) => {
    const response = await call('POST', '/_sim/tags', { id, tags: { 'tunnelwatch-remediate': 'false' } });
    expect(response.status).toBe(400);
    expect(response.json()).toEqual({
      error: { code: 'ResourceNotTaggable', message: 'VPN connections are child resources and carry no tags; tag the VPN site or the gateway' },
    });
    expect((await rawRequest(sim, 'GET', `${connectionId}?${API}`)).json()).not.toHaveProperty('tags');
  });

  it('GET /_sim/fleet describes the fleet; unknown control routes and gateways answer 404 / 400', async () => {
    expect((await call('GET', '/_sim/fleet')).json()).toMatchObject({ subscriptions: [sub], links: 6 });
    expect((await call('GET', '/_sim/nothing')).status).toBe(404);
    expect((await call('DELETE', '/_sim/gateways?id=nope')).status).toBe(400);
    expect((await call('DELETE', '/_sim/gateways')).status).toBe(400);
    expect((await call('POST', '/_sim/gateways/state', { id: 'nope', status: 'NotConnected' })).status).toBe(400);
  });
});
