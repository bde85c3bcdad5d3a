import { describe, expect, it } from 'vitest';
import { handleRemediationRequest } from '../../../src/app/remediation/handleRemediationRequest';
import { pruneRemediationRecords } from '../../../src/app/remediation/pruneRemediationRecords';
import { sweepStaleClaims } from '../../../src/app/remediation/sweepStaleClaims';
import { linkKeyFromId } from '../../../src/core/ids/linkKey';
import { buildLinkState, buildRequest, buildSnapshot, linkId, NOW } from '../../support/builders';
import { deliverAll } from './support/drive';
import { FakeNetwork } from './support/fakeNetwork';
import { buildHarness, type Harness } from './support/remediationHarness';

const STUCK = linkId('gw1', 'conn1', 'link1');
const HEALTHY = ['link2', 'link3', 'link4'].map((l) => linkId('gw1', 'conn1', l));

function harness(): Harness {
  const network = new FakeNetwork([
    buildSnapshot({ id: STUCK }),
    ...HEALTHY.map((id) => buildSnapshot({ id, status: 'Connected' })),
  ]);
  network.resetEffect = 'recover';
  const states = [
    buildLinkState({ id: STUCK }),
    ...HEALTHY.map((id) =>
      buildLinkState({ id, status: 'Connected', downSince: undefined, incidentId: undefined }),
    ),
  ];
  return buildHarness({ network, states });
}

const sweep = (h: Harness) =>
  sweepStaleClaims({
    incidents: h.incidents,
    queue: h.queue,
    audit: h.audit,
    clock: h.clock,
    newId: h.deps.newId,
  });

/** The message dies after the claim and then goes to the poison queue: nothing is redelivered. */
async function poisonedAfterClaim(h: Harness): Promise<void> {
  const takeGateway = h.ledger.takeGateway.bind(h.ledger);
  h.ledger.takeGateway = () => Promise.reject(new Error('process killed'));
  await expect(handleRemediationRequest(h.deps, buildRequest({ linkId: STUCK }), NOW)).rejects.toThrow(
    'process killed',
  );
  h.ledger.takeGateway = takeGateway;
  h.queue.drain();
}

describe('the stale-claim sweep (retention timer)', () => {
  it('when a claimed incident lost its message and its lease has not ended, then the sweep leaves it alone', async () => {
    const h = harness();
    await poisonedAfterClaim(h);
    expect((await sweep(h)).requeued).toBe(0);
    expect(h.queue.sent).toHaveLength(0);
  });

  it('when the lease has ended, then one request is queued for the link and audited, and the takeover finishes the incident with at most one reset', async () => {
    const h = harness();
    await poisonedAfterClaim(h);
    expect((await h.incidents.get(linkKeyFromId(STUCK)))?.value.state).toBe('claimed');
    h.clock.advance(60 * 60_000);
    expect((await sweep(h)).requeued).toBe(1);
    expect(h.queue.sent.map((m) => m.request)).toEqual([
      expect.objectContaining({ kind: 'remediate', linkId: STUCK, incidentId: 'inc-poller-1' }),
    ]);
    expect(h.audit.entries.filter((e) => e.step === 'sweep')).toEqual([
      expect.objectContaining({ linkId: STUCK, outcome: 'enqueued', actor: 'stale-claim sweep' }),
    ]);
    await deliverAll(h);
    expect(h.network.resets.get(STUCK.toLowerCase()) ?? 0).toBeLessThanOrEqual(1);
    expect((await h.incidents.get(linkKeyFromId(STUCK)))?.value.state).not.toBe('claimed');
    expect((await sweep(h)).requeued).toBe(0);
  });
});

describe('pruning remediation records by age', () => {
  it('deletes audit rows past TW_AUDIT_RETENTION_DAYS and dedup rows past TW_ALERT_DEDUP_RETENTION_DAYS', async () => {
    const cutoffs: Record<string, number> = {};
    const recorder = (name: string) => ({
      deleteBefore: (ms: number) => ((cutoffs[name] = ms), Promise.resolve(3)),
    });
    const result = await pruneRemediationRecords({
      audit: recorder('audit'),
      alertDedup: recorder('dedup'),
      settings: { auditRetentionDays: 90, alertDedupRetentionDays: 7 },
      clock: { now: () => NOW },
    });
    expect(result).toEqual({ deletedAudit: 3, deletedDedup: 3 });
    expect(cutoffs).toEqual({
      audit: NOW.getTime() - 90 * 86_400_000,
      dedup: NOW.getTime() - 7 * 86_400_000,
    });
  });
});
