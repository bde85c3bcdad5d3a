import { describe, expect, it } from 'vitest';
import type { ScopePermissions } from '../../../src/core/permissions/assessPermissions';
import { planRemediation, type PlanInput } from '../../../src/core/remediation/planRemediation';
import { buildLinkState, buildRequest, buildSnapshot, linkId, NOW } from '../../support/builders';
import { SETTINGS } from './support/remediationHarness';

const minutesAgo = (m: number): string => new Date(NOW.getTime() - m * 60_000).toISOString();

function buildInput(overrides: Partial<PlanInput> = {}): PlanInput {
  return {
    linkId: linkId(),
    request: buildRequest(),
    fresh: buildSnapshot(),
    state: buildLinkState({ downSince: minutesAgo(6) }),
    gatewayProvisioningState: 'Succeeded',
    incident: undefined,
    ledger: { resetsInLastHour: 0 },
    blast: { gateway: { total: 4, down: 1 }, fleet: { total: 40, down: 1 } },
    policy: SETTINGS,
    now: NOW,
    ...overrides,
  };
}

const incident = (overrides: object = {}) => ({
  linkKey: 'k',
  linkId: linkId(),
  incidentId: 'inc-1',
  state: 'open' as const,
  attempts: 0,
  openedAt: minutesAgo(60),
  updatedAt: minutesAgo(1),
  ...overrides,
});

const RESET = 'Microsoft.Network/vpnGateways/vpnConnections/vpnLinkConnections/resetconnection/action';
const STATUS_READ = 'Microsoft.Network/locations/operations/read';
const permissions = (overrides: Partial<ScopePermissions> = {}): ScopePermissions => ({
  scope: SETTINGS.scopes[0]!,
  ok: false,
  missing: [],
  canMonitor: true,
  canRemediate: true,
  statusReadScope: SETTINGS.scopes[0]!,
  ...overrides,
});

