import { describe, expect, it } from 'vitest';
import { handleRemediationRequest } from '../../../src/app/remediation/handleRemediationRequest';
import type { RemediationSettings } from '../../../src/app/remediation/remediationPorts';
import type { Incident } from '../../../src/core/remediation/incident';
import type { LinkState } from '../../../src/core/linkState/linkState';
import type { RemediationRequest } from '../../../src/core/remediation/remediationRequest';
import { linkKeyFromId } from '../../../src/core/ids/linkKey';
import { FRESH_READ_GUARDS } from '../../../src/core/remediation/prePlanRemediation';
import { buildLinkState, buildRequest, buildSnapshot, linkId, NOW } from '../../support/builders';
import { FakeNetwork } from './support/fakeNetwork';
import { buildHarness, type Harness } from './support/remediationHarness';

const STUCK = linkId('gw1', 'conn1', 'link1');
const PEER = linkId('gw2', 'conn9', 'link1');
const KEY = linkKeyFromId(STUCK);
const minutesAgo = (m: number): string => new Date(NOW.getTime() - m * 60_000).toISOString();

interface Case {
  readonly name: string;
  readonly reason: string;
  readonly action?: string;
  readonly settings?: Partial<RemediationSettings>;
  readonly state?: Partial<LinkState> | 'none';
  readonly incident?: Partial<Incident>;
  readonly request?: Partial<RemediationRequest>;
  /** Arranges more stored facts (ledger, permissions, the peer). */
  readonly arrange?: (h: Harness) => Promise<void>;
}

function harness(c: Case): Harness {
  const network = new FakeNetwork([buildSnapshot({ id: STUCK })]);
  const state = c.state === 'none' ? [] : [buildLinkState({ id: STUCK, ...c.state })];
  return buildHarness({ network, states: state, settings: c.settings });
}

const CASES: Case[] = [
  { name: 'the link lies outside every scope', reason: 'out-of-scope', settings: { scopes: ['/subscriptions/other'] } },
  { name: 'remediation is disabled', reason: 'disabled', settings: { remediationMode: 'disabled' } },
  {
    name: 'the scope lacks the reset permission',
    reason: 'missing-permissions',
    arrange: (h) => {
      (h.deps as { permissions?: unknown }).permissions = () => Promise.resolve([{ scope: h.deps.settings.scopes[0]!, canRemediate: false, missing: ['Microsoft.Network/vpnGateways/vpnConnections/vpnLinkConnections/resetconnection/action'] }]);
      return Promise.resolve();
    },
  },
  { name: 'the poller last confirmed the link up, after its last reset', reason: 'not-down', state: { status: 'Connected', downSince: undefined, statusAt: minutesAgo(1), statusSince: minutesAgo(1) } },
  { name: 'the link has been down for less than the threshold', reason: 'below-threshold', state: { downSince: minutesAgo(2) } },
  { name: 'the poller has recorded no state for the link', reason: 'below-threshold', state: 'none' },
  { name: 'the link is opted out by tag', reason: 'opted-out', state: { overrides: { remediate: false } } },
  { name: 'the incident used every attempt', reason: 'attempt-limit', action: 'quarantine', incident: { attempts: 3, state: 'retry-scheduled' } },
  { name: 'the link was reset 10 minutes ago', reason: 'cooldown', incident: { lastResetAt: minutesAgo(10) } },
  {
    name: 'the other end of the tunnel was reset 10 minutes ago',
    reason: 'peer-cooldown',
    state: { localAddresses: ['10.0.0.1'], remoteAddress: '10.0.0.2' },
    arrange: (h) => {
      const peer = buildLinkState({ id: PEER, status: 'Connected', downSince: undefined, localAddresses: ['10.0.0.2'], remoteAddress: '10.0.0.1', lastResetAt: minutesAgo(10) });
      h.linkStates.states.set(peer.key, peer);
      return Promise.resolve();
    },
  },
  { name: 'the incident is backing off', reason: 'backing-off', incident: { nextAttemptAt: new Date(NOW.getTime() + 5 * 60_000).toISOString() } },
  {
    name: "the hour's reset budget is used up",
    reason: 'budget-exhausted',
    settings: { resetBudgetPerHour: 1 },
    arrange: async (h) => void (await h.ledger.takeBudgetSlot('other-incident#1', NOW)),
  },
  {
    name: 'another reset is in flight on the gateway',
    reason: 'gateway-in-flight',
    arrange: async (h) => void (await h.ledger.takeGateway(buildLinkState({ id: STUCK }).gatewayId, 'other-incident', NOW, 600_000)),
  },
  { name: 'the mode is dry-run', reason: 'dry-run', settings: { remediationMode: 'dry-run' } },
  { name: 'the request asks for a dry run', reason: 'dry-run', request: { dryRun: true } },
];

