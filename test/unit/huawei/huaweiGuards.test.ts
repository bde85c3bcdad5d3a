import { describe, expect, it } from 'vitest';
import { buildSnapshot } from '../../../src/core/snapshot/buildSnapshot';
import { huaweiScopeId } from '../../../src/core/huawei/huaweiId';
import { projectHuaweiConnection } from '../../../src/core/huawei/projectHuaweiConnection';
import type { LinkSnapshot } from '../../../src/core/snapshot/linkSnapshot';
import type { LinkState } from '../../../src/core/linkState/linkState';
import { planRemediation, type PlanInput } from '../../../src/core/remediation/planRemediation';
import { buildRequest, NOW } from '../../support/builders';
import { SETTINGS } from '../remediation/support/remediationHarness';

const ref = { region: 'ap-southeast-1', projectId: '0605767b5780d5762fc5c0118072a564' };
const minutesAgo = (m: number): string => new Date(NOW.getTime() - m * 60_000).toISOString();

/** A Huawei connection read the way the provider reads it: Huawei's body through the allow-list projection. */
function huaweiFresh(status: string, tags: ReadonlyArray<{ key: string; value: string }> = []): LinkSnapshot {
  const body = { id: '98c5af8a-6ee2-4482-99a2-ae2280a6f4c3', name: 'vpn-b2cb', status, vgw_id: 'b32d91a4-0c1e-4a8d-9a86-e907174eb11d', vgw_ip: '198.51.100.20', cgw_id: '5247ae10-3b1e-4a8d-9a86-dd36659a7f5d', style: 'STATIC', psk: 'never-kept', tags };
  const observation = projectHuaweiConnection(body, { ref, customerGatewayIps: new Map([['5247ae10-3b1e-4a8d-9a86-dd36659a7f5d', '203.0.113.7']]) });
  return buildSnapshot(observation!, undefined, NOW.getTime());
}

function input(fresh: LinkSnapshot, overrides: Partial<PlanInput> = {}, state: Partial<LinkState> = {}): PlanInput {
  const { polledAt: _polledAt, ...observed } = fresh;
  return {
    linkId: fresh.id,
    request: buildRequest({ linkId: fresh.id }),
    fresh,
    state: { ...observed, statusSince: minutesAgo(6), downSince: minutesAgo(6), lastPolledAt: NOW.toISOString(), overrides: {}, ...state },
    gatewayProvisioningState: 'Succeeded',
    incident: undefined,
    ledger: { resetsInLastHour: 0 },
    blast: { gateway: { total: 4, down: 1 }, fleet: { total: 40, down: 1 } },
    policy: { ...SETTINGS, scopes: [...SETTINGS.scopes, huaweiScopeId(ref)] },
    now: NOW,
    ...overrides,
  };
}

const decide = (fresh: LinkSnapshot, overrides: Partial<PlanInput> = {}, state: Partial<LinkState> = {}) => {
  const d = planRemediation(input(fresh, overrides, state));
  return { action: d.action, reason: d.reason };
};

describe('every guard applies to a Huawei connection', () => {
  const down = huaweiFresh('DOWN');

  it('a DOWN connection in a watched project, down past the threshold, is reset', () => {
    expect(decide(down)).toEqual({ action: 'reset', reason: 'all-guards-passed' });
  });

  it('an ERROR connection (failed provisioning) is escalated, never reset', () => {
    expect(decide(huaweiFresh('ERROR'))).toEqual({ action: 'escalate', reason: 'provisioning-failed' });
  });

  it.each<[string, Partial<PlanInput>, Partial<LinkState>, { action: string; reason: string }]>([
    ['scope: another project', { policy: { ...SETTINGS, scopes: [huaweiScopeId({ ...ref, projectId: 'ffffffffffffffffffffffffffffffff' })] } }, {}, { action: 'skip', reason: 'out-of-scope' }],
    ['threshold not reached', {}, { downSince: minutesAgo(2) }, { action: 'skip', reason: 'below-threshold' }],
    ['gateway being changed', { gatewayProvisioningState: 'Updating' }, {}, { action: 'skip', reason: 'gateway-updating' }],
    ['blast radius', { blast: { gateway: { total: 2, down: 2 }, fleet: { total: 40, down: 2 } } }, {}, { action: 'escalate', reason: 'blast-radius' }],
    ['attempts used up', { incident: { linkKey: 'k', linkId: down.id, incidentId: 'inc-1', state: 'open', attempts: 3, openedAt: minutesAgo(60), updatedAt: minutesAgo(1) } }, {}, { action: 'quarantine', reason: 'attempt-limit' }],
    ['cooldown', {}, { lastResetAt: minutesAgo(10) }, { action: 'skip', reason: 'cooldown' }],
    ['hourly budget', { ledger: { resetsInLastHour: 10 } }, {}, { action: 'skip', reason: 'budget-exhausted' }],
    ['another reset in flight on the VPN gateway', { ledger: { resetsInLastHour: 0, gatewayHeldBy: 'inc-other' } }, {}, { action: 'skip', reason: 'gateway-in-flight' }],
    ['dry-run', { policy: { ...SETTINGS, scopes: [huaweiScopeId(ref)], remediationMode: 'dry-run' } }, {}, { action: 'skip', reason: 'dry-run' }],
    ['opted out by tag', {}, { overrides: { remediate: false } }, { action: 'skip', reason: 'opted-out' }],
  ])('%s', (_name, overrides, state, expected) => {
    expect(decide(down, overrides, state)).toEqual(expected);
  });

  it('pending and frozen connections are never reset; a pending one is "updating", not recovered', () => {
    expect(decide(huaweiFresh('FREEZED'))).toEqual({ action: 'skip', reason: 'not-down' });
    expect(decide(huaweiFresh('UNKNOWN'))).toEqual({ action: 'skip', reason: 'not-down' });
    expect(decide(huaweiFresh('PENDING_UPDATE'))).toEqual({ action: 'skip', reason: 'link-updating' });
    expect(decide(huaweiFresh('ACTIVE'))).toEqual({ action: 'skip', reason: 'not-down' });
  });

  it('the opt-out tags are read from the connection itself', () => {
    const tagged = projectHuaweiConnection(
      { id: 'c1', name: 'c1', status: 'DOWN', vgw_id: 'v1', cgw_id: 'g1', tags: [{ key: 'tunnelwatch-remediate', value: 'false' }, { key: 'tunnelwatch-threshold-minutes', value: '12' }] },
      { ref, customerGatewayIps: new Map() },
    );
    expect(tagged?.tags).toEqual({ 'tunnelwatch-remediate': 'false', 'tunnelwatch-threshold-minutes': '12' });
    expect(JSON.stringify(huaweiFresh('DOWN'))).not.toContain('never-kept');
  });
});