describe('planRemediation', () => {
  it('when a link has been down 6 minutes and every guard holds, then one reset is planned and every guard is reported', () => {
    const decision = planRemediation(buildInput());
    expect(decision.action).toBe('reset');
    expect(decision.reason).toBe('all-guards-passed');
    expect(decision.guards.every((g) => g.passed)).toBe(true);
    expect(decision.guards.map((g) => g.name)).toEqual([
      'in-scope', 'mode-not-disabled', 'permissions', 'link-exists', 'resettable-kind', 'still-down', 'standby-partner', 'down-for-threshold', 'not-opted-out',
      'link-provisioned', 'gateway-not-updating', 'initiating-mode', 'blast-radius', 'attempt-limit', 'cooldown', 'peer-cooldown',
      'back-off', 'budget', 'gateway-in-flight', 'mode-enabled',
    ]);
  });

  const cases: Array<[string, Partial<PlanInput>, string, string, string]> = [
    ['the link is outside every scope', { linkId: '/subscriptions/other/resourceGroups/x/providers/Microsoft.Network/connections/c' }, 'skip', 'out-of-scope', 'in-scope'],
    ['ARM no longer knows the link', { fresh: undefined }, 'skip', 'link-not-found', 'link-exists'],
    ['the connection is ExpressRoute', { fresh: buildSnapshot({ kind: 'classic', connectionType: 'ExpressRoute' }) }, 'skip', 'expressroute', 'resettable-kind'],
    ['remediation is disabled', { policy: { ...SETTINGS, remediationMode: 'disabled' } }, 'skip', 'disabled', 'mode-not-disabled'],
    ['the fresh read says Connected', { fresh: buildSnapshot({ status: 'Connected' }) }, 'skip', 'not-down', 'still-down'],
    ['the link has been down only 4 minutes', { state: buildLinkState({ downSince: minutesAgo(4) }) }, 'skip', 'below-threshold', 'down-for-threshold'],
    ['a tag raises the threshold to 10 minutes', { state: buildLinkState({ downSince: minutesAgo(6), overrides: { stuckThresholdMs: 600_000 } }) }, 'skip', 'below-threshold', 'down-for-threshold'],
    ['the poller has no down streak yet', { state: undefined }, 'skip', 'below-threshold', 'down-for-threshold'],
    ['the link is tagged tunnelwatch-remediate=false', { state: buildLinkState({ downSince: minutesAgo(6), overrides: { remediate: false } }) }, 'skip', 'opted-out', 'not-opted-out'],
    ['the link is being updated', { fresh: buildSnapshot({ provisioningState: 'Updating' }) }, 'skip', 'link-updating', 'link-provisioned'],
    ['the link failed provisioning', { fresh: buildSnapshot({ provisioningState: 'Failed' }) }, 'escalate', 'provisioning-failed', 'link-provisioned'],
    ['the gateway is being updated', { gatewayProvisioningState: 'Updating' }, 'skip', 'gateway-updating', 'gateway-not-updating'],
    ['the link is ResponderOnly', { fresh: buildSnapshot({ mode: 'ResponderOnly' }) }, 'escalate', 'responder-only', 'initiating-mode'],
    ['half of the gateway links are down', { blast: { gateway: { total: 4, down: 2 }, fleet: { total: 40, down: 2 } } }, 'escalate', 'blast-radius', 'blast-radius'],
    ['half of the fleet is down', { blast: { gateway: { total: 4, down: 1 }, fleet: { total: 10, down: 5 } } }, 'escalate', 'blast-radius', 'blast-radius'],
    ['the incident used all its attempts', { incident: incident({ attempts: 3 }) }, 'quarantine', 'attempt-limit', 'attempt-limit'],
    ['the link was reset 10 minutes ago', { state: buildLinkState({ downSince: minutesAgo(6), lastResetAt: minutesAgo(10) }) }, 'skip', 'cooldown', 'cooldown'],
    ['a claim 10 minutes ago may have reset it', { incident: incident({ lastClaimAt: minutesAgo(10) }) }, 'skip', 'cooldown', 'cooldown'],
    ['the other end of the tunnel was reset 10 minutes ago', { peer: { key: 'peer', state: buildLinkState({ lastResetAt: minutesAgo(10) }) } }, 'skip', 'peer-cooldown', 'peer-cooldown'],
    ['the other end\'s claim 10 minutes ago may have reset it', { peer: { key: 'peer', incident: incident({ lastClaimAt: minutesAgo(10) }) } }, 'skip', 'peer-cooldown', 'peer-cooldown'],
    ['the back-off has not elapsed', { incident: incident({ attempts: 1, nextAttemptAt: new Date(NOW.getTime() + 60_000).toISOString() }) }, 'skip', 'backing-off', 'back-off'],
    ['the hour budget is used up', { ledger: { resetsInLastHour: 10 } }, 'skip', 'budget-exhausted', 'budget'],
    ['another incident holds the gateway', { ledger: { resetsInLastHour: 0, gatewayHeldBy: 'inc-other' } }, 'skip', 'gateway-in-flight', 'gateway-in-flight'],
    ['the mode is dry-run', { policy: { ...SETTINGS, remediationMode: 'dry-run' } }, 'skip', 'dry-run', 'mode-enabled'],
    ['the scope lacks the reset action', { permissions: permissions({ canRemediate: false, missing: [RESET] }) }, 'skip', 'missing-permissions', 'permissions'],
    ['the scope lacks the operation-status reads at its resource group', { permissions: permissions({ canRemediate: false, missing: [STATUS_READ] }) }, 'skip', 'missing-permissions', 'permissions'],
    ['the operator asked for a dry run', { request: buildRequest({ source: 'operator', dryRun: true }) }, 'skip', 'dry-run', 'mode-enabled'],
  ];

  it.each(cases)('when %s, then the decision is %s (%s) and guard %s failed', (_name, overrides, action, reason, guard) => {
    const decision = planRemediation(buildInput(overrides));
    expect(decision.action).toBe(action);
    expect(decision.reason).toBe(reason);
    expect(decision.guards.find((g) => g.name === guard)?.passed).toBe(false);
    expect(decision.guards).toHaveLength(20);
  });

  it('when the poll at the threshold lands a few milliseconds early (timer jitter), then the guard still counts the link as down long enough', () => {
    const threshold = SETTINGS.stuckThresholdMs;
    const justShort = new Date(NOW.getTime() - threshold + 3).toISOString();
    const plan = planRemediation(buildInput({ state: buildLinkState({ downSince: justShort }) }));
    expect(plan.guards.find((g) => g.name === 'down-for-threshold')?.passed).toBe(true);
    const twoSecondsShort = new Date(NOW.getTime() - threshold + 2_000).toISOString();
    expect(planRemediation(buildInput({ state: buildLinkState({ downSince: twoSecondsShort }) }))).toMatchObject({ action: 'skip', reason: 'below-threshold' });
  });

  it('when the scope lacks reset or status-read rights, then the skip names every missing action', () => {
    const decision = planRemediation(buildInput({ permissions: permissions({ canRemediate: false, missing: [RESET, STATUS_READ] }) }));
    expect(decision.guards.find((g) => g.name === 'permissions')).toEqual({ name: 'permissions', passed: false, detail: `${SETTINGS.scopes[0]} lacks ${RESET}, ${STATUS_READ}` });
  });

  it('when only evidence rights are missing (GetIkeSas), then the reset is still planned', () => {
    const decision = planRemediation(buildInput({ permissions: permissions({ missing: ['Microsoft.Network/connections/getikesas/action'] }) }));
    expect(decision.action).toBe('reset');
  });

  it('when a one-link gateway is down, then the blast-radius breaker does not trip (a single link is never an outage)', () => {
    const decision = planRemediation(buildInput({ blast: { gateway: { total: 1, down: 1 }, fleet: { total: 1, down: 1 } } }));
    expect(decision.action).toBe('reset');
  });

  it.each([
    ['no peer is known', undefined, 'no peer known'],
    ['the peer was never reset', { key: 'peer', state: buildLinkState({}) }, 'peer peer never reset'],
    ['the peer was reset 31 minutes ago (cooldown 30)', { key: 'peer', state: buildLinkState({ lastResetAt: minutesAgo(31) }), incident: incident({ lastResetAt: minutesAgo(40) }) }, 'peer peer reset 31 min ago; cooldown 30 min'],
  ])('when %s, then peer-cooldown holds and the reset is planned', (_name, peer, detail) => {
    const decision = planRemediation(buildInput(peer ? { peer } : {}));
    expect(decision.action).toBe('reset');
    expect(decision.guards.find((g) => g.name === 'peer-cooldown')).toEqual({ name: 'peer-cooldown', passed: true, detail });
  });

  it('when the peer was reset 29 minutes ago, then the audit detail says how long ago and which end', () => {
    const decision = planRemediation(buildInput({ peer: { key: 'peer', state: buildLinkState({ lastResetAt: minutesAgo(29) }) } }));
    expect(decision.guards.find((g) => g.name === 'peer-cooldown')).toEqual({ name: 'peer-cooldown', passed: false, detail: 'peer peer reset 29 min ago; cooldown 30 min' });
  });

  it('when several guards fail, then the decision names the first and reports all', () => {
    const decision = planRemediation(buildInput({ ledger: { resetsInLastHour: 10 }, policy: { ...SETTINGS, remediationMode: 'dry-run' } }));
    expect(decision.reason).toBe('budget-exhausted');
    expect(decision.guards.filter((g) => !g.passed).map((g) => g.name)).toEqual(['budget', 'mode-enabled']);
  });
});
