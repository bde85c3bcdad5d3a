import { describe, expect, it } from 'vitest';
import { handleRemediationRequest } from '../../../src/app/remediation/handleRemediationRequest';
import type { IkeSasEvidence } from '../../../src/app/ports';
import type { AuditEntry, RemediationSettings } from '../../../src/app/remediation/remediationPorts';
import { linkKeyFromId } from '../../../src/core/ids/linkKey';
import { TunnelwatchError } from '../../../src/core/errors';
import { buildLinkState, buildRequest, buildSnapshot, linkId, NOW } from '../../support/builders';
import { FakeNetwork } from './support/fakeNetwork';
import { deliverAll } from './support/drive';
import { buildHarness, type Harness } from './support/remediationHarness';

const STUCK = linkId('gw1', 'conn1', 'link1');
const HEALTHY = ['link2', 'link3', 'link4'].map((l) => linkId('gw1', 'conn1', l));
const SUMMARY = '{"status":"Successful","data":[{"state":"Established","quickModeSasCount":0}]}';

function stuckLink(settings: Partial<RemediationSettings> = {}): Harness {
  const network = new FakeNetwork([buildSnapshot({ id: STUCK }), ...HEALTHY.map((id) => buildSnapshot({ id, status: 'Connected' }))]);
  const states = [buildLinkState({ id: STUCK }), ...HEALTHY.map((id) => buildLinkState({ id, status: 'Connected', downSince: undefined, incidentId: undefined }))];
  return buildHarness({ network, states, settings });
}

/** GetIkeSas that answers only when the test says so, like an LRO whose Retry-After is still running. */
function heldEvidence(h: Harness): { answer(e: IkeSasEvidence): void; fail(e: Error): void; calls: () => number } {
  let answer: (e: IkeSasEvidence) => void = () => undefined;
  let fail: (e: Error) => void = () => undefined;
  let calls = 0;
  h.network.ikeSas = () =>
    new Promise<IkeSasEvidence>((resolve, reject) => {
      calls++;
      answer = resolve;
      fail = reject;
    });
  return { answer: (e) => answer(e), fail: (e) => fail(e), calls: () => calls };
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !condition(); i++) await new Promise((resolve) => setImmediate(resolve));
  if (!condition()) throw new Error('condition never held');
}

const rowsOf = (h: Harness): AuditEntry[] => h.audit.entries.filter((e) => e.linkId === STUCK);
const steps = (h: Harness): string[] => rowsOf(h).map((e) => `${e.step}:${e.outcome}`);
const resets = (h: Harness): number => h.network.resets.get(STUCK.toLowerCase()) ?? 0;

