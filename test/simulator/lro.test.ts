import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { NetworkManagementClient } from '@azure/arm-network';
import { fleetNames, startSimulator, type SimulatorHandle } from '../../src/simulator';
import { createSimulatorNetworkClient } from '../support/simulatorClient';
import { API, manualClock, rawRequest } from './simHttp';

const sub = fleetNames.subscriptionId(0);
const linkPath = `/subscriptions/${sub}/resourceGroups/rg-00/providers/Microsoft.Network/vpnGateways/vpngw-00-000/vpnConnections/conn-00-000-00/vpnLinkConnections/link-00-000-00-0`;
const linkId = linkPath.replace('vpnLinkConnections', 'VpnSiteLinkConnections');
const classicPath = `/subscriptions/${sub}/resourceGroups/rg-00-classic/providers/Microsoft.Network/connections/vnetconn-00-00`;
const fast = { updateIntervalInMs: 20 };

describe('long-running operations through the real SDK', () => {
  let sim: SimulatorHandle;
  let client: NetworkManagementClient;

  beforeAll(async () => {
    sim = await startSimulator({ fleet: '1x1x1x2', lroDurationMs: 150, retryAfterSeconds: 0, recoveryAfterResetMs: 60_000 });
    client = createSimulatorNetworkClient(sim, sub);
  });
  afterAll(() => sim.stop());
  beforeEach(() => {
    sim.clearFaults();
    sim.resetCalls();
  });

  it('vWAN link reset (Location style) polls 202 until done, and the stuck link is then Connecting', async () => {
    sim.setLinkState({ id: linkId, scenario: 'stuck' });
    await client.vpnLinkConnections.beginResetConnectionAndWait('rg-00', 'vpngw-00-000', 'conn-00-000-00', 'link-00-000-00-0', fast);
    const calls = sim.calls();
    expect(calls.byOperation.VpnLinkConnections_ResetConnection).toBe(1);
    expect(calls.byOperation.Network_Locations_OperationResults).toBeGreaterThanOrEqual(2);
    expect(calls.resets[linkId]).toBe(1);
    expect(sim.listLinks().find((l) => l.id === linkId)).toMatchObject({ status: 'Connecting', scenario: 'none', resets: 1 });
  });

  it('vWAN link GetIkeSas returns the JSON string result', async () => {
    const result = await client.vpnLinkConnections.beginGetIkeSasAndWait('rg-00', 'vpngw-00-000', 'conn-00-000-00', 'link-00-000-00-1', fast);
    expect(JSON.parse(String(result.body))).toMatchObject({ Status: 'Successful' });
  });

  it('classic reset (Azure-AsyncOperation style) polls InProgress until Succeeded', async () => {
    await client.virtualNetworkGatewayConnections.beginResetConnectionAndWait('rg-00-classic', 'vnetconn-00-00', fast);
    expect(sim.calls().byOperation.Network_Locations_Operations).toBeGreaterThanOrEqual(2);
  });

  it('classic GetIkeSas (Location style) returns the JSON string result', async () => {
    const result = await client.virtualNetworkGatewayConnections.beginGetIkeSasAndWait('rg-00-classic', 'vnetconn-00-00', fast);
    expect(JSON.parse(String(result.body))).toHaveProperty('Status', 'Successful');
  });

  it('when the fault reset-fails is set, then both reset styles end in a failed LRO and the link stays down', async () => {
    sim.setLinkState({ id: linkId, scenario: 'stuck' });
    sim.addFault({ kind: 'reset-fails' });
    await expect(
      client.vpnLinkConnections.beginResetConnectionAndWait('rg-00', 'vpngw-00-000', 'conn-00-000-00', 'link-00-000-00-0', fast),
    ).rejects.toThrow(/InternalServerError|failed/i);
    await expect(client.virtualNetworkGatewayConnections.beginResetConnectionAndWait('rg-00-classic', 'vnetconn-00-00', fast)).rejects.toThrow(
      /failed/i,
    );
    expect(sim.listLinks().find((l) => l.id === linkId)).toMatchObject({ status: 'NotConnected', scenario: 'stuck' });
  });

  it('when the fault reset-no-effect is set, then the reset succeeds but the link stays down', async () => {
    sim.setLinkState({ id: linkId, scenario: 'stuck' });
    sim.addFault({ kind: 'reset-no-effect', operation: 'VpnLinkConnections_ResetConnection' });
    await client.vpnLinkConnections.beginResetConnectionAndWait('rg-00', 'vpngw-00-000', 'conn-00-000-00', 'link-00-000-00-0', fast);
    expect(sim.listLinks().find((l) => l.id === linkId)).toMatchObject({ status: 'NotConnected', resets: 1 });
  });

  it('when an ExpressRoute connection is reset, then ARM refuses with 400 and nothing is counted as a reset', async () => {
    await expect(client.virtualNetworkGatewayConnections.beginResetConnectionAndWait('rg-00-classic', 'er-00', fast)).rejects.toMatchObject({
      statusCode: 400,
    });
    expect(sim.calls().resets).toEqual({});
  });
});

