import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fleetNames, startSimulator, type SimulatorHandle } from '../../src/simulator';
import { API, manualClock, rawRequest } from './simHttp';

const sub = fleetNames.subscriptionId(0);
const subscription = `/subscriptions/${sub}`;
const group = `${subscription}/resourceGroups/rg-00`;
const gateway = `${group}/providers/Microsoft.Network/vpnGateways/vpngw-00-000`;
const linkPath = `${gateway}/vpnConnections/conn-00-000-00/vpnLinkConnections/link-00-000-00-0`;
const linkId = linkPath.replace('vpnLinkConnections', 'VpnSiteLinkConnections');
const RESET = 'Microsoft.Network/vpnGateways/vpnConnections/vpnLinkConnections/resetconnection/action';
const OPERATIONS_READ = 'Microsoft.Network/locations/operations/read';
const RESULTS_READ = 'Microsoft.Network/locations/operationResults/read';

describe('simulated RBAC (/_sim/rbac)', () => {
  const clock = manualClock();
  let sim: SimulatorHandle;
  const control = (method: string, path: string, body?: unknown) =>
    rawRequest(sim, method, path, { body, authorization: null });
  const rbac = (...assignments: Array<{ scope: string; actions: string[]; notActions?: string[] }>) =>
    control('PUT', '/_sim/rbac', { assignments });
  const get = (path: string) => rawRequest(sim, 'GET', `${path}?${API}`);
  const permissionsAt = async (scope: string) =>
    (await get(`${scope}/providers/Microsoft.Authorization/permissions`)).json().value;

  beforeAll(async () => {
    sim = await startSimulator({
      fleet: '1x2x1x2',
      lroDurationMs: 10_000,
      retryAfterSeconds: 0,
      now: clock.now,
    });
  });
  afterAll(() => sim.stop());
  beforeEach(async () => {
    sim.resetCalls();
    expect((await control('DELETE', '/_sim/rbac')).status).toBe(204);
  });

  it('by default everything is allowed and the permissions API says so at every scope', async () => {
    expect((await rawRequest(sim, 'POST', `${linkPath}/resetconnection?${API}`)).status).toBe(202);
    for (const scope of [subscription, group, linkId]) {
      expect(await permissionsAt(scope)).toEqual([
        { actions: ['*'], notActions: [], dataActions: [], notDataActions: [] },
      ]);
    }
  });

  it('when only reads are granted on the resource group, then reads there pass and the reset answers 403 AuthorizationFailed', async () => {
    expect((await rbac({ scope: group.toUpperCase(), actions: ['Microsoft.Network/*/read'] })).status).toBe(
      204,
    );
    expect((await get(gateway)).status).toBe(200);
    const denied = await rawRequest(sim, 'POST', `${linkPath}/resetconnection?${API}`);
    expect(denied.status).toBe(403);
    expect(denied.json()).toEqual({
      error: {
        code: 'AuthorizationFailed',
        message: expect.stringMatching(
          new RegExp(
            `^The client '[0-9a-f-]{36}' with object id '[0-9a-f-]{36}' does not have authorization to perform action '${RESET}' over scope '${linkPath}' or the scope is invalid\\. If access was recently granted, please refresh your credentials\\.$`,
          ),
        ),
      },
    });
    expect(sim.calls().resets[linkId]).toBeUndefined();
  });

  it('a scope matches whole segments only: rg-0 does not cover rg-00, and another group is not covered', async () => {
    await rbac(
      { scope: `${subscription}/resourceGroups/rg-0`, actions: ['*'] },
      { scope: `${subscription}/resourceGroups/rg-00-classic`, actions: ['*'] },
    );
    expect((await get(gateway)).status).toBe(403);
    expect(
      (await get(`${subscription}/resourceGroups/rg-00-classic/providers/Microsoft.Network/connections`))
        .status,
    ).toBe(200);
  });

  it('notActions of an assignment take back what its wildcard grants', async () => {
    await rbac({ scope: subscription, actions: ['Microsoft.Network/*'], notActions: [RESET] });
    expect((await get(gateway)).status).toBe(200);
    expect((await rawRequest(sim, 'POST', `${linkPath}/resetconnection?${API}`)).status).toBe(403);
  });

  it('when everything is granted on the link only, then the reset is accepted but both status URLs answer 403', async () => {
    await rbac({ scope: linkId, actions: ['*'] });
    const accepted = await rawRequest(sim, 'POST', `${linkPath}/resetconnection?${API}`);
    expect(accepted.status).toBe(202);
    for (const url of [accepted.headers['azure-asyncoperation'] as string, accepted.headers.location!]) {
      const polled = await rawRequest(sim, 'GET', url);
      expect([polled.status, polled.json().error.code]).toEqual([403, 'AuthorizationFailed']);
    }
  });

  it('when the status reads are granted on the resource group of the link, then both status URLs answer', async () => {
    await rbac(
      { scope: linkId, actions: [RESET] },
      { scope: group, actions: [OPERATIONS_READ, RESULTS_READ] },
    );
    const accepted = await rawRequest(sim, 'POST', `${linkPath}/resetconnection?${API}`);
    expect((await rawRequest(sim, 'GET', accepted.headers['azure-asyncoperation'] as string)).status).toBe(
      200,
    );
    expect((await rawRequest(sim, 'GET', accepted.headers.location!)).status).toBe(202);
  });

  it('a status read granted on another resource group does not reach an operation started in this one', async () => {
    await rbac(
      { scope: linkId, actions: [RESET] },
      { scope: `${subscription}/resourceGroups/rg-00-classic`, actions: ['*'] },
    );
    const accepted = await rawRequest(sim, 'POST', `${linkPath}/resetconnection?${API}`);
    expect((await rawRequest(sim, 'GET', accepted.headers['azure-asyncoperation'] as string)).status).toBe(
      403,
    );
  });

  it('the permissions API lists the assignments at or above the scope, and needs permissions/read itself', async () => {
    const atSubscription = { scope: subscription, actions: ['Microsoft.Authorization/permissions/read'] };
    const atGroup = { scope: group, actions: ['Microsoft.Network/*/read'] };
    const atLink = { scope: linkId, actions: [RESET], notActions: ['Microsoft.Network/*/delete'] };
    await rbac(atSubscription, atGroup, atLink);
    const entry = (a: { actions: string[]; notActions?: string[] }) => ({
      actions: a.actions,
      notActions: a.notActions ?? [],
      dataActions: [],
      notDataActions: [],
    });
    expect(await permissionsAt(subscription)).toEqual([entry(atSubscription)]);
    expect(await permissionsAt(group)).toEqual([entry(atSubscription), entry(atGroup)]);
    expect(await permissionsAt(linkId)).toEqual([entry(atSubscription), entry(atGroup), entry(atLink)]);
    await rbac(atGroup);
    expect((await get(`${group}/providers/Microsoft.Authorization/permissions`)).status).toBe(403);
  });

  it('DELETE /_sim/rbac allows everything again', async () => {
    await rbac({ scope: linkId, actions: [RESET] });
    expect((await get(gateway)).status).toBe(403);
    await control('DELETE', '/_sim/rbac');
    expect((await get(gateway)).status).toBe(200);
  });

  it.each([
    ['no assignments array', {}],
    ['a scope that is not an ARM id', { assignments: [{ scope: 'rg-00', actions: ['*'] }] }],
    ['actions that are not strings', { assignments: [{ scope: subscription, actions: [1] }] }],
    ['missing actions', { assignments: [{ scope: subscription }] }],
  ])('PUT /_sim/rbac with %s answers 400', async (_name, body) => {
    const response = await control('PUT', '/_sim/rbac', body);
    expect([response.status, typeof response.json().error.message]).toEqual([400, 'string']);
  });

  it('when the caller may not read VPN sites, then Resources_List leaves them out, as ARM does, and lists what it may read', async () => {
    const sitesPath = `${subscription}/resources`;
    const list = async (type: string): Promise<string[]> =>
      ((await rawRequest(sim, 'GET', `${sitesPath}?$filter=${encodeURIComponent(`resourceType eq '${type}'`)}&${API}`)).json<{ value: Array<{ id: string }> }>()).value.map((r) => r.id);
    const everySite = await list('Microsoft.Network/vpnSites');
    expect(everySite.length).toBeGreaterThan(0);
    expect((await rbac({ scope: subscription, actions: ['Microsoft.Resources/subscriptions/resources/read', 'Microsoft.Network/vpnGateways/read'] })).status).toBe(204);
    expect(await list('Microsoft.Network/vpnSites')).toEqual([]);
    expect((await list('Microsoft.Network/vpnGateways')).length).toBeGreaterThan(0);
    expect((await rbac({ scope: subscription, actions: ['Microsoft.Resources/subscriptions/resources/read', 'Microsoft.Network/vpnSites/read'] })).status).toBe(204);
    expect(await list('Microsoft.Network/vpnSites')).toEqual(everySite);
  });
});