describe('cheap decisions first: a request a stored fact refuses costs no ARM call', () => {
  it.each(CASES)('when $name, then the request is decided "$reason" from storage with zero ARM calls', async (c) => {
    const h = harness(c);
    if (c.incident) await h.incidents.create({ linkKey: KEY, linkId: STUCK, incidentId: 'inc-poller-1', state: 'open', attempts: 0, openedAt: minutesAgo(20), updatedAt: minutesAgo(20), gatewayId: buildLinkState({ id: STUCK }).gatewayId, ...c.incident });
    await c.arrange?.(h);

    const result = await handleRemediationRequest(h.deps, buildRequest({ linkId: STUCK, ...c.request }), NOW);

    expect(result.reason).toBe(c.reason);
    expect(h.network.armCalls()).toBe(0);
    const decision = h.audit.entries.find((e) => e.step === 'decision')!;
    expect([decision.action, decision.reason]).toEqual([c.action ?? 'skip', c.reason]);
    const notEvaluated = decision.guards!.filter((g) => g.evaluated === false).map((g) => g.name);
    expect(notEvaluated).toEqual(expect.arrayContaining([...FRESH_READ_GUARDS]));
  });

  it('when every stored fact allows a reset, then the link alone is read fresh (no gateway list) and reset', async () => {
    const h = harness({ name: 'stuck', reason: 'all-guards-passed' });
    await handleRemediationRequest(h.deps, buildRequest({ linkId: STUCK }), NOW);
    expect(Object.fromEntries(h.network.calls)).toMatchObject({ readLink: 1, readGatewayProvisioningState: 1, startReset: 1 });
    expect(h.network.calls.get('readGatewayLinks')).toBeUndefined();
    expect(h.network.totalResets()).toBe(1);
  });

  it('when the stored state says down but the fresh read says up, then the fresh read decides: no reset and the incident closes', async () => {
    const h = harness({ name: 'recovered', reason: 'not-down' });
    h.network.put(buildSnapshot({ id: STUCK, status: 'Connected' }));
    await h.incidents.create({ linkKey: KEY, linkId: STUCK, incidentId: 'inc-poller-1', state: 'open', attempts: 1, openedAt: minutesAgo(40), updatedAt: minutesAgo(40), lastResetAt: minutesAgo(35) });
    const result = await handleRemediationRequest(h.deps, buildRequest({ linkId: STUCK }), NOW);
    expect([result.reason, (await h.incidents.get(KEY))?.value.state, h.network.totalResets()]).toEqual(['not-down', 'resolved', 0]);
  });

  it.each([
    ['confirmed after the last reset', { statusAt: minutesAgo(1) }, 'not-down', 'resolved'],
    ['confirmed before the last reset', { statusAt: minutesAgo(40) }, 'below-threshold', 'open'],
    ['older than the stuck threshold', { statusAt: minutesAgo(6) }, 'below-threshold', 'open'],
    ['unconfirmed (budget)', { statusAt: minutesAgo(1), statusReason: 'unconfirmed: budget' }, 'below-threshold', 'open'],
  ] as const)('when the stored up status was %s, then the request is skipped "%s" without ARM and the incident stays %s', async (_name, stateFields, reason, incidentState) => {
    const h = harness({ name: 'up', reason, state: { status: 'Connected', downSince: undefined, ...stateFields } });
    await h.incidents.create({ linkKey: KEY, linkId: STUCK, incidentId: 'inc-poller-1', state: 'open', attempts: 1, openedAt: minutesAgo(50), updatedAt: minutesAgo(30), lastResetAt: minutesAgo(30) });
    const result = await handleRemediationRequest(h.deps, buildRequest({ linkId: STUCK }), NOW);
    expect([result.reason, (await h.incidents.get(KEY))?.value.state, h.network.armCalls()]).toEqual([reason, incidentState, 0]);
  });
});
