import { describe, expect, it } from 'vitest';
import { getFleetSummary } from '../../../src/app/queries/getFleetSummary';
import { getLink } from '../../../src/app/queries/getLink';
import { listLinks } from '../../../src/app/queries/listLinks';
import { huaweiConnectionId, huaweiGatewayId } from '../../../src/core/huawei/huaweiId';
import { linkKeyFromId } from '../../../src/core/ids/linkKey';
import type { LinkState } from '../../../src/core/linkState/linkState';
import { buildState, fleetQueryDeps } from './builders';

// The Azure end: the hub gateway's two instance IPs, pointing at the Huawei VPN gateway's EIP; the Huawei end points back.
const AZURE = buildState({ gateway: 'gw-east', connection: 'conn-huawei', status: 'NotConnected', localAddresses: ['192.0.2.10', '192.0.2.11'], remoteAddress: '203.0.113.20' });
const SCOPE = { region: 'ap-southeast-1', projectId: 'project-1' };
const HUAWEI_ID = huaweiConnectionId(SCOPE, 'c-1');
const HUAWEI: LinkState = buildState({
  id: HUAWEI_ID,
  key: linkKeyFromId(HUAWEI_ID),
  kind: 'huawei',
  gateway: 'vgw-1',
  gatewayId: huaweiGatewayId(SCOPE, 'vgw-1'),
  connection: 'to-azure',
  connectionId: HUAWEI_ID,
  link: 'to-azure',
  status: 'Connected',
  statusSource: 'list',
  localAddresses: ['203.0.113.20'],
  remoteAddress: '192.0.2.11',
});
const LONER = buildState({ gateway: 'gw-east', connection: 'conn-b', localAddresses: ['192.0.2.10', '192.0.2.11'], remoteAddress: '198.51.100.3' });
const FLEET = [AZURE, HUAWEI, LONER];

const deps = fleetQueryDeps(FLEET);

describe('peer: the two ends of one tunnel in the link views', () => {
  it('when an Azure link and a Huawei connection point at each other, then GET /api/links shows each as the other\'s peer', async () => {
    const page = await listLinks(deps, { top: 100 });
    const byKey = new Map(page.links.map((l) => [l.key, l]));
    expect(byKey.get(AZURE.key)?.peer).toEqual({ key: HUAWEI.key, kind: 'huawei', name: 'vgw-1/to-azure', status: 'Connected', statusSource: 'list' });
    expect(byKey.get(HUAWEI.key)?.peer).toEqual({ key: AZURE.key, kind: 'vwan', name: 'gw-east/conn-huawei/conn-huawei-l1', status: 'NotConnected' });
    expect(byKey.get(LONER.key)).not.toHaveProperty('peer');
  });

  it('when a filter leaves the other end out of the page, then the peer is still named', async () => {
    const page = await listLinks(deps, { top: 100, status: 'NotConnected' });
    expect(page.links.map((l) => l.key)).toEqual([AZURE.key]);
    expect(page.links[0]?.peer?.key).toBe(HUAWEI.key);
  });

  it('when one link is read, then its detail names its peer; a link without addresses has none', async () => {
    expect((await getLink(deps, HUAWEI.key)).peer?.key).toBe(AZURE.key);
    const bare = buildState({ connection: 'conn-c' });
    const detail = await getLink({ ...deps, links: { get: () => Promise.resolve(bare), list: () => Promise.reject(new Error('no fleet read is needed')) } }, bare.key);
    expect(detail).not.toHaveProperty('peer');
  });

  it('when the fleet summary lists the down link, then its peer is shown there too', async () => {
    const summary = await getFleetSummary(deps);
    expect(summary.problemGateways.flatMap((g) => g.problems).find((l) => l.key === AZURE.key)?.peer?.key).toBe(HUAWEI.key);
  });
});
