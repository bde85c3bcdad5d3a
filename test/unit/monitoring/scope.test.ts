import { describe, expect, it } from 'vitest';
import { planPollShards } from '../../../src/core/polling/planPollShards';
import { linkInScope, parseScopes } from '../../../src/core/scope';

const RG = '/subscriptions/s1/resourceGroups/rg';
const GW = `${RG}/providers/Microsoft.Network/vpnGateways/gw`;

describe('parseScopes', () => {
  it.each([
    ['/subscriptions/s1', 'subscription'],
    [RG, 'resourceGroup'],
    [GW, 'vpnGateway'],
    [`${GW}/vpnConnections/c1`, 'vpnGateway'],
    [`${RG}/providers/Microsoft.Network/connections/c`, 'classicConnection'],
    [`${RG}/providers/Microsoft.Network/virtualNetworkGateways/v`, 'classicGateway'],
  ])('%s is a %s scope', (scope, kind) => {
    expect(parseScopes([scope])[0]?.kind).toBe(kind);
  });

  it('names every scope that names nothing readable in one error', () => {
    expect(() => parseScopes([`${RG}/providers/Microsoft.Compute/virtualMachines/vm`, 'nonsense'])).toThrow(/virtualMachines.*nonsense/);
  });
});

describe('linkInScope', () => {
  const link = { id: `${GW}/vpnConnections/c1/VpnSiteLinkConnections/l1`, connectionId: `${GW}/vpnConnections/c1`, gatewayId: GW };
  it.each([
    ['/subscriptions/S1', true],
    [`${GW}/vpnConnections/c1`, true],
    [`${GW}/vpnConnections/c1/vpnLinkConnections/l1`, true],
    [`${GW}/vpnConnections/c2`, false],
    ['/subscriptions/s2', false],
  ])('a link under %s → %s', (scope, expected) => {
    expect(linkInScope(link, parseScopes([scope]))).toBe(expected);
  });
});

describe('planPollShards', () => {
  const targets = ['c', 'a', 'b', 'd', 'e'].map((n) => ({ kind: 'vpnGateway' as const, id: `${RG}/providers/Microsoft.Network/vpnGateways/${n}`, subscriptionId: 's1', resourceGroup: 'rg' }));
  it('polls inline at or below the threshold', () => {
    expect(planPollShards(targets, 5, 2).mode).toBe('inline');
  });
  it('above it, cuts stable, sorted shards of the configured size', () => {
    const plan = planPollShards(targets, 4, 2);
    expect(plan.mode === 'sharded' && plan.shards.map((s) => s.targets.map((t) => t.id.slice(-1)))).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
  });
});