describe('long-running operations on the wire (injected clock)', () => {
  const clock = manualClock();
  let sim: SimulatorHandle;

  beforeAll(async () => {
    sim = await startSimulator({ fleet: '1x1x1x2', lroDurationMs: 10_000, retryAfterSeconds: 7, recoveryAfterResetMs: 5000, now: clock.now });
  });
  afterAll(() => sim.stop());

  it('a vWAN reset answers 202 with an absolute Location and Retry-After, then 202, then 204; the link comes back', async () => {
    sim.setLinkState({ id: linkId, scenario: 'stuck' });
    const accepted = await rawRequest(sim, 'POST', `${linkPath}/resetconnection?${API}`);
    expect(accepted.status).toBe(202);
    expect(accepted.headers['retry-after']).toBe('7');
    const location = accepted.headers.location!;
    expect(location).toMatch(new RegExp(`^${sim.url}/subscriptions/${sub}/providers/Microsoft.Network/locations/\\w+/operationResults/[0-9a-f-]{36}\\?api-version=2026-01-01$`));
    expect((await rawRequest(sim, 'GET', location)).status).toBe(202);
    clock.advance(10_000);
    const done = await rawRequest(sim, 'GET', location);
    expect([done.status, done.text]).toEqual([204, '']);
    expect(sim.listLinks().find((l) => l.id === linkId)?.status).toBe('Connecting');
    clock.advance(5000);
    expect(sim.listLinks().find((l) => l.id === linkId)?.status).toBe('Connected');
  });

  it('a classic reset answers 202 with Azure-AsyncOperation; the status resource says InProgress, then Succeeded', async () => {
    const accepted = await rawRequest(sim, 'POST', `${classicPath}/resetconnection?${API}`);
    const statusUrl = accepted.headers['azure-asyncoperation'] as string;
    expect(accepted.headers.location).toBeUndefined();
    expect(statusUrl).toMatch(/\/locations\/\w+\/operations\/[0-9a-f-]{36}\?api-version=2026-01-01$/);
    const running = await rawRequest(sim, 'GET', statusUrl);
    expect([running.status, running.json().status]).toEqual([200, 'InProgress']);
    clock.advance(10_000);
    expect((await rawRequest(sim, 'GET', statusUrl)).json()).toMatchObject({ status: 'Succeeded', endTime: expect.any(String) });
  });

  it('a failed operation ends with the ARM error shape on both polling styles', async () => {
    sim.addFault({ kind: 'reset-fails', count: 2 });
    const location = (await rawRequest(sim, 'POST', `${linkPath}/resetconnection?${API}`)).headers.location!;
    const statusUrl = (await rawRequest(sim, 'POST', `${classicPath}/resetconnection?${API}`)).headers['azure-asyncoperation'] as string;
    clock.advance(10_000);
    const failed = await rawRequest(sim, 'GET', location);
    expect(failed.status).toBe(500);
    expect(failed.json().error).toEqual({ code: 'InternalServerError', message: expect.any(String) });
    expect((await rawRequest(sim, 'GET', statusUrl)).json()).toMatchObject({ status: 'Failed', error: { code: 'InternalServerError' } });
  });

  it('GetIkeSas ends with 200 and a JSON string body, as in the example', async () => {
    const location = (await rawRequest(sim, 'POST', `${linkPath}/getikesas?${API}`)).headers.location!;
    clock.advance(10_000);
    const done = await rawRequest(sim, 'GET', location);
    expect(done.status).toBe(200);
    expect(typeof done.json()).toBe('string');
  });

  it('an unknown operation id answers 404', async () => {
    const response = await rawRequest(sim, 'GET', `/subscriptions/${sub}/providers/Microsoft.Network/locations/westus/operationResults/nope?${API}`);
    expect([response.status, response.json().error.code]).toEqual([404, 'ResourceNotFound']);
  });
});
