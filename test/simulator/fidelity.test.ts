import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fleetNames, startSimulator, type SimulatorHandle } from '../../src/simulator';
import { createSimulatorNetworkClient } from '../support/simulatorClient';
import { API, manualClock, rawRequest } from './simHttp';

const sub = fleetNames.subscriptionId(0);
const gatewayPath = `/subscriptions/${sub}/resourceGroups/rg-00/providers/Microsoft.Network/vpnGateways/vpngw-00-000`;
const linkId = `${gatewayPath}/vpnConnections/conn-00-000-00/VpnSiteLinkConnections/link-00-000-00-0`;

describe('ARM wire fidelity', () => {
  const clock = manualClock();
  let sim: SimulatorHandle;

  beforeAll(async () => {
    sim = await startSimulator({ fleet: '1x2x1x1', readBucket: { burst: 30, refillPerSecond: 1 }, now: clock.now });
  });
  afterAll(() => sim.stop());

  const bearer = 'Bearer token';
  it.each([
    ['no Authorization header', `${gatewayPath}?${API}`, null, 401, 'AuthenticationFailed'],
    ['a Basic Authorization header', `${gatewayPath}?${API}`, 'Basic dXNlcjpwYXNz', 401, 'AuthenticationFailed'],
    ['no api-version', gatewayPath, bearer, 400, 'MissingApiVersionParameter'],
    ['an unknown subscription', `/subscriptions/nope/providers/Microsoft.Network/vpnGateways?${API}`, bearer, 404, 'SubscriptionNotFound'],
    ['an unknown resource group', `/subscriptions/${sub}/resourceGroups/nope/providers/Microsoft.Network/vpnGateways?${API}`, bearer, 404, 'ResourceGroupNotFound'],
    ['an unknown gateway', `${gatewayPath}x?${API}`, bearer, 404, 'ResourceNotFound'],
    ['an unknown link', `${gatewayPath}/vpnConnections/conn-00-000-00/vpnLinkConnections/nope?${API}`, bearer, 404, 'ResourceNotFound'],
    ['a bad skip token', `/subscriptions/${sub}/providers/Microsoft.Network/vpnGateways?${API}&$skiptoken=x`, bearer, 400, 'InvalidSkipToken'],
  ])('when a request has %s, then ARM answers in its error shape', async (_case, path, authorization, status, code) => {
    const response = await rawRequest(sim, 'GET', path, { authorization });
    expect(response.status).toBe(status);
    expect(response.json()).toEqual({ error: { code, message: expect.any(String) } });
    expect(response.headers['x-ms-ratelimit-remaining-subscription-reads']).toMatch(/^\d+$/);
  });

  it('when the route is unknown, then it answers 404 in the ARM error shape', async () => {
    const response = await rawRequest(sim, 'GET', `/subscriptions/${sub}/providers/Microsoft.Compute/virtualMachines?${API}`);
    expect([response.status, response.json().error.code]).toEqual([404, 'ResourceNotFound']);
  });

  it('when a POST-only path is read with GET, then it answers 405 in the ARM error shape', async () => {
    const response = await rawRequest(sim, 'GET', `${linkId.replace('VpnSiteLinkConnections', 'vpnLinkConnections')}/resetconnection?${API}`);
    expect([response.status, response.json().error.code]).toEqual([405, 'HttpMethodNotAllowed']);
  });

  it('when the path is in another case, then the same resource is found and its id keeps the canonical case', async () => {
    const path = `${linkId.replace('VpnSiteLinkConnections', 'vpnLinkConnections')}?${API}`;
    for (const variant of [path.toUpperCase().replace('API-VERSION', 'api-version'), path.toLowerCase()]) {
      const response = await rawRequest(sim, 'GET', variant);
      expect(response.status).toBe(200);
      expect(response.json().id).toBe(linkId);
    }
  });

  it('when a client does not trust the simulator certificate, then TLS refuses the connection', async () => {
    const https = await import('node:https');
    const outcome = await new Promise<string>((resolve) => {
      https.get(new URL(`${gatewayPath}?${API}`, sim.url), { agent: false }, (res) => resolve(String(res.statusCode))).on('error', (e) => resolve(e.message));
    });
    expect(outcome).toMatch(/self[- ]signed certificate/);
  });

  it('accepts any api-version string', async () => {
    expect((await rawRequest(sim, 'GET', `${gatewayPath}?api-version=2018-01-01`)).status).toBe(200);
  });

  it('serialises counters beyond 2^53 exactly, as int64 JSON numbers', async () => {
    sim.setLinkState({ id: linkId, status: 'NotConnected', ingressBytes: '9007199254740993', egressBytes: '9223372036854775807' });
    const response = await rawRequest(sim, 'GET', `${linkId.replace('VpnSiteLinkConnections', 'vpnLinkConnections')}?${API}`);
    expect(response.text).toContain('"ingressBytesTransferred":9007199254740993');
    expect(response.text).toContain('"egressBytesTransferred":9223372036854775807');
  });

  it('when the read bucket is empty, then it answers 429 with Retry-After and the remaining-reads header counts down', async () => {
    const remaining: number[] = [];
    let throttled: Awaited<ReturnType<typeof rawRequest>> | undefined;
    for (let i = 0; i < 40 && !throttled; i++) {
      const response = await rawRequest(sim, 'GET', `${gatewayPath}?${API}`);
      if (response.status === 429) throttled = response;
      else remaining.push(Number(response.headers['x-ms-ratelimit-remaining-subscription-reads']));
    }
    expect(throttled?.json().error.code).toBe('SubscriptionRequestsThrottled');
    expect(throttled?.headers['retry-after']).toBe('1');
    expect(remaining.at(-1)).toBe(0);
    expect(remaining).toEqual([...remaining].sort((a, b) => b - a));
    clock.advance(1000);
    expect((await rawRequest(sim, 'GET', `${gatewayPath}?${API}`)).status).toBe(200);
  });

  it('a POST action reports the remaining writes instead', async () => {
    const response = await rawRequest(sim, 'POST', `${linkId.replace('VpnSiteLinkConnections', 'vpnLinkConnections')}/getikesas?${API}`);
    expect(response.status).toBe(202);
    expect(response.headers['x-ms-ratelimit-remaining-subscription-writes']).toBe('199');
  });
});

describe('throttling seen by the real SDK', () => {
  let sim: SimulatorHandle;

  beforeAll(async () => {
    sim = await startSimulator({ fleet: '1x1x1x1', readBucket: { burst: 1, refillPerSecond: 1 }, retryAfterSeconds: 0 });
  });
  afterAll(() => sim.stop());

  it('when the bucket refuses a read, then the SDK waits Retry-After and the retry succeeds', async () => {
    const client = createSimulatorNetworkClient(sim, sub);
    await client.vpnGateways.get('rg-00', 'vpngw-00-000');
    sim.resetCalls();
    const gateway = await client.vpnGateways.get('rg-00', 'vpngw-00-000');
    expect(gateway.name).toBe('vpngw-00-000');
    expect(sim.calls().byOperation.VpnGateways_Get).toBe(2);
  });

  it('when the client has no token, then the SDK call fails with 401', async () => {
    const client = createSimulatorNetworkClient(sim, sub, { anonymous: true });
    await expect(client.vpnGateways.get('rg-00', 'vpngw-00-000')).rejects.toMatchObject({ statusCode: 401 });
  });
});
