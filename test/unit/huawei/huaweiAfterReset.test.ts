import { describe, expect, it } from 'vitest';
import { handleRemediationRequest } from '../../../src/app/remediation/handleRemediationRequest';
import { MAX_PENDING_RECHECKS } from '../../../src/app/remediation/recheckPending';
import { isPendingStatus } from '../../../src/core/huawei/isPendingStatus';
import { huaweiConnectionId, huaweiGatewayId, huaweiScopeId } from '../../../src/core/huawei/huaweiId';
import { linkKeyFromId } from '../../../src/core/ids/linkKey';
import type { Incident } from '../../../src/core/remediation/incident';
import { trackLinkState, type TrackedLinkState } from '../../../src/core/linkState/trackLinkState';
import { buildLinkState, buildRequest, buildSnapshot, NOW } from '../../support/builders';
import { buildHarness } from '../remediation/support/remediationHarness';

const ref = { region: 'ap-southeast-1', projectId: '0605767b5780d5762fc5c0118072a564' };
const LINK = huaweiConnectionId(ref, '98c5af8a-6ee2-4482-99a2-ae2280a6f4c3');
const GATEWAY = huaweiGatewayId(ref, 'b32d91a4-0c1e-4a8d-9a86-e907174eb11d');
const policy = { downStatuses: ['NotConnected'], stuckThresholdMs: 5 * 60_000 };
const at = (minutes: number): Date => new Date(NOW.getTime() + minutes * 60_000);
const huawei = (status: string, providerStatus: string, when: Date) =>
  buildSnapshot({ id: LINK, kind: 'huawei', gatewayId: GATEWAY, gateway: 'b32d91a4-0c1e-4a8d-9a86-e907174eb11d', connection: 'vpn-1', link: 'vpn-1', connectionId: LINK, status, providerStatus, provisioningState: status.startsWith('PENDING_') ? 'Updating' : 'Succeeded' }, when);

describe('a PENDING_* status after a Huawei reset', () => {
  it('is a transitional status, nothing else is', () => {
    expect(['PENDING_UPDATE', 'pending_create', 'PENDING_DELETE'].every(isPendingStatus)).toBe(true);
    expect(['DOWN', 'ACTIVE', 'FREEZED', 'NotConnected', 'PENDING', undefined].some(isPendingStatus)).toBe(false);
  });

  it('neither ends the down streak nor closes the incident; the streak ends on ACTIVE', () => {
    let state: TrackedLinkState | undefined;
    const step = (status: string, provider: string, when: Date) => {
      const result = trackLinkState(state, huawei(status, provider, when), {}, policy);
      state = result.state;
      return result;
    };
    step('NotConnected', 'DOWN', at(0));
    const opened = step('NotConnected', 'DOWN', at(6)).opened;
    expect(opened).toBeDefined();
    const pending = step('PENDING_UPDATE', 'PENDING_UPDATE', at(7));
    expect(pending.closedIncidentId).toBeUndefined();
    expect(pending.state).toMatchObject({ status: 'PENDING_UPDATE', downSince: at(0).toISOString(), incidentId: opened!.incidentId });
    expect(step('NotConnected', 'DOWN', at(8)).state).toMatchObject({ downSince: at(0).toISOString(), incidentId: opened!.incidentId });
    const up = step('Connected', 'ACTIVE', at(9));
    expect(up.closedIncidentId).toBe(opened!.incidentId);
    expect(up.state.downSince).toBeUndefined();
  });

  it('never starts a streak on its own', () => {
    const first = trackLinkState(undefined, huawei('Connected', 'ACTIVE', at(0)), {}, policy);
    expect(trackLinkState(first.state, huawei('PENDING_UPDATE', 'PENDING_UPDATE', at(1)), {}, policy).state.downSince).toBeUndefined();
  });
});

describe('the post-check of a Huawei reset', () => {
  const scopes = [huaweiScopeId(ref)];
  const incident = (postcheckDueAt: Date): Incident => ({
    linkKey: linkKeyFromId(LINK),
    linkId: LINK,
    gatewayId: GATEWAY,
    incidentId: 'inc-1',
    state: 'awaiting-postcheck',
    attempts: 1,
    openedAt: at(-10).toISOString(),
    updatedAt: postcheckDueAt.toISOString(),
    lastResetAt: at(-5).toISOString(),
    postcheckDueAt: postcheckDueAt.toISOString(),
  });
  const setup = async () => {
    const h = buildHarness({ settings: { scopes }, states: [buildLinkState({ id: LINK, kind: 'huawei', gatewayId: GATEWAY })] });
    await h.incidents.create(incident(NOW));
    return h;
  };
  const postcheck = buildRequest({ linkId: LINK, kind: 'postcheck', source: 'postcheck', incidentId: 'inc-1' });

  it('finding PENDING_UPDATE keeps the incident awaiting its post-check (attempts untouched) and looks again; ACTIVE then closes it', async () => {
    const h = await setup();
    h.network.put(huawei('PENDING_UPDATE', 'PENDING_UPDATE', NOW));
    const first = await handleRemediationRequest(h.deps, postcheck, NOW);
    expect(first).toMatchObject({ outcome: 'unknown', reason: 'pending-after-reset' });
    expect((await h.incidents.get(linkKeyFromId(LINK)))?.value).toMatchObject({ state: 'awaiting-postcheck', attempts: 1, lastReason: 'pending-after-reset' });
    const [next, ...more] = h.queue.drain();
    expect(more).toEqual([]);
    expect(next).toMatchObject({ request: { kind: 'postcheck', incidentId: 'inc-1' }, visibilityDelayMs: h.deps.settings.postCheckDelayMs });
    // A copy of the first post-check schedules nothing more.
    expect(await handleRemediationRequest(h.deps, { ...postcheck, requestId: 'copy' }, NOW)).toMatchObject({ outcome: 'skipped', reason: 'recheck-scheduled' });
    expect(h.queue.drain()).toEqual([]);

    h.clock.advance(next!.visibilityDelayMs);
    h.network.put(huawei('Connected', 'ACTIVE', h.clock.now()));
    expect(await handleRemediationRequest(h.deps, next!.request, h.clock.now())).toMatchObject({ outcome: 'recovered' });
    expect((await h.incidents.get(linkKeyFromId(LINK)))?.value).toMatchObject({ state: 'resolved', attempts: 1 });
    expect(h.network.totalResets()).toBe(0);
    const audit = await h.audit.list({ from: at(-60).toISOString(), to: at(60).toISOString() });
    expect(audit.items.some((a) => a.step === 'postcheck' && a.action === 'recheck' && a.postcheck === 'status PENDING_UPDATE')).toBe(true);
  });

  it('a connection still pending past the bound is judged not recovered (next attempt scheduled), after a bounded number of looks', async () => {
    const h = await setup();
    let request = postcheck;
    let looks = 0;
    for (;;) {
      h.network.put(huawei('PENDING_UPDATE', 'PENDING_UPDATE', h.clock.now()));
      const result = await handleRemediationRequest(h.deps, request, h.clock.now());
      looks++;
      if (result.reason !== 'pending-after-reset') {
        expect(result).toMatchObject({ outcome: 'not-recovered' });
        break;
      }
      const [next] = h.queue.drain();
      h.clock.advance(next!.visibilityDelayMs);
      request = next!.request;
      expect(looks).toBeLessThanOrEqual(MAX_PENDING_RECHECKS);
    }
    expect(looks).toBe(MAX_PENDING_RECHECKS + 1);
    expect((await h.incidents.get(linkKeyFromId(LINK)))?.value).toMatchObject({ state: 'retry-scheduled', attempts: 1 });
  });
});
