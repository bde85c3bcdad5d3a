import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runPollCycle } from '../../../src/app/monitoring/runPollCycle';
import { handleRemediationRequest } from '../../../src/app/remediation/handleRemediationRequest';
import { huaweiGatewayId } from '../../../src/core/huawei/huaweiId';
import { linkKeyFromId } from '../../../src/core/ids/linkKey';
import { buildRemediationRequest } from '../../../src/core/remediation/remediationRequest';
import { OTHER_PROJECT, PROJECT, REGION, startHuaweiHarness, type HuaweiHarness } from './huaweiHarness';

let h: HuaweiHarness;
beforeAll(async () => {
  h = await startHuaweiHarness(inject('azuriteConnectionString'));
});
afterAll(async () => h.stop());

const stateOf = async (prefix: string, linkId: string) => h.monitoring(prefix).states.get(linkKeyFromId(linkId));

describe('Huawei Cloud VPN connections through the provider seam (simulator + Azurite, real composition)', () => {
  it('polls the configured project beside Azure: every connection with its Huawei fields, status from the list, the other project not at all', async () => {
    const monitoring = h.monitoring('twhwpoll');
    const summary = await runPollCycle(monitoring);
    const states = await monitoring.states.list();
    const huawei = states.filter((s) => s.kind === 'huawei');
    expect(huawei.map((s) => s.id).sort()).toEqual(h.huaweiLinks().map((l) => l.id).sort());
    expect(states.some((s) => s.kind === 'vwan')).toBe(true);
    expect(huawei[0]).toMatchObject({ region: REGION, projectId: PROJECT, status: 'Connected', providerStatus: 'ACTIVE', statusSource: 'list', provisioningState: 'Succeeded' });
    expect(huawei.every((s) => s.gatewayId === huaweiGatewayId({ region: REGION, projectId: PROJECT }, s.vgwId!))).toBe(true);
    expect(states.some((s) => s.projectId === OTHER_PROJECT)).toBe(false);
    expect(summary.failures).toEqual([]);
    expect(JSON.stringify(states)).not.toMatch(/twsim-sharedkey|psk/);
  });

  it('with a wrong access key, the poll-run row records HUAWEI.UNAUTHORIZED and Huawei\'s text, never the key', async () => {
    const wrongKey = 'WRONGAK0123456789XYZ';
    const monitoring = h.monitoring('twhwwrongak', { TW_HUAWEI_ACCESS_KEY: wrongKey });
    const summary = await runPollCycle(monitoring);
    const rows = await monitoring.pollRuns.recent(h.clock.ms - 3_600_000, h.clock.ms + 3_600_000);
    const failures = rows.flatMap((r) => r.failures).filter((f) => f.code.startsWith('HUAWEI.'));
    expect(failures).toEqual([expect.objectContaining({ code: 'HUAWEI.UNAUTHORIZED', message: expect.stringMatching(/APIGW\.0301 .*ak:\[redacted\]/) })]);
    expect(JSON.stringify({ rows, summary })).not.toContain(wrongKey);
  });

  it('a stuck Huawei connection is reset exactly once under duplicate requests and two workers, and comes back ACTIVE', async () => {
    const prefix = 'twhwstuck';
    const target = h.huaweiLinks()[0]!;
    h.sim.setLinkState({ id: target.id, scenario: 'stuck' });
    const requests = await h.pollFor(prefix, target.id, 5);
    expect(requests).toHaveLength(1);
    const { deps, followUps } = h.actuator(prefix);
    const copies = Array.from({ length: 10 }, () => requests[0]!);
    await Promise.all([0, 1].map(async (w) => {
      for (const m of copies.filter((_, i) => i % 2 === w)) await handleRemediationRequest(deps, m, h.clock.now());
    }));
    await h.deliverFollowUps(deps, followUps);
    expect(h.resetsOf(target.id)).toBe(1);
    expect(h.sim.listLinks().find((l) => l.id === target.id)?.status).toBe('ACTIVE');
    expect((await deps.incidents.get(linkKeyFromId(target.id)))?.value).toMatchObject({ state: 'resolved', attempts: 1 });
    const audit = await deps.audit.list({ from: new Date(h.clock.ms - 86_400_000).toISOString(), to: new Date(h.clock.ms + 1).toISOString(), linkKey: linkKeyFromId(target.id) });
    expect(audit.items.filter((a) => a.step === 'reset').map((a) => a.outcome).sort()).toEqual(['accepted', 'succeeded']);
    expect(audit.items.some((a) => a.step === 'postcheck' && a.outcome === 'recovered')).toBe(true);

    // The poller sees it up, then it is stuck again: a new incident, but within the cooldown no second reset is sent.
    await h.pollFor(prefix, target.id, 1);
    expect(await stateOf(prefix, target.id)).toMatchObject({ status: 'Connected', providerStatus: 'ACTIVE' });
    h.sim.setLinkState({ id: target.id, scenario: 'stuck' });
    const again = await h.pollFor(prefix, target.id, 5);
    const fresh = again.filter((r) => r.incidentId !== requests[0]!.incidentId);
    expect(fresh.length).toBeGreaterThan(0);
    const second = await handleRemediationRequest(deps, fresh[0]!, h.clock.now());
    expect(second).toMatchObject({ outcome: 'skipped', reason: 'cooldown' });
    expect(h.resetsOf(target.id)).toBe(1);
    h.sim.setLinkState({ id: target.id, status: 'ACTIVE' });
  });

  it('frozen and pending connections are shown as Huawei reports them and never counted down', async () => {
    const prefix = 'twhwheld';
    const [frozen, pending] = h.huaweiLinks().slice(1, 3);
    h.sim.setLinkState({ id: frozen!.id, status: 'FREEZED' });
    h.sim.setLinkState({ id: pending!.id, status: 'PENDING_UPDATE' });
    try {
      expect(await h.pollFor(prefix, frozen!.id, 5)).toEqual([]);
      expect(await stateOf(prefix, frozen!.id)).toMatchObject({ status: 'FREEZED', providerStatus: 'FREEZED' });
      expect((await stateOf(prefix, frozen!.id))?.downSince).toBeUndefined();
      expect(await stateOf(prefix, pending!.id)).toMatchObject({ status: 'PENDING_UPDATE', provisioningState: 'Updating' });
      expect((await stateOf(prefix, pending!.id))?.incidentId).toBeUndefined();
    } finally {
      h.sim.setLinkState({ id: frozen!.id, status: 'ACTIVE' });
      h.sim.setLinkState({ id: pending!.id, status: 'ACTIVE' });
    }
  });

  it('a connection tagged tunnelwatch-remediate=false is tracked but never reset; dry-run decides without resetting', async () => {
    const prefix = 'twhwoptout';
    const candidate = h.huaweiLinks()[1]!;
    h.sim.setTags(candidate.id, { 'tunnelwatch-remediate': 'false' });
    h.sim.setLinkState({ id: candidate.id, scenario: 'stuck' });
    try {
      expect(await h.pollFor(prefix, candidate.id, 5)).toEqual([]);
      expect(await stateOf(prefix, candidate.id)).toMatchObject({ overrides: { remediate: false }, status: 'NotConnected' });
      const manual = buildRemediationRequest({ kind: 'remediate', linkId: candidate.id, source: 'operator', requestId: 'op-1', requestedAt: h.clock.now() });
      const { deps } = h.actuator(prefix);
      expect(await handleRemediationRequest(deps, manual, h.clock.now())).toMatchObject({ outcome: 'skipped', reason: 'opted-out' });
    } finally {
      h.sim.setTags(candidate.id, {});
    }
    // Opted back in (the tag is read every cycle), in dry-run: decided and audited, not reset.
    await h.pollFor(prefix, candidate.id, 1);
    const { deps: dryDeps } = h.actuator(prefix, { TW_REMEDIATION_MODE: 'dry-run' });
    const manual = buildRemediationRequest({ kind: 'remediate', linkId: candidate.id, source: 'operator', requestId: 'op-3', requestedAt: h.clock.now() });
    expect(await handleRemediationRequest(dryDeps, manual, h.clock.now())).toMatchObject({ outcome: 'skipped', reason: 'dry-run' });
    expect(h.resetsOf(candidate.id)).toBe(0);
    h.sim.setLinkState({ id: candidate.id, status: 'ACTIVE' });
  });

  it('a connection outside TW_HUAWEI_SCOPES is never reset, whoever asks', async () => {
    const outside = h.huaweiLinks(OTHER_PROJECT)[0]!;
    h.sim.setLinkState({ id: outside.id, scenario: 'stuck' });
    const { deps } = h.actuator('twhwscope');
    const request = buildRemediationRequest({ kind: 'remediate', linkId: outside.id, source: 'operator', requestId: 'op-2', requestedAt: h.clock.now() });
    expect(await handleRemediationRequest(deps, request, h.clock.now())).toMatchObject({ outcome: 'skipped', reason: 'out-of-scope' });
    expect(h.resetsOf(outside.id)).toBe(0);
    h.sim.setLinkState({ id: outside.id, status: 'ACTIVE' });
  });
});
