import { describe, expect, it } from 'vitest';
import type { FleetReader } from '../../../src/app/monitoring/monitoringPorts';
import type { ActionStart, NetworkActions } from '../../../src/app/ports';
import type { LinkProvider } from '../../../src/app/providers/linkProvider';
import { routeProviders } from '../../../src/app/providers/routeProviders';
import { huaweiConnectionId, huaweiGatewayId, isHuaweiId } from '../../../src/core/huawei/huaweiId';
import type { LinkTopology } from '../../../src/core/snapshot/linkSnapshot';
import { huaweiWatchScopes, parseScopes } from '../../../src/core/scope';

const ref = { region: 'ap-southeast-1', projectId: '0a1b2c3d4e5f60718293a4b5c6d7e8f9' };
const azureLink = '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Network/connections/c1';
const huaweiLink = huaweiConnectionId(ref, 'conn-1');

/** A provider that records every call it receives as `name:method:id`. */
function recordingProvider(name: 'azure' | 'huawei', owns: (id: string) => boolean, calls: string[], extra: Partial<FleetReader> = {}): LinkProvider {
  const note = (method: string, id: string) => calls.push(`${name}:${method}:${id}`);
  const fleet: FleetReader = {
    discover: async (scopes) => {
      scopes.forEach((s) => note('discover', s.id));
      return { targets: scopes.map((s) => ({ kind: s.kind === 'huaweiProject' ? 'huaweiProject' : 'classicGroup', id: s.id, subscriptionId: s.subscriptionId, resourceGroup: 'rg' })), failures: [] };
    },
    listTarget: async (target) => {
      note('list', target.id);
      return { observations: [] };
    },
    readStatuses: async (links) => links.map((l) => (note('get', l.id), { id: l.id, status: 'Connected' })),
    requestCounts: () => ({ [`${name}_List`]: 2, Shared_Op: 1 }),
    throttles: () => (name === 'azure' ? 3 : 1),
    ...extra,
  };
  const accepted: ActionStart = { outcome: 'accepted', operationToken: `${name}-token`, done: name === 'huawei' };
  const actions: NetworkActions = {
    readLink: async (id) => (note('readLink', id), undefined),
    readGatewayLinks: async (id) => (note('gatewayLinks', id), []),
    readGatewayProvisioningState: async (id) => (note('gatewayState', id), undefined),
    getIkeSas: async (id) => (note('ikeSas', id), { outcome: 'unavailable', reason: 'none' }),
    startReset: async (id) => (note('reset', id), accepted),
    trackReset: async (token) => (note('track', token), { state: 'succeeded' }),
  };
  return { name, owns, fleet, actions };
}

function setup() {
  const calls: string[] = [];
  const azure = recordingProvider('azure', (id) => !isHuaweiId(id), calls, { readAllowance: (_sub: string, horizonMs?: number) => (horizonMs === undefined ? 42 : 7) });
  const huawei = recordingProvider('huawei', isHuaweiId, calls);
  return { calls, ...routeProviders([azure, huawei]) };
}

describe('routing calls to the provider that owns the id', () => {
  it('discovers each scope with its own provider and merges the targets', async () => {
    const { calls, fleet } = setup();
    const scopes = [...parseScopes(['/subscriptions/s1']), ...huaweiWatchScopes([ref])];
    const { targets } = await fleet.discover(scopes);
    expect(targets.map((t) => t.kind)).toEqual(['classicGroup', 'huaweiProject']);
    expect(calls).toEqual(['azure:discover:/subscriptions/s1', `huawei:discover:${scopes[1]!.id}`]);
  });

  it('sends list, status reads, fresh reads and resets to the owner only', async () => {
    const { calls, fleet, actions } = setup();
    await fleet.listTarget({ kind: 'huaweiProject', id: huaweiWatchScopes([ref])[0]!.id, subscriptionId: ref.projectId, resourceGroup: ref.region });
    await fleet.readStatuses([{ id: azureLink } as LinkTopology, { id: huaweiLink } as LinkTopology]);
    await actions.readLink(huaweiLink);
    await actions.readGatewayLinks(huaweiGatewayId(ref, 'vgw-1'));
    const start = await actions.startReset(huaweiLink);
    await actions.startReset(azureLink);
    expect(start).toMatchObject({ outcome: 'accepted', done: true });
    expect(calls).toEqual([
      `huawei:list:${huaweiWatchScopes([ref])[0]!.id}`,
      `azure:get:${azureLink}`,
      `huawei:get:${huaweiLink}`,
      `huawei:readLink:${huaweiLink}`,
      `huawei:gatewayLinks:${huaweiGatewayId(ref, 'vgw-1')}`,
      `huawei:reset:${huaweiLink}`,
      `azure:reset:${azureLink}`,
    ]);
  });

  it('adds request counts and throttles across providers; the read budget stays the Azure provider\'s', () => {
    const { fleet } = setup();
    expect(fleet.requestCounts()).toEqual({ azure_List: 2, huawei_List: 2, Shared_Op: 2 });
    expect(fleet.throttles?.()).toBe(4);
    expect(fleet.readAllowance?.('s1')).toBe(42);
    // The allowance over a time to come (how a cycle plans its GETs) reaches the budget, not the minute's allowance.
    expect(fleet.readAllowance?.('s1', 45_000)).toBe(7);
    expect(fleet.withReadShares).toBeUndefined();
  });

  it('reports a scope no provider owns as a discovery failure, and refuses an id no provider owns', async () => {
    const calls: string[] = [];
    const { fleet, actions } = routeProviders([recordingProvider('azure', (id) => id.startsWith('/subscriptions/'), calls)]);
    const { failures } = await fleet.discover(huaweiWatchScopes([ref]));
    expect(failures).toEqual([expect.objectContaining({ gatewayId: huaweiWatchScopes([ref])[0]!.id, code: 'CONFIG.INVALID' })]);
    await expect(actions.startReset(huaweiLink)).rejects.toMatchObject({ code: 'REQUEST.INVALID' });
    expect(calls).toEqual([]);
  });
});
