import { describe, expect, it } from 'vitest';
import { getFleetSummary } from '../../../src/app/queries/getFleetSummary';
import { listLinks } from '../../../src/app/queries/listLinks';
import { listRemediations } from '../../../src/app/queries/listRemediations';
import { resolveLink } from '../../../src/app/queries/resolveLink';
import { huaweiConnectionId, huaweiGatewayId } from '../../../src/core/huawei/huaweiId';
import { linkKeyFromId } from '../../../src/core/ids/linkKey';
import type { LinkState } from '../../../src/core/linkState/linkState';
import { buildState, memoryRollupStore, NOW, sign } from '../queries/builders';

const REF = { region: 'ap-southeast-1', projectId: '0605767b5780d5762fc5c0118072a564' };
const VGW = 'f4ef32a5-bedc-4a8d-9a86-e907174eb11d';
const CGW = '102350d1-834b-4a8d-9a86-dd36659a7f5d';

function huawei(name: string, overrides: Partial<LinkState> = {}): LinkState {
  const id = huaweiConnectionId(REF, `${name}-0000-4000-a000-000000000000`);
  return buildState({
    id,
    key: linkKeyFromId(id),
    kind: 'huawei',
    resourceGroup: REF.region,
    subscriptionId: REF.projectId,
    gateway: VGW,
    gatewayId: huaweiGatewayId(REF, VGW),
    connection: name,
    connectionId: id,
    link: name,
    site: 'branch-berlin',
    vgwId: VGW,
    cgwId: CGW,
    status: 'NotConnected',
    ingressBytes: '0',
    egressBytes: '0',
    ingressBps: undefined,
    egressBps: undefined,
    ...overrides,
  });
}

const NAMED = huawei('vpn-a', { gatewayName: 'vpngw-prod' });
const UNNAMED = huawei('vpn-b');
const FLEET = [NAMED, UNNAMED, buildState({ gateway: 'gw-east', connection: 'conn-a', ingressBps: 1200, egressBps: 800 })];
const links = { get: (key: string) => Promise.resolve(FLEET.find((s) => s.key === key)), list: () => Promise.resolve(FLEET) };
const deps = { links, transitions: { readRange: () => Promise.resolve([]) }, rollups: memoryRollupStore(), sign, clock: { now: () => NOW } };

describe('Huawei links by name where operators look', () => {
  it('link views show the VPN gateway and customer gateway by name (the id when the name is unknown), ids beside them', async () => {
    const page = await listLinks(deps, { top: 100 });
    const named = page.links.find((l) => l.key === NAMED.key)!;
    expect(named).toMatchObject({ gateway: 'vpngw-prod', site: 'branch-berlin', vgwId: VGW, cgwId: CGW });
    expect(page.links.find((l) => l.key === UNNAMED.key)).toMatchObject({ gateway: VGW, vgwId: VGW });
    expect((await listLinks(deps, { top: 100, gateway: 'VPNGW-prod' })).links.map((l) => l.key)).toEqual([NAMED.key]);
    expect((await listLinks(deps, { top: 100, q: 'vpngw-pr' })).links.map((l) => l.key)).toEqual([NAMED.key]);
    const summary = await getFleetSummary(deps);
    expect(JSON.stringify(summary)).toContain('"gateway":"vpngw-prod"');
  });

  it('rates a Huawei row has no counters for are null (unknown), never 0; real rates stay', async () => {
    const page = await listLinks(deps, { top: 100 });
    expect(page.links.find((l) => l.key === NAMED.key)).toMatchObject({ ingressBps: null, egressBps: null });
    expect(page.links.find((l) => l.kind === 'vwan')).toMatchObject({ ingressBps: 1200, egressBps: 800 });
  });

  it('accepts gateway/connection (by name or id), region/gateway/connection and connection for a Huawei link', async () => {
    await expect(resolveLink(deps, 'vpngw-prod/vpn-a')).resolves.toMatchObject({ key: NAMED.key });
    await expect(resolveLink(deps, 'VPNGW-PROD%2Fvpn-a')).resolves.toMatchObject({ key: NAMED.key });
    await expect(resolveLink(deps, `${VGW}/vpn-a`)).resolves.toMatchObject({ key: NAMED.key });
    await expect(resolveLink(deps, `${REF.region}/vpngw-prod/vpn-a`)).resolves.toMatchObject({ key: NAMED.key });
    await expect(resolveLink(deps, `${VGW}/vpn-b`)).resolves.toMatchObject({ key: UNNAMED.key });
    await expect(resolveLink(deps, 'vpn-b')).resolves.toMatchObject({ key: UNNAMED.key });
    await expect(resolveLink(deps, 'other-gw/vpn-a')).rejects.toMatchObject({ code: 'LINK.NOT_FOUND' });
    await expect(resolveLink(deps, 'eu-west-1/vpngw-prod/vpn-a')).rejects.toMatchObject({ code: 'LINK.NOT_FOUND' });
  });

  it('remediation rows about a Huawei link carry its name path; ARM rows are left as stored (their id spells the names)', async () => {
    const armRow = { linkId: FLEET[2]!.id, linkKey: FLEET[2]!.key, step: 'decision' };
    const rows = [{ linkId: NAMED.id, linkKey: NAMED.key, step: 'decision' }, armRow, { linkId: huaweiConnectionId(REF, 'gone'), linkKey: 'gone', step: 'decision' }];
    let gets = 0;
    const counting = { ...links, get: (key: string) => (gets++, links.get(key)) };
    const audit = { list: () => Promise.resolve({ items: rows }) };
    const page = await listRemediations({ audit, sign, links: counting }, { from: new Date(NOW.getTime() - 3_600_000).toISOString(), to: NOW.toISOString(), top: 10 });
    expect(page.items[0]).toMatchObject({ linkName: 'vpngw-prod/vpn-a' });
    expect(page.items[1]).toEqual(armRow);
    expect(page.items[2]).not.toHaveProperty('linkName');
    expect(gets).toBe(2);
  });
});
