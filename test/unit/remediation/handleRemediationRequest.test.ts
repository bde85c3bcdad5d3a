import { GUARDS } from '../../../src/core/remediation/remediationGuards';
import { BUDGET_SEND_SLACK_MS, budgetSlotHeldUntil } from '../../../src/core/remediation/resetBudget';
import { describe, expect, it } from 'vitest';
import { handleRemediationRequest } from '../../../src/app/remediation/handleRemediationRequest';
import { linkKeyFromId } from '../../../src/core/ids/linkKey';
import { buildLinkState, buildRequest, buildSnapshot, linkId, NOW } from '../../support/builders';
import { FakeNetwork, type ResetEffect } from './support/fakeNetwork';
import { deliverAll } from './support/drive';
import type { RemediationSettings } from '../../../src/app/remediation/remediationPorts';
import { buildHarness, type Harness } from './support/remediationHarness';

const STUCK = linkId('gw1', 'conn1', 'link1');
const HEALTHY = ['link2', 'link3', 'link4'].map((l) => linkId('gw1', 'conn1', l));

function stuckLinkHarness(options: { effect?: ResetEffect; settings?: Partial<RemediationSettings> } = {}): Harness {
  const network = new FakeNetwork([buildSnapshot({ id: STUCK }), ...HEALTHY.map((id) => buildSnapshot({ id, status: 'Connected' }))]);
  network.resetEffect = options.effect ?? 'recover';
  const states = [buildLinkState({ id: STUCK }), ...HEALTHY.map((id) => buildLinkState({ id, status: 'Connected', downSince: undefined, incidentId: undefined }))];
  return buildHarness({ network, states, settings: options.settings });
}

/** Makes the incident store "crash" once, on the first write that moves the incident into `state`. */
function killOnWriteOf(h: Harness, state: string): void {
  const replace = h.incidents.replace.bind(h.incidents);
  let killed = false;
  h.incidents.replace = (incident, etag) => {
    if (!killed && incident.state === state) {
      killed = true;
      return Promise.reject(new Error('process killed'));
    }
    return replace(incident, etag);
  };
}

const steps = (h: Harness): string[] => h.audit.entries.filter((e) => e.linkId === STUCK).map((e) => `${e.step}:${e.outcome}`);

