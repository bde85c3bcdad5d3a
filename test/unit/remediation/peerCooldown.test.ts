import { describe, expect, it } from 'vitest';
import { handleRemediationRequest } from '../../../src/app/remediation/handleRemediationRequest';
import { linkKeyFromId } from '../../../src/core/ids/linkKey';
import type { LinkState } from '../../../src/core/linkState/linkState';
import { buildLinkState, buildRequest, buildSnapshot, linkId, NOW } from '../../support/builders';
import { deliverAll } from './support/drive';
import { FakeNetwork } from './support/fakeNetwork';
import { buildHarness, SETTINGS, type Harness } from './support/remediationHarness';

// Two ends of one tunnel: each end's remote address is one of the other end's local addresses.
const END_A = linkId('gw1', 'conn1', 'link1');
const END_B = linkId('gw2', 'conn9', 'link1');
const A_ADDRESSES = { localAddresses: ['192.0.2.10', '192.0.2.11'], remoteAddress: '203.0.113.20' };
const B_ADDRESSES = { localAddresses: ['203.0.113.20'], remoteAddress: '192.0.2.11' };
const HEALTHY = ['link2', 'link3', 'link4'].map((l) => linkId('gw1', 'conn1', l));
const minutesAgo = (m: number): string => new Date(NOW.getTime() - m * 60_000).toISOString();

function tunnelHarness(states: { a?: Partial<LinkState>; b?: Partial<LinkState> } = {}): Harness {
  const network = new FakeNetwork([buildSnapshot({ id: END_A }), buildSnapshot({ id: END_B }), ...HEALTHY.map((id) => buildSnapshot({ id, status: 'Connected' }))]);
  network.resetEffect = 'recover';
  return buildHarness({
    network,
    states: [
      buildLinkState({ id: END_A, ...A_ADDRESSES, incidentId: 'inc-a', ...states.a }),
      buildLinkState({ id: END_B, ...B_ADDRESSES, incidentId: 'inc-b', ...states.b }),
      ...HEALTHY.map((id) => buildLinkState({ id, status: 'Connected', downSince: undefined, incidentId: undefined })),
    ],
  });
}

/** The peer-cooldown line of the link's last audited decision (a skip is audited as 'decision', a reset as 'claim'). */
const peerGuard = (h: Harness, id: string) =>
  h.audit.entries.filter((e) => e.linkId === id && e.guards !== undefined).at(-1)?.guards?.find((g) => g.name === 'peer-cooldown');

describe('peer-cooldown: never both ends of one tunnel within one cooldown', () => {
  it('when the other end was reset 10 minutes ago, then this end is skipped with reason peer-cooldown and the audit names the peer', async () => {
    const h = tunnelHarness({ b: { lastResetAt: minutesAgo(10) } });
    const result = await handleRemediationRequest(h.deps, buildRequest({ linkId: END_A, incidentId: 'inc-a' }), NOW);
    expect(result.reason).toBe('peer-cooldown');
    expect(h.network.totalResets()).toBe(0);
    expect(peerGuard(h, END_A)).toEqual({ name: 'peer-cooldown', passed: false, detail: `peer ${linkKeyFromId(END_B)} reset 10 min ago; cooldown 30 min` });
  });

  it('when both ends are stuck, then only the first is reset; the second is looked at again by itself once the cooldown has passed', async () => {
    const h = tunnelHarness();
    await h.deps.queue.send(buildRequest({ linkId: END_A, incidentId: 'inc-a' }));
    await deliverAll(h);
    expect(h.network.resets.get(END_A.toLowerCase())).toBe(1);
    const resetA = Date.parse(h.audit.entries.find((e) => e.linkId === END_A && e.step === 'reset')!.at);

    const second = await handleRemediationRequest(h.deps, buildRequest({ linkId: END_B, incidentId: 'inc-b', requestId: 'req-b' }), h.clock.now());
    expect(second.reason).toBe('peer-cooldown');
    expect(h.network.resets.get(END_B.toLowerCase()) ?? 0).toBe(0);
    const followUps = h.queue.sent.filter((m) => m.request.linkId === END_B);
    expect(followUps).toHaveLength(1);

    await deliverAll(h);
    expect(h.network.resets.get(END_B.toLowerCase())).toBe(1);
    const resetB = h.audit.entries.find((e) => e.linkId === END_B && e.step === 'reset')!;
    expect(Date.parse(resetB.at) - resetA).toBeGreaterThanOrEqual(SETTINGS.resetCooldownMs);
  });

  it('when the addresses do not pair (the other end points elsewhere), then its reset does not hold this end back', async () => {
    const h = tunnelHarness({ b: { lastResetAt: minutesAgo(10), remoteAddress: '198.51.100.1' } });
    await handleRemediationRequest(h.deps, buildRequest({ linkId: END_A, incidentId: 'inc-a' }), NOW);
    expect(h.network.resets.get(END_A.toLowerCase())).toBe(1);
    expect(peerGuard(h, END_A)).toEqual({ name: 'peer-cooldown', passed: true, detail: 'no peer known' });
  });

  it('when both ends are handled at the same moment on two workers, then exactly one of them is reset', async () => {
    const h = tunnelHarness();
    const results = await Promise.all([
      handleRemediationRequest(h.deps, buildRequest({ linkId: END_A, incidentId: 'inc-a', requestId: 'req-a' }), NOW),
      handleRemediationRequest(h.deps, buildRequest({ linkId: END_B, incidentId: 'inc-b', requestId: 'req-b' }), NOW),
    ]);
    expect((h.network.resets.get(END_A.toLowerCase()) ?? 0) + (h.network.resets.get(END_B.toLowerCase()) ?? 0)).toBe(1);
    expect(results.map((r) => r.reason)).toContain('peer-in-flight');
  });
});
