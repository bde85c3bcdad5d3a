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
let client: NetworkManagementClient;
const resetStuckLink = () =>
  client.vpnLinkConnections.beginResetConnectionAndWait(
    'rg-00',
    'vpngw-00-000',
    'conn-00-000-00',
    'link-00-000-00-0',
    fast,
  );

describe('long-running operations through the real SDK', () => {
  let sim: SimulatorHandle;

  beforeAll(async () => {
    sim = await startSimulator({
      fleet: '1x1x1x2',
      lroDurationMs: 150,
      retryAfterSeconds: 0,
      recoveryAfterResetMs: 60_000,
    });
    client = createSimulatorNetworkClient(sim, sub);
  });
  afterAll(() => sim.stop());
  beforeEach(() => {
    sim.clearFaults();
    sim.resetCalls();
  });

  it('vWAN link reset polls the status resource until done, and the stuck link is then Connecting', async () => {
    sim.setLinkState({ id: linkId, scenario: 'stuck' });
    await resetStuckLink();
    const calls = sim.calls();
    expect(calls.byOperation.VpnLinkConnections_ResetConnection).toBe(1);
    expect(calls.byOperation.Network_Locations_Operations).toBeGreaterThanOrEqual(2);
    expect(calls.resets[linkId]).toBe(1);
    expect(sim.listLinks().find((l) => l.id === linkId)).toMatchObject({
      status: 'Connecting',
      scenario: 'none',
      resets: 1,
    });
  });

  it('vWAN link GetIkeSas returns the JSON string result', async () => {
    const result = await client.vpnLinkConnections.beginGetIkeSasAndWait(
      'rg-00',
      'vpngw-00-000',
      'conn-00-000-00',
      'link-00-000-00-1',
      fast,
    );
    expect(JSON.parse(String(result.body))).toMatchObject({ Status: 'Successful' });
  });

  it('classic reset follows the Azure-AsyncOperation status resource until Succeeded', async () => {
    await client.virtualNetworkGatewayConnections.beginResetConnectionAndWait(
      'rg-00-classic',
      'vnetconn-00-00',
      fast,
    );
    expect(sim.calls().byOperation.Network_Locations_Operations).toBeGreaterThanOrEqual(2);
  });

  it('classic GetIkeSas returns the JSON string result', async () => {
    const result = await client.virtualNetworkGatewayConnections.beginGetIkeSasAndWait(
      'rg-00-classic',
      'vnetconn-00-00',
      fast,
    );
    expect(JSON.parse(String(result.body))).toHaveProperty('Status', 'Successful');
  });

  it('when the fault reset-fails is set, then both reset styles end in a failed LRO and the link stays down', async () => {
    sim.setLinkState({ id: linkId, scenario: 'stuck' });
    sim.addFault({ kind: 'reset-fails' });
    await expect(resetStuckLink()).rejects.toThrow(/InternalServerError|failed/i);
    await expect(
      client.virtualNetworkGatewayConnections.beginResetConnectionAndWait(
        'rg-00-classic',
        'vnetconn-00-00',
        fast,
      ),
    ).rejects.toThrow(/failed/i);
    expect(sim.listLinks().find((l) => l.id === linkId)).toMatchObject({
      status: 'NotConnected',
      scenario: 'stuck',
    });
  });

  it('when the fault reset-no-effect is set, then the reset succeeds but the link stays down', async () => {
    sim.setLinkState({ id: linkId, scenario: 'stuck' });
    sim.addFault({ kind: 'reset-no-effect', operation: 'VpnLinkConnections_ResetConnection' });
    await resetStuckLink();
    expect(sim.listLinks().find((l) => l.id === linkId)).toMatchObject({ status: 'NotConnected', resets: 1 });
  });

  it('when an ExpressRoute connection is reset, then ARM refuses with 400 and nothing is counted as a reset', async () => {
    await expect(
      client.virtualNetworkGatewayConnections.beginResetConnectionAndWait('rg-00-classic', 'er-00', fast),
    ).rejects.toMatchObject({
      statusCode: 400,
    });
    expect(sim.calls().resets).toEqual({});
  });
});