describe('handleRemediationRequest', () => {
  it('when a stuck link is requested, then it is reset once, the post-check finds it recovered and the audit shows claim → reset → evidence → recovered', async () => {
    const h = stuckLinkHarness();
    await h.deps.queue.send(buildRequest({ linkId: STUCK }));
    await deliverAll(h);
    expect(h.network.resets.get(STUCK.toLowerCase())).toBe(1);
    expect(steps(h)).toEqual([
      'claim:skipped',
      'reset:accepted',
      'evidence:collected',
      'reset:succeeded',
      'postcheck:recovered',
    ]);
    const incident = (await h.incidents.get(linkKeyFromId(STUCK)))?.value;
    expect(incident?.state).toBe('resolved');
    expect(incident?.incidentId).toBe('inc-poller-1');
    expect(h.linkStates.resetsRecorded).toEqual([linkKeyFromId(STUCK)]);
    expect(h.audit.entries.find((e) => e.step === 'claim')?.guards).toHaveLength(GUARDS.length);
  });

  it.each(['dry-run', 'disabled'] as const)('when the mode is %s, then no reset is ever called and the decision is audited', async (mode) => {
    const h = stuckLinkHarness({ settings: { remediationMode: mode } });
    const result = await handleRemediationRequest(h.deps, buildRequest({ linkId: STUCK }), NOW);
    expect(result.reason).toBe(mode);
    expect(h.network.totalResets()).toBe(0);
    expect(h.audit.entries.map((e) => [e.step, e.reason])).toEqual([['decision', mode]]);
  });

  it.each([
    ['fails', 'fail' as const, 'failed'],
    ['is accepted but its status can never be read', 'status-unreadable' as const, 'not-recovered'],
    ['gets no answer to its POST', 'post-lost' as const, 'not-recovered'],
    ['does nothing', 'no-effect' as const, 'not-recovered'],
  ])('when every reset %s, then attempts back off growing and the incident is quarantined after the third, with one event', async (_name, effect, outcome) => {
    const h = stuckLinkHarness({ effect });
    await h.deps.queue.send(buildRequest({ linkId: STUCK }));
    await deliverAll(h);
    expect(h.network.resets.get(STUCK.toLowerCase())).toBe(3);
    expect((await h.incidents.get(linkKeyFromId(STUCK)))?.value.state).toBe('quarantined');
    expect(h.events.map((e) => e.kind)).toEqual(['quarantined']);
    const retries = h.audit.entries.filter((e) => e.outcome === outcome);
    expect(retries).toHaveLength(2);
    const resetTimes = h.audit.entries.filter((e) => e.step === 'claim').map((e) => Date.parse(e.at));
    const gaps = resetTimes.slice(1).map((t, i) => t - resetTimes[i]!);
    expect(gaps[1]!).toBeGreaterThan(gaps[0]!);
    expect(gaps[0]!).toBeGreaterThanOrEqual(30 * 60_000);
  });

  it('when every link of a gateway is down, then no link is reset and one escalation is emitted for the gateway, also on re-checks', async () => {
    const ids = [STUCK, ...HEALTHY];
    const network = new FakeNetwork(ids.map((id) => buildSnapshot({ id })));
    const h = buildHarness({ network, states: ids.map((id, i) => buildLinkState({ id, incidentId: `inc-${i}` })) });
    for (const [i, id] of ids.entries()) await handleRemediationRequest(h.deps, buildRequest({ linkId: id, requestId: `r${i}`, incidentId: `inc-${i}` }), NOW);
    const recheckRound = h.queue.drain();
    expect(recheckRound).toHaveLength(4);
    h.clock.advance(recheckRound[0]!.visibilityDelayMs);
    for (const m of recheckRound) await handleRemediationRequest(h.deps, m.request, h.clock.now());
    expect(h.network.totalResets()).toBe(0);
    expect(h.events).toEqual([expect.objectContaining({ kind: 'escalated', reason: 'blast-radius', gatewayId: buildSnapshot({ id: STUCK }).gatewayId })]);
    expect(h.audit.entries.filter((e) => e.outcome === 'escalated')).toHaveLength(8);
  });

  it('when 20 duplicate messages arrive on two concurrent workers, then exactly one reset happens', async () => {
    const h = stuckLinkHarness();
    const request = buildRequest({ linkId: STUCK });
    const worker = async (): Promise<void> => {
      for (let i = 0; i < 10; i++) await handleRemediationRequest(h.deps, request, h.clock.now());
    };
    await Promise.all([worker(), worker()]);
    await deliverAll(h);
    expect(h.network.resets.get(STUCK.toLowerCase())).toBe(1);
    expect((await h.incidents.get(linkKeyFromId(STUCK)))?.value.state).toBe('resolved');
  });

  it('when the process dies between the claim and the reset, then the redelivered message finishes the incident with one reset in total', async () => {
    const h = stuckLinkHarness();
    const takeGateway = h.ledger.takeGateway.bind(h.ledger);
    let killed = false;
    h.ledger.takeGateway = (...args) => {
      if (!killed) {
        killed = true;
        return Promise.reject(new Error('process killed'));
      }
      return takeGateway(...args);
    };
    const request = buildRequest({ linkId: STUCK });
    await expect(handleRemediationRequest(h.deps, request, NOW)).rejects.toThrow('process killed');
    expect((await h.incidents.get(linkKeyFromId(STUCK)))?.value.state).toBe('claimed');
    await handleRemediationRequest(h.deps, request, NOW, { dequeueCount: 2 });
    await deliverAll(h);
    expect(h.network.resets.get(STUCK.toLowerCase())).toBe(1);
    expect((await h.incidents.get(linkKeyFromId(STUCK)))?.value.state).toBe('resolved');
    expect(steps(h)).toContain('takeover:skipped');
  });

  it('when the process dies after ARM accepted the reset but before the token was saved, then the redelivery does not reset again', async () => {
    const h = stuckLinkHarness();
    killOnWriteOf(h, 'resetting');
    const request = buildRequest({ linkId: STUCK });
    await expect(handleRemediationRequest(h.deps, request, NOW)).rejects.toThrow('process killed');
    await handleRemediationRequest(h.deps, request, NOW, { dequeueCount: 2 });
    await deliverAll(h);
    expect(h.network.resets.get(STUCK.toLowerCase())).toBe(1);
    expect((await h.incidents.get(linkKeyFromId(STUCK)))?.value.state).toBe('resolved');
  });

  it('when tracking the accepted reset throws, then the attempt is unknown, not failed, and the post-check decides without a second POST', async () => {
    const h = stuckLinkHarness();
    h.network.trackReset = () => Promise.reject(new Error('socket hang up'));
    const first = await handleRemediationRequest(h.deps, buildRequest({ linkId: STUCK }), NOW);
    expect(first.outcome).toBe('unknown');
    expect((await h.incidents.get(linkKeyFromId(STUCK)))?.value.state).toBe('awaiting-postcheck');
    await deliverAll(h);
    expect(h.network.resets.get(STUCK.toLowerCase())).toBe(1);
    expect(steps(h)).toEqual([
      'claim:skipped',
      'reset:accepted',
      'evidence:collected',
      'reset:unknown',
      'postcheck:recovered',
    ]);
  });

  it.each([
    ['every status read fails', 'status-unreadable' as const, 'accepted'],
    ['the POST gets no answer', 'post-lost' as const, 'unknown'],
  ])(
    'when ARM accepts a reset and %s, then the reset counts at once: lastResetAt, attempt and budget slot are kept',
    async (_name, effect, posted) => {
      const h = stuckLinkHarness({ effect });
      await handleRemediationRequest(h.deps, buildRequest({ linkId: STUCK }), NOW);
      const incident = (await h.incidents.get(linkKeyFromId(STUCK)))?.value;
      expect(incident).toMatchObject({
        state: 'awaiting-postcheck',
        attempts: 1,
        lastResetAt: NOW.toISOString(),
        lastOutcome: 'unknown',
      });
      expect(await h.ledger.resetsInLastHour(h.clock.now())).toBe(1);
      expect(steps(h).filter((s) => s.startsWith('reset:'))).toEqual([`reset:${posted}`, 'reset:unknown']);
      expect(h.linkStates.resetsRecorded).toEqual([linkKeyFromId(STUCK)]);
    },
  );

  it('when the worker stalls 20 minutes between its claim and the POST, then the budget counts the reset from the POST', async () => {
    const h = stuckLinkHarness();
    const append = h.audit.append.bind(h.audit);
    h.audit.append = (entry) => {
      if (entry.step === 'claim') h.clock.advance(20 * 60_000);
      return append(entry);
    };
    await handleRemediationRequest(h.deps, buildRequest({ linkId: STUCK }), NOW);
    const sentAt = NOW.getTime() + 20 * 60_000;
    expect(h.ledger.budget).toEqual([{ owner: expect.stringMatching(/#1$/) as unknown, at: sentAt }]);
    // An hour after the claim the slot still holds: the reset left 40 minutes ago.
    expect(await h.ledger.resetsInLastHour(new Date(NOW.getTime() + 61 * 60_000))).toBe(1);
    expect(await h.ledger.resetsInLastHour(new Date(budgetSlotHeldUntil(sentAt)))).toBe(0);
  });

  it('when dating the budget slot takes longer than its slack, then it is dated again before the POST', async () => {
    const h = stuckLinkHarness();
    const date = h.ledger.dateBudgetSlot.bind(h.ledger);
    const datedAt: number[] = [];
    h.ledger.dateBudgetSlot = async (owner, at) => {
      datedAt.push(at.getTime());
      const dated = await date(owner, at);
      if (datedAt.length === 1) h.clock.advance(BUDGET_SEND_SLACK_MS + 1);
      return dated;
    };
    await handleRemediationRequest(h.deps, buildRequest({ linkId: STUCK }), NOW);
    expect(datedAt).toEqual([NOW.getTime(), NOW.getTime() + BUDGET_SEND_SLACK_MS + 1]);
    expect(h.ledger.budget.map((s) => s.at)).toEqual([NOW.getTime() + BUDGET_SEND_SLACK_MS + 1]);
    expect(h.network.totalResets()).toBe(1);
  });

  it('when the budget slot cannot be dated before the POST, then the claim is given back and nothing is sent', async () => {
    const h = stuckLinkHarness();
    h.ledger.dateBudgetSlot = () => Promise.resolve(false);
    const result = await handleRemediationRequest(h.deps, buildRequest({ linkId: STUCK }), NOW);
    expect(result).toMatchObject({ outcome: 'skipped', reason: 'budget-slot-not-dated' });
    expect(h.network.totalResets()).toBe(0);
    expect(await h.ledger.resetsInLastHour(NOW)).toBe(0);
    expect((await h.incidents.get(linkKeyFromId(STUCK)))?.value).toMatchObject({ state: 'open', attempts: 0 });
  });

  it('when a reset was accepted but its outcome is unknown, then duplicates and alerts inside the cooldown never POST again', async () => {
    const h = stuckLinkHarness({ effect: 'status-unreadable' });
    await handleRemediationRequest(h.deps, buildRequest({ linkId: STUCK }), NOW);
    h.network.resetEffect = 'no-effect';
    for (let minute = 1; minute <= 29; minute += 4) {
      h.clock.advance(4 * 60_000);
      await handleRemediationRequest(
        h.deps,
        buildRequest({ linkId: STUCK, requestId: `dup-${minute}`, source: 'alert' }),
        h.clock.now(),
      );
    }
    expect(h.network.resets.get(STUCK.toLowerCase())).toBe(1);
  });

  it('when ARM refuses the reset POST with 403, then nothing was performed: the budget slot is given back, the audit says refused, and the next try waits for the back-off', async () => {
    const h = stuckLinkHarness({ effect: 'refuse' });
    const result = await handleRemediationRequest(h.deps, buildRequest({ linkId: STUCK }), NOW);
    expect(result.outcome).toBe('refused');
    const incident = (await h.incidents.get(linkKeyFromId(STUCK)))?.value;
    expect(incident).toMatchObject({ state: 'retry-scheduled', attempts: 1, lastOutcome: 'refused' });
    expect(incident?.lastResetAt).toBeUndefined();
    expect(await h.ledger.resetsInLastHour(h.clock.now())).toBe(0);
    expect(h.network.totalResets()).toBe(0);
    expect(h.queue.sent.map((m) => m.visibilityDelayMs)).toEqual([30 * 60_000]);
  });

  it('when the process dies after the reset finished but before the incident moved on, then the redelivery resumes the persisted operation without a second reset', async () => {
    const h = stuckLinkHarness();
    killOnWriteOf(h, 'awaiting-postcheck');
    const request = buildRequest({ linkId: STUCK });
    await expect(handleRemediationRequest(h.deps, request, NOW)).rejects.toThrow('process killed');
    expect((await h.incidents.get(linkKeyFromId(STUCK)))?.value.state).toBe('resetting');
    await handleRemediationRequest(h.deps, request, NOW, { dequeueCount: 2 });
    await deliverAll(h);
    expect(h.network.resets.get(STUCK.toLowerCase())).toBe(1);
    expect((await h.incidents.get(linkKeyFromId(STUCK)))?.value.state).toBe('resolved');
    expect(h.audit.entries.find((e) => e.step === 'takeover')?.action).toBe('resume-reset');
    expect(h.network.tracked).toEqual(['op-1', 'op-1']);
  });

  it('when ARM answers busy (429 RetryableErrorDueToAnotherOperation), then the attempt does not count and the request comes back after Retry-After', async () => {
    const h = stuckLinkHarness({ effect: 'busy' });
    const result = await handleRemediationRequest(h.deps, buildRequest({ linkId: STUCK }), NOW);
    expect(result.outcome).toBe('busy');
    const incident = (await h.incidents.get(linkKeyFromId(STUCK)))?.value;
    expect(incident?.attempts).toBe(0);
    expect(incident?.lastClaimAt).toBeUndefined();
    expect(h.queue.sent.map((m) => m.visibilityDelayMs)).toEqual([30_000]);
    h.network.resetEffect = 'recover';
    await deliverAll(h);
    expect(h.network.resets.get(STUCK.toLowerCase())).toBe(1);
    expect(await h.ledger.resetsInLastHour(h.clock.now())).toBe(1);
  });

  it('when a request arrives inside the cooldown, then it is skipped and exactly one re-check is scheduled however many duplicates arrive', async () => {
    const h = stuckLinkHarness();
    h.linkStates.states.set(linkKeyFromId(STUCK), buildLinkState({ id: STUCK, lastResetAt: new Date(NOW.getTime() - 10 * 60_000).toISOString() }));
    for (let i = 0; i < 5; i++) await handleRemediationRequest(h.deps, buildRequest({ linkId: STUCK }), NOW);
    expect(h.network.totalResets()).toBe(0);
    expect(h.queue.sent).toHaveLength(1);
    expect(h.queue.sent[0]!.visibilityDelayMs).toBe(20 * 60_000);
  });

  it('when the link is Connected again on the fresh read, then the open incident is closed without a reset', async () => {
    const h = stuckLinkHarness();
    h.network.put(buildSnapshot({ id: STUCK, status: 'Connected' }));
    const result = await handleRemediationRequest(h.deps, buildRequest({ linkId: STUCK }), NOW);
    expect(result.reason).toBe('not-down');
    expect(h.network.totalResets()).toBe(0);
  });
});
