import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { NetworkManagementClient } from '@azure/arm-network';
import { fleetNames, startSimulator, type SimulatorHandle } from '../../src/simulator';
import { createSimulatorNetworkClient } from '../support/simulatorClient';
import { API, rawRequest } from './simHttp';

const sub = fleetNames.subscriptionId(0);
const gatewayPath = `/subscriptions/${sub}/resourceGroups/rg-00/providers/Microsoft.Network/vpnGateways/vpngw-00-000`;

describe('injected faults', () => {
  let sim: SimulatorHandle;
  let client: NetworkManagementClient;

  beforeAll(async () => {
    sim = await startSimulator({ fleet: '1x2x1x2', retryAfterSeconds: 0 });
    client = createSimulatorNetworkClient(sim, sub);
  });
  afterAll(() => sim.stop());
  beforeEach(() => {
    sim.clearFaults();
    sim.resetCalls();
  });

  it.each([
    ['429', 'TooManyRequests'],
    ['503', 'ServiceUnavailable'],
  ] as const)('when fault %s hits the next call, then it answers that status with Retry-After, and the SDK retries past it', async (kind, code) => {
    sim.addFault({ kind, operation: 'VpnGateways_Get', count: 1 });
    const raw = await rawRequest(sim, 'GET', `${gatewayPath}?${API}`);
    expect([raw.status, raw.headers['retry-after'], raw.json().error.code]).toEqual([Number(kind), '0', code]);
    sim.addFault({ kind, operation: 'VpnGateways_Get', count: 1 });
    await client.vpnGateways.get('rg-00', 'vpngw-00-000');
    expect(sim.calls().byOperation.VpnGateways_Get).toBe(3);
  });

  it('when fault 429-no-retry-after hits the next call, then it answers 429 without the header', async () => {
    sim.addFault({ kind: '429-no-retry-after', operation: 'VpnGateways_Get', count: 1 });
    const raw = await rawRequest(sim, 'GET', `${gatewayPath}?${API}`);
    expect([raw.status, raw.headers['retry-after'], raw.json().error.code]).toEqual([429, undefined, 'TooManyRequests']);
    expect((await rawRequest(sim, 'GET', `${gatewayPath}?${API}`)).status).toBe(200);
  });

  it('when fault 500 hits every call of one operation, then the SDK gives up with 500 and other operations work', async () => {
    sim.addFault({ kind: '500', operation: 'VpnGateways_Get' });
    await expect(client.vpnGateways.get('rg-00', 'vpngw-00-000')).rejects.toMatchObject({ statusCode: 500 });
    await expect(client.vpnConnections.get('rg-00', 'vpngw-00-000', 'conn-00-000-00')).resolves.toMatchObject({ name: 'conn-00-000-00' });
  });

  it('when a fault names a resource id, then only requests about that resource are hit', async () => {
    sim.addFault({ kind: '500', id: gatewayPath.replace('vpngw-00-000', 'vpngw-00-001') });
    expect((await rawRequest(sim, 'GET', `${gatewayPath}?${API}`)).status).toBe(200);
    expect((await rawRequest(sim, 'GET', `${gatewayPath.replace('vpngw-00-000', 'vpngw-00-001')}?${API}`)).status).toBe(500);
  });

  it('when fault drop hits a call, then the socket is destroyed without an answer, and the SDK retries past it', async () => {
    sim.addFault({ kind: 'drop', count: 1 });
    await expect(rawRequest(sim, 'GET', `${gatewayPath}?${API}`)).rejects.toThrow(/socket hang up|ECONNRESET/);
    sim.addFault({ kind: 'drop', operation: 'VpnGateways_Get', count: 1 });
    await expect(client.vpnGateways.get('rg-00', 'vpngw-00-000')).resolves.toMatchObject({ name: 'vpngw-00-000' });
  });

  it('when fault latency is set, then answers are delayed by at least that long', async () => {
    sim.addFault({ kind: 'latency', ms: 150, count: 1 });
    const started = performance.now();
    expect((await rawRequest(sim, 'GET', `${gatewayPath}?${API}`)).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(145);
  });
});

describe('under load', () => {
  let sim: SimulatorHandle;

  beforeAll(async () => {
    sim = await startSimulator({ fleet: '1x20x5x2', readBucket: { burst: 10_000, refillPerSecond: 1000 } });
  });
  afterAll(() => sim.stop());

  it('answers 200 concurrent SDK requests, all successfully', async () => {
    const client = createSimulatorNetworkClient(sim, sub);
    const results = await Promise.allSettled(
      Array.from({ length: 200 }, (_, i) => client.vpnConnections.listByVpnGateway('rg-00', fleetNames.gateway(0, i % 20)).next()),
    );
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(sim.calls().byOperation.VpnConnections_ListByVpnGateway).toBe(200);
  });
});
