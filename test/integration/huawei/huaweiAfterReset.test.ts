import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runPollCycle } from '../../../src/app/monitoring/runPollCycle';
import { handleRemediationRequest } from '../../../src/app/remediation/handleRemediationRequest';
import { linkKeyFromId } from '../../../src/core/ids/linkKey';
import { startHuaweiHarness, type HuaweiHarness } from './huaweiHarness';

let h: HuaweiHarness;
beforeAll(async () => {
  // A reset shows PENDING_UPDATE for 2.5 minutes: longer than the post-check delay (1 minute), so the post-check sees it.
  h = await startHuaweiHarness(inject('azuriteConnectionString'), { huaweiResetPendingMs: 150_000, activeStandbyPairs: 1 });
});
afterAll(async () => h.stop());

const day = () => ({ from: new Date(h.clock.ms - 86_400_000).toISOString(), to: new Date(h.clock.ms + 86_400_000).toISOString() });

describe('after a Huawei reset (simulator + Azurite, real composition)', () => {
  it('PENDING_UPDATE after the reset keeps the incident open and the down streak; the post-check looks again and closes it on ACTIVE', async () => {
    const prefix = 'twhwpending';
    const target = h.huaweiLinks().find((l) => l.partnerId === undefined)!;
    h.sim.setLinkState({ id: target.id, scenario: 'stuck' });
    const [request] = await h.pollFor(prefix, target.id, 5);
    expect(request).toBeDefined();
    const monitoring = h.monitoring(prefix);
    const before = await monitoring.states.get(linkKeyFromId(target.id));
    const { deps, followUps } = h.actuator(prefix);
    await handleRemediationRequest(deps, request!, h.clock.now());
    expect(h.resetsOf(target.id)).toBe(1);
    expect(h.sim.listLinks().find((l) => l.id === target.id)?.status).toBe('PENDING_UPDATE');

    await runPollCycle(monitoring);
    const during = await monitoring.states.get(linkKeyFromId(target.id));
    expect(during).toMatchObject({ status: 'PENDING_UPDATE', providerStatus: 'PENDING_UPDATE', downSince: before!.downSince, incidentId: before!.incidentId });
    h.clock.advance(60_000);

    await h.deliverFollowUps(deps, followUps);
    expect(h.resetsOf(target.id)).toBe(1);
    expect((await deps.incidents.get(linkKeyFromId(target.id)))?.value).toMatchObject({ state: 'resolved', attempts: 1 });
    const audit = (await deps.audit.list({ ...day(), linkKey: linkKeyFromId(target.id) })).items.filter((a) => a.step === 'postcheck');
    expect(audit.map((a) => `${a.action}:${a.outcome}`)).toEqual(expect.arrayContaining(['recheck:unknown', 'close:recovered']));
    expect(audit.find((a) => a.action === 'recheck')?.postcheck).toBe('status PENDING_UPDATE');
  });

  it('a standby connection DOWN is never reset while its active partner is ACTIVE; both down, only the active one is reset', async () => {
    const prefix = 'twhwstandby';
    const standby = h.huaweiLinks().find((l) => l.haRole === 'slave')!;
    const active = h.huaweiLinks().find((l) => l.id === standby.partnerId)!;
    expect(standby).toMatchObject({ status: 'DOWN' });
    expect(active).toMatchObject({ status: 'ACTIVE', haRole: 'master', partnerId: standby.id });
    const requests = await h.pollFor(prefix, standby.id, 5);
    expect(requests.length).toBeGreaterThan(0);
    const { deps } = h.actuator(prefix);
    for (const r of requests) expect(await handleRemediationRequest(deps, r, h.clock.now())).toMatchObject({ outcome: 'skipped', reason: 'standby-partner-active' });
    expect(h.resetsOf(standby.id)).toBe(0);
    const state = await h.monitoring(prefix).states.get(linkKeyFromId(standby.id));
    // Kept through the real poll: ha_role, and the customer gateway by name (its id beside it).
    expect(state).toMatchObject({ haRole: 'slave', status: 'NotConnected', site: 'cgw-as-00', cgwId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(state?.ingressBps).toBeUndefined();
    const decision = (await deps.audit.list({ ...day(), linkKey: linkKeyFromId(standby.id) })).items.find((a) => a.step === 'decision');
    expect(decision).toMatchObject({ action: 'skip', reason: 'standby-partner-active' });
    expect(decision?.guards?.find((g) => g.name === 'standby-partner')?.passed).toBe(false);

    h.sim.setLinkState({ id: active.id, scenario: 'stuck' });
    const activeRequests = await h.pollFor(prefix, active.id, 5);
    expect(await handleRemediationRequest(deps, { ...requests[0]!, requestId: 'again' }, h.clock.now())).toMatchObject({ outcome: 'skipped', reason: 'active-partner-first' });
    await handleRemediationRequest(deps, activeRequests[0]!, h.clock.now());
    expect(h.resetsOf(active.id)).toBe(1);
    expect(h.resetsOf(standby.id)).toBe(0);
  });
});
