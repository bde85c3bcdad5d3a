import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { huaweiConnectionId, huaweiScopeId } from '../../../src/core/huawei/huaweiId';
import { simGatewayPublicIps, simSiteLinkAddress } from '../../../src/simulator/simAddresses';
import type { SimulatorHandle } from '../../../src/simulator';
import { huaweiCall } from './huaweiHttp';
import { PAIRED_LINK, PROJECT, REGION, startHuaweiSim } from './huaweiFixture';

const LIST = `/v5/${PROJECT}/vpn-connection`;

describe('the Huawei VPN v5 API of the simulator', () => {
  let sim: SimulatorHandle;
  let now: () => number;
  const call = (method: string, path: string, options: Parameters<typeof huaweiCall>[3] = {}) =>
    huaweiCall(sim, method, path, { signedAt: now(), ...options });

  beforeAll(async () => {
    const started = await startHuaweiSim({ huaweiBucket: { burst: 1000, refillPerSecond: 1000 } });
    sim = started.sim;
    now = started.clock.now;
  });
  afterAll(() => sim.stop());

  it.each([
    ['an unsigned request', { unsigned: true }],
    ['a request signed with another SK', { secretKey: 'not-the-simulator-secret-key-0000000000' }],
    ['an unknown AK', { accessKey: 'UNKNOWNACCESSKEY0000' }],
    ['an X-Sdk-Date 16 minutes old', { signedAt: Date.UTC(2026, 5, 1, 11, 44) }],
    ['a query changed after signing', { tamper: { path: `${LIST}?limit=2` } }],
  ])('answers %s with 401 APIGW.0301 in the API gateway error shape', async (_what, options) => {
    const response = await call('GET', `${LIST}?limit=1`, options);
    expect(response.status).toBe(401);
    expect(response.json()).toEqual({
      error_code: 'APIGW.0301',
      error_msg: expect.stringMatching(/^Incorrect IAM authentication information: /),
      request_id: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    expect(response.headers['x-request-id']).toBe(response.json().request_id);
  });

  it('pages with limit and marker: next_marker is the last id, absent on the last page; total_count counts all', async () => {
    const pages: Array<{ ids: string[]; info: Record<string, unknown>; total: number }> = [];
    let marker: string | undefined;
    do {
      const response = await call('GET', `${LIST}?limit=4${marker === undefined ? '' : `&marker=${marker}`}`);
      expect(response.status).toBe(200);
      const body = response.json();
      expect(body.request_id).toMatch(/^[0-9a-f]{32}$/);
      pages.push({ ids: body.vpn_connections.map((c: { id: string }) => c.id), info: body.page_info, total: body.total_count });
      marker = body.page_info.next_marker;
    } while (marker !== undefined && pages.length < 5);
    expect(pages.map((p) => p.ids.length)).toEqual([4, 2]);
    expect(pages[0]!.info).toEqual({ next_marker: pages[0]!.ids[3], current_count: 4 });
    expect(pages[1]!.info).toEqual({ current_count: 2 });
    expect(pages.map((p) => p.total)).toEqual([6, 6]);
    expect(new Set(pages.flatMap((p) => p.ids)).size).toBe(6);
    const all = (await call('GET', LIST)).json();
    expect(all.vpn_connections).toHaveLength(6);
    expect(all.page_info).toEqual({ current_count: 6 });
  });

  it.each([['201'], ['-1'], ['two'], ['1.5']])('refuses limit=%s with 400 VPN.0001', async (limit) => {
    const response = await call('GET', `${LIST}?limit=${limit}`);
    expect(response.status).toBe(400);
    expect(response.json()).toMatchObject({ error_code: 'VPN.0001', error_msg: expect.stringContaining('limit'), request_id: expect.any(String) });
  });

  it('refuses a marker without limit, and a marker that is no id of the list', async () => {
    const first = (await call('GET', `${LIST}?limit=1`)).json().vpn_connections[0].id;
    expect((await call('GET', `${LIST}?marker=${first}`)).json()).toMatchObject({ error_code: 'VPN.0001' });
    expect((await call('GET', `${LIST}?limit=2&marker=00000000-0000-4000-8000-000000000000`)).status).toBe(400);
  });

  it('renders every ResponseVpnConnection field, and never the psk', async () => {
    const listed = (await call('GET', LIST)).json().vpn_connections;
    const shown = await call('GET', `${LIST}/${listed[0].id}`);
    expect(shown.status).toBe(200);
    const body = shown.json();
    expect(body.vpn_connection).toEqual(listed[0]);
    expect(Object.keys(body.vpn_connection).sort()).toEqual(
      ['cgw_id', 'created_at', 'eip_id', 'enable_hub', 'enable_nqa', 'enterprise_project_id', 'ha_role', 'id', 'ikepolicy', 'ipsecpolicy', 'name', 'peer_subnets', 'route_mode', 'status', 'style', 'tags', 'tunnel_local_address', 'tunnel_peer_address', 'type', 'updated_at', 'vgw_id', 'vgw_ip'].sort(),
    );
    expect(body.vpn_connection).toMatchObject({ status: 'ACTIVE', id: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    const psks = sim.huawei.all().map((c) => c.psk);
    expect(psks).toHaveLength(6);
    const texts = [shown.text, JSON.stringify(listed), (await call('GET', `/v5/${PROJECT}/customer-gateways`)).text];
    for (const psk of psks) for (const text of texts) expect(text).not.toContain(psk);
    expect(sim.secrets()).toEqual(expect.arrayContaining(psks));
  });

  it('answers 404 VPN.0004 for a missing connection, 403 for a project of another account, 404 APIGW.0101 off the API', async () => {
    const missing = await call('GET', `${LIST}/00000000-0000-4000-8000-000000000000`);
    expect([missing.status, missing.json().error_code]).toEqual([404, 'VPN.0004']);
    const foreign = await call('GET', `/v5/${'f'.repeat(32)}/vpn-connection`);
    expect([foreign.status, foreign.json().error_code]).toEqual([403, 'VPN.0003']);
    const nowhere = await call('GET', `/v5/${PROJECT}/vpn-gateways`);
    expect([nowhere.status, nowhere.json().error_code]).toEqual([404, 'APIGW.0101']);
    const wrongMethod = await call('POST', LIST, { body: {} });
    expect(wrongMethod.status).toBe(404);
  });

  it("pairs a connection with an Azure link: vgw_ip is the Azure site link's address, its customer gateway the Azure gateway's IP", async () => {
    const paired = sim.huawei.all().find((c) => c.pairedLinkId !== undefined)!;
    const link = sim.fleet.get(PAIRED_LINK, 'vwan')!;
    const shown = (await call('GET', `${LIST}/${paired.connectionId}`)).json().vpn_connection;
    expect(shown.vgw_ip).toBe(simSiteLinkAddress(link.siteLinkId));
    const gateways = (await call('GET', `/v5/${PROJECT}/customer-gateways?limit=200`)).json();
    expect(gateways.total_count).toBe(6);
    const cgw = gateways.customer_gateways.find((g: { id: string }) => g.id === shown.cgw_id);
    expect(cgw).toMatchObject({ ip: simGatewayPublicIps(link.connection.gateway.id)[0], id_type: 'ip' });
  });

  it('pages customer gateways with limit and marker too', async () => {
    const first = (await call('GET', `/v5/${PROJECT}/customer-gateways?limit=5`)).json();
    expect(first.page_info).toEqual({ next_marker: first.customer_gateways[4].id, current_count: 5 });
    const second = (await call('GET', `/v5/${PROJECT}/customer-gateways?limit=5&marker=${first.page_info.next_marker}`)).json();
    expect(second.page_info).toEqual({ current_count: 1 });
  });

  it('lists Huawei connections in /_sim/links with kind huawei, the tunnelwatch id, Huawei status, project, region, resets', async () => {
    const views = sim.listLinks().filter((l) => l.kind === 'huawei');
    expect(views).toHaveLength(6);
    const connection = sim.huawei.all()[0]!;
    expect(views[0]).toMatchObject({
      id: huaweiConnectionId({ region: REGION, projectId: PROJECT }, connection.connectionId),
      kind: 'huawei',
      status: 'ACTIVE',
      projectId: PROJECT,
      region: REGION,
      resets: 0,
      scenario: 'none',
      gatewayId: expect.stringContaining(`${huaweiScopeId({ region: REGION, projectId: PROJECT })}/vpngateways/`),
    });
  });
});