describe('IKE evidence is read alongside the reset, never before it', () => {
  it('when GetIkeSas is still running, then the reset POST is sent anyway, its row says the evidence is pending, and the evidence row follows when it arrives', async () => {
    const h = stuckLink();
    const evidence = heldEvidence(h);
    let finished = false;
    const handled = handleRemediationRequest(h.deps, buildRequest({ linkId: STUCK }), NOW).finally(() => void (finished = true));
    await until(() => resets(h) === 1);
    expect(evidence.calls()).toBe(1);
    const resetRow = rowsOf(h).find((e) => e.step === 'reset' && e.action === 'reset');
    expect(resetRow?.outcome).toBe('accepted');
    expect(resetRow?.evidence).toMatch(/^pending: GetIkeSas still running when the reset was sent/);
    expect(steps(h)).not.toContain('evidence:collected');
    // The attempt stays open until its evidence row is written (bounded by the read's own timeout).
    await until(() => steps(h).includes('reset:succeeded'));
    expect(finished).toBe(false);
    evidence.answer({ outcome: 'collected', summary: SUMMARY });
    expect((await handled).outcome).toBe('succeeded');
    expect(steps(h)).toEqual(['claim:skipped', 'reset:accepted', 'reset:succeeded', 'evidence:collected']);
    const row = rowsOf(h).find((e) => e.step === 'evidence');
    expect(row).toMatchObject({ action: 'get-ike-sas', outcome: 'collected', evidence: SUMMARY, attempt: 1 });
    expect(row?.reason).toMatch(/^IKE SAs read \(started \d+ ms before the reset was sent\)$/);
  });

  it('when GetIkeSas has answered by the time the POST leaves, then the reset row carries the summary and the evidence row follows it', async () => {
    const h = stuckLink();
    h.network.ikeSas = () => Promise.resolve({ outcome: 'collected', summary: SUMMARY });
    await handleRemediationRequest(h.deps, buildRequest({ linkId: STUCK }), NOW);
    expect(steps(h)).toEqual(['claim:skipped', 'reset:accepted', 'evidence:collected', 'reset:succeeded']);
    expect(rowsOf(h).find((e) => e.step === 'reset' && e.action === 'reset')?.evidence).toBe(SUMMARY);
  });

  it.each<[string, () => Promise<IkeSasEvidence>, RegExp]>([
    ['throws', () => Promise.reject(new TunnelwatchError('ARM.THROTTLED', '429', true)), /^no IKE SA evidence: ARM\.THROTTLED/],
    ['answers unavailable', () => Promise.resolve({ outcome: 'unavailable', reason: 'still running after 5000 ms' }), /^no IKE SA evidence: still running after 5000 ms/],
    ['never answers', () => new Promise<IkeSasEvidence>(() => undefined), /^no IKE SA evidence: timed out after 10 ms/],
  ])('when GetIkeSas %s, then the reset is sent and recorded all the same and the evidence row says it is unavailable', async (_name, ikeSas, reason) => {
    const h = stuckLink({ ikeSasTimeoutMs: 10 });
    h.network.ikeSas = ikeSas;
    const result = await handleRemediationRequest(h.deps, buildRequest({ linkId: STUCK }), NOW);
    expect(result.outcome).toBe('succeeded');
    expect(resets(h)).toBe(1);
    const row = rowsOf(h).find((e) => e.step === 'evidence');
    expect(row?.outcome).toBe('unavailable');
    expect(row?.reason).toMatch(reason);
    expect(row?.evidence).toBeUndefined();
  });

  it('when the evidence row cannot be written, then the reset is still recorded and the attempt ends normally', async () => {
    const h = stuckLink();
    const append = h.audit.append.bind(h.audit);
    h.audit.append = (entry) => (entry.step === 'evidence' ? Promise.reject(new Error('storage down')) : append(entry));
    const result = await handleRemediationRequest(h.deps, buildRequest({ linkId: STUCK }), NOW);
    expect(result.outcome).toBe('succeeded');
    expect(steps(h)).toEqual(['claim:skipped', 'reset:accepted', 'reset:succeeded']);
    expect((await h.incidents.get(linkKeyFromId(STUCK)))?.value.state).toBe('awaiting-postcheck');
  });

  it('when the process dies after the POST while the evidence is still pending, then the redelivery never POSTs again', async () => {
    const h = stuckLink();
    heldEvidence(h);
    const replace = h.incidents.replace.bind(h.incidents);
    let killed = false;
    h.incidents.replace = (incident, etag) => {
      if (!killed && incident.state === 'resetting') {
        killed = true;
        return Promise.reject(new Error('process killed'));
      }
      return replace(incident, etag);
    };
    const request = buildRequest({ linkId: STUCK });
    await expect(handleRemediationRequest(h.deps, request, NOW)).rejects.toThrow('process killed');
    h.network.ikeSas = () => Promise.resolve({ outcome: 'collected', summary: SUMMARY });
    await handleRemediationRequest(h.deps, request, NOW, { dequeueCount: 2 });
    await deliverAll(h);
    expect(resets(h)).toBe(1);
    expect((await h.incidents.get(linkKeyFromId(STUCK)))?.value.state).toBe('resolved');
  });

  it('when the reset is refused, then no evidence row is written for a reset that did not happen', async () => {
    const h = stuckLink();
    h.network.resetEffect = 'refuse';
    await handleRemediationRequest(h.deps, buildRequest({ linkId: STUCK }), NOW);
    expect(steps(h).filter((s) => s.startsWith('evidence'))).toEqual([]);
    expect(steps(h)).toContain('reset:refused');
  });
});