describe('long-running operations on the wire (injected clock)', () => {
  const clock = manualClock();
  let sim: SimulatorHandle;
  const statusUrlPattern = (kind: string) =>
    new RegExp(
      `^${sim.url}/subscriptions/${sub}/providers/Microsoft.Network/locations/\\w+/${kind}/[0-9a-f-]{36}\\?api-version=2026-01-01$`,
    );

  beforeAll(async () => {
    sim = await startSimulator({
      fleet: '1x1x1x2',
      lroDurationMs: 10_000,
      retryAfterSeconds: 17,
      recoveryAfterResetMs: 5000,
      now: clock.now,
    });
  });
  afterAll(() => sim.stop());
  beforeEach(() => sim.clearFaults());

  it.each([
    ['vWAN reset', `${linkPath}/resetconnection`],
    ['vWAN GetIkeSas', `${linkPath}/getikesas`],
    ['classic reset', `${classicPath}/resetconnection`],
    ['classic GetIkeSas', `${classicPath}/getikesas`],
  ])(
    '%s answers 202 with both Azure-AsyncOperation and Location, absolute under the subscription, and Retry-After',
    async (_name, path) => {
      const accepted = await rawRequest(sim, 'POST', `${path}?${API}`);
      expect([accepted.status, accepted.text, accepted.headers['retry-after']]).toEqual([202, '', '17']);
      expect(accepted.headers['azure-asyncoperation']).toMatch(statusUrlPattern('operations'));
      expect(accepted.headers.location).toMatch(statusUrlPattern('operationResults'));
      const id = (url: unknown) => String(url).split('/').pop()!.split('?')[0];
      expect(id(accepted.headers.location)).toBe(id(accepted.headers['azure-asyncoperation']));
    },
  );

  it('by default Retry-After is at least 10 seconds, as ARM asks of resource providers', async () => {
    const plain = await startSimulator({ fleet: '1x1x1x2' });
    try {
      const accepted = await rawRequest(plain, 'POST', `${linkPath}/resetconnection?${API}`);
      expect(Number(accepted.headers['retry-after'])).toBeGreaterThanOrEqual(10);
    } finally {
      await plain.stop();
    }
  });

  it('a vWAN reset: Location answers 202 with Location and Retry-After while running, then 204; the link comes back', async () => {
    sim.setLinkState({ id: linkId, scenario: 'stuck' });
    const location = (await rawRequest(sim, 'POST', `${linkPath}/resetconnection?${API}`)).headers.location!;
    const running = await rawRequest(sim, 'GET', location);
    expect([running.status, running.text, running.headers.location, running.headers['retry-after']]).toEqual([
      202,
      '',
      location,
      '17',
    ]);
    clock.advance(10_000);
    const done = await rawRequest(sim, 'GET', location);
    expect([done.status, done.text]).toEqual([204, '']);
    expect(sim.listLinks().find((l) => l.id === linkId)?.status).toBe('Connecting');
    clock.advance(5000);
    expect(sim.listLinks().find((l) => l.id === linkId)?.status).toBe('Connected');
  });

  it('the Azure-AsyncOperation status resource is always 200: InProgress with Retry-After, then Succeeded with endTime', async () => {
    const statusUrl = (await rawRequest(sim, 'POST', `${classicPath}/resetconnection?${API}`)).headers[
      'azure-asyncoperation'
    ] as string;
    const running = await rawRequest(sim, 'GET', statusUrl);
    const name = statusUrl.split('/').pop()!.split('?')[0];
    expect([running.status, running.headers['retry-after']]).toEqual([200, '17']);
    expect(running.json()).toEqual({
      id: expect.stringMatching(new RegExp(`/operations/${name}$`)),
      name,
      status: 'InProgress',
      startTime: expect.any(String),
    });
    clock.advance(10_000);
    const done = await rawRequest(sim, 'GET', statusUrl);
    expect([done.status, done.headers['retry-after']]).toEqual([200, undefined]);
    expect(done.json()).toMatchObject({ status: 'Succeeded', endTime: expect.any(String) });
    expect(done.json()).not.toHaveProperty('error');
  });

  it('a failed operation: the status resource says Failed with the error, the Location URL answers the error status', async () => {
    sim.addFault({ kind: 'reset-fails', count: 2 });
    const vwan = (await rawRequest(sim, 'POST', `${linkPath}/resetconnection?${API}`)).headers;
    const classic = (await rawRequest(sim, 'POST', `${classicPath}/resetconnection?${API}`)).headers;
    clock.advance(10_000);
    for (const headers of [vwan, classic]) {
      const failed = await rawRequest(sim, 'GET', headers.location!);
      expect(failed.status).toBe(500);
      expect(failed.json().error).toEqual({ code: 'InternalServerError', message: expect.any(String) });
      const status = await rawRequest(sim, 'GET', headers['azure-asyncoperation'] as string);
      expect([status.status, status.json().status, status.json().error.code]).toEqual([
        200,
        'Failed',
        'InternalServerError',
      ]);
    }
  });

  it('GetIkeSas: the Location URL ends with 200 and a JSON string body, as in the example', async () => {
    const accepted = await rawRequest(sim, 'POST', `${classicPath}/getikesas?${API}`);
    clock.advance(10_000);
    const done = await rawRequest(sim, 'GET', accepted.headers.location!);
    expect(done.status).toBe(200);
    expect(typeof done.json()).toBe('string');
    expect(
      (await rawRequest(sim, 'GET', accepted.headers['azure-asyncoperation'] as string)).json().status,
    ).toBe('Succeeded');
  });

  it.each(['Network_Locations_OperationResults', 'Network_Locations_Operations'] as const)(
    'when fault 429 names %s, then every poll of that URL answers 429 and the other URL still answers',
    async (operation) => {
      const accepted = await rawRequest(sim, 'POST', `${linkPath}/resetconnection?${API}`);
      sim.addFault({ operation, kind: '429' });
      const [throttledUrl, otherUrl] =
        operation === 'Network_Locations_Operations'
          ? [accepted.headers['azure-asyncoperation'] as string, accepted.headers.location!]
          : [accepted.headers.location!, accepted.headers['azure-asyncoperation'] as string];
      for (let i = 0; i < 3; i++) expect((await rawRequest(sim, 'GET', throttledUrl)).status).toBe(429);
      expect([200, 202]).toContain((await rawRequest(sim, 'GET', otherUrl)).status);
    },
  );

  it('an unknown operation id answers 404 on both URLs', async () => {
    for (const kind of ['operationResults', 'operations']) {
      const response = await rawRequest(
        sim,
        'GET',
        `/subscriptions/${sub}/providers/Microsoft.Network/locations/westus/${kind}/nope?${API}`,
      );
      expect([response.status, response.json().error.code]).toEqual([404, 'ResourceNotFound']);
    }
  });
});
