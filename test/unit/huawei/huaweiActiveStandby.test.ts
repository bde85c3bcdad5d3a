import { describe, expect, it } from 'vitest';
import { handleRemediationRequest } from '../../../src/app/remediation/handleRemediationRequest';
import { haPartnerOf, withoutPairedStandbys } from '../../../src/core/huawei/haPartnerOf';
import { huaweiConnectionId, huaweiGatewayId, huaweiScopeId } from '../../../src/core/huawei/huaweiId';
import type { LinkSnapshot } from '../../../src/core/snapshot/linkSnapshot';
import { buildLinkState, buildRequest, buildSnapshot, NOW } from '../../support/builders';
import { buildHarness } from '../remediation/support/remediationHarness';

const ref = { region: 'ap-southeast-1', projectId: '0605767b5780d5762fc5c0118072a564' };
const VGW = 'b32d91a4-0c1e-4a8d-9a86-e907174eb11d';
const GATEWAY = huaweiGatewayId(ref, VGW);
const minutesAgo = (m: number): string => new Date(NOW.getTime() - m * 60_000).toISOString();

function connection(name: string, haRole: 'master' | 'slave' | undefined, status: 'Connected' | 'NotConnected', cgwId = 'cgw-1', gatewayId = GATEWAY): LinkSnapshot {
  const id = huaweiConnectionId(ref, name);
  return buildSnapshot({
    id,
    kind: 'huawei',
    gatewayId,
    gateway: VGW,
    connection: name,
    connectionId: id,
    link: name,
    cgwId,
    status,
    providerStatus: status === 'Connected' ? 'ACTIVE' : 'DOWN',
    ...(haRole && { haRole }),
  });
}

describe('haPartnerOf', () => {
  const active = connection('active', 'master', 'Connected');
  const standby = connection('standby', 'slave', 'NotConnected');

  it('pairs the other role on the same gateway to the same customer gateway, both ways', () => {
    const other = connection('other-site', 'master', 'Connected', 'cgw-2');
    expect(haPartnerOf(standby, [active, standby, other])?.key).toBe(active.key);
    expect(haPartnerOf(active, [active, standby, other])?.key).toBe(standby.key);
  });

  it('falls back to the only other-role connection of the gateway; otherwise none', () => {
    const twoDevices = connection('standby-2', 'slave', 'NotConnected', 'cgw-9');
    expect(haPartnerOf(twoDevices, [active, twoDevices])?.key).toBe(active.key);
    expect(haPartnerOf(twoDevices, [active, connection('a2', 'master', 'Connected', 'cgw-3'), twoDevices])).toBeUndefined();
  });

  it('never pairs across gateways, nor connections without a role, nor two actives (active-active gateways)', () => {
    const elsewhere = connection('elsewhere', 'master', 'Connected', 'cgw-1', huaweiGatewayId(ref, 'another-gw'));
    expect(haPartnerOf(standby, [elsewhere, standby])).toBeUndefined();
    expect(haPartnerOf(connection('x', undefined, 'NotConnected'), [active])).toBeUndefined();
    expect(haPartnerOf(active, [active, connection('a2', 'master', 'Connected')])).toBeUndefined();
  });

  it('counts a pair once where down links are counted', () => {
    const solo = connection('solo', undefined, 'NotConnected', 'cgw-5');
    expect(withoutPairedStandbys([active, standby, solo]).map((l) => l.connection)).toEqual(['active', 'solo']);
  });
});

describe('remediation of an active-standby pair', () => {
  const scopes = [huaweiScopeId(ref)];
  const setup = (links: readonly LinkSnapshot[]) => {
    const states = links.map((l) => buildLinkState({ ...l, downSince: l.status === 'Connected' ? undefined : minutesAgo(10) }));
    const h = buildHarness({ settings: { scopes, blastRadiusPercent: 50 }, states });
    for (const link of links) h.network.put(link);
    return h;
  };
  const decisionGuard = async (h: ReturnType<typeof setup>) => {
    const audit = await h.audit.list({ from: minutesAgo(60), to: new Date(NOW.getTime() + 3_600_000).toISOString() });
    return audit.items.find((a) => a.step === 'decision')?.guards?.find((g) => g.name === 'standby-partner');
  };

  it('a DOWN standby whose active partner is ACTIVE is never reset (skip standby-partner-active, audited with the guard)', async () => {
    const active = connection('active', 'master', 'Connected');
    const standby = connection('standby', 'slave', 'NotConnected');
    const h = setup([active, standby]);
    const result = await handleRemediationRequest(h.deps, buildRequest({ linkId: standby.id, incidentId: 'inc-standby' }), NOW);
    expect(result).toMatchObject({ outcome: 'skipped', reason: 'standby-partner-active' });
    expect(h.network.totalResets()).toBe(0);
    expect(await decisionGuard(h)).toMatchObject({ passed: false, detail: expect.stringContaining('ACTIVE') });
  });

  it('both down: one tunnel — the standby waits for the active one, the active one is reset (no blast-radius escalation)', async () => {
    const active = connection('active', 'master', 'NotConnected');
    const standby = connection('standby', 'slave', 'NotConnected');
    const h = setup([active, standby]);
    expect(await handleRemediationRequest(h.deps, buildRequest({ linkId: standby.id, requestId: 'r1', incidentId: 'inc-standby' }), NOW)).toMatchObject({ outcome: 'skipped', reason: 'active-partner-first' });
    expect(h.network.totalResets()).toBe(0);
    expect(await handleRemediationRequest(h.deps, buildRequest({ linkId: active.id, requestId: 'r2', incidentId: 'inc-active' }), NOW)).toMatchObject({ outcome: 'succeeded' });
    expect(h.network.resets.get(active.id.toLowerCase())).toBe(1);
    expect(h.network.totalResets()).toBe(1);
  });

  it('the partner is found in stored state but judged on its fresh read: stored down, now ACTIVE, the standby is not reset', async () => {
    const active = connection('active', 'master', 'Connected');
    const standby = connection('standby', 'slave', 'NotConnected');
    const states = [connection('active', 'master', 'NotConnected'), standby].map((l) => buildLinkState({ ...l, downSince: minutesAgo(10) }));
    const h = buildHarness({ settings: { scopes, blastRadiusPercent: 50 }, states });
    h.network.put(active);
    h.network.put(standby);
    const result = await handleRemediationRequest(h.deps, buildRequest({ linkId: standby.id, incidentId: 'inc-standby' }), NOW);
    expect(result).toMatchObject({ outcome: 'skipped', reason: 'standby-partner-active' });
    expect(h.network.totalResets()).toBe(0);
  });

  it('a connection with no partner is judged on its own', async () => {
    const standby = connection('standby', 'slave', 'NotConnected');
    const h = setup([standby, connection('up', undefined, 'Connected', 'cgw-7')]);
    expect(await handleRemediationRequest(h.deps, buildRequest({ linkId: standby.id, incidentId: 'inc-standby' }), NOW)).toMatchObject({ outcome: 'succeeded' });
    expect(h.network.totalResets()).toBe(1);
  });
});
