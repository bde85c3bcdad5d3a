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
    // The VPN service's own error shape ({ code, message }), as its API reference documents it.
    expect(response.json()).toEqual({ code: 'VPN.0001', message: expect.stringContaining('limit') });
  });

  it('refuses a marker without limit, and a marker that is no id of the list', async () => {
    const first = (await call('GET', `${LIST}?limit=1`)).json().vpn_connections[0].id;
    expect((await call('GET', `${LIST}?marker=${first}`)).json()).toMatchObject({ code: 'VPN.0001' });
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
    expect([missing.status, missing.json().code]).toEqual([404, 'VPN.0004']);
    const foreign = await call('GET', `/v5/${'f'.repeat(32)}/vpn-connection`);
    expect([foreign.status, foreign.json().code]).toEqual([403, 'VPN.0003']);
    // Off the API, the API gateway answers in its own shape.
    const nowhere = await call('GET', `/v5/${PROJECT}/vpn-servers`);
    expect([nowhere.status, nowhere.json().error_code, typeof nowhere.json().request_id]).toEqual([404, 'APIGW.0101', 'string']);
    const wrongMethod = await call('POST', LIST, { body: {} });
    expect(wrongMethod.status).toBe(404);
  });

  it("pairs a connection with an Azure link: vgw_ip names the EIP whose address is the Azure site link's, its customer gateway the Azure gateway's IP", async () => {
    const paired = sim.huawei.all().find((c) => c.pairedLinkId !== undefined)!;
    const link = sim.fleet.get(PAIRED_LINK, 'vwan')!;
    const shown = (await call('GET', `${LIST}/${paired.connectionId}`)).json().vpn_connection;
    // An EIP id, as Huawei renders a public gateway's connection; the address is on the gateway.
    expect(shown.vgw_ip).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(shown.eip_id).toBe(shown.vgw_ip);
    const gateway = (await call('GET', `/v5/${PROJECT}/vpn-gateways/${shown.vgw_id}`)).json().vpn_gateway;
    expect(gateway.eip1).toMatchObject({ id: shown.vgw_ip, ip_address: simSiteLinkAddress(link.siteLinkId) });
    const gateways = (await call('GET', `/v5/${PROJECT}/customer-gateways?limit=200`)).json();
    expect(gateways.total_count).toBe(6);
    const cgw = gateways.customer_gateways.find((g: { id: string }) => g.id === shown.cgw_id);
    expect(cgw).toMatchObject({ ip: simGatewayPublicIps(link.connection.gateway.id)[0], id_type: 'ip' });
  });

  it('lists the VPN gateways (ListVgws, unpaged) with name and eip1 / eip2, and shows one (ShowVgw)', async () => {
    const listed = await call('GET', `/v5/${PROJECT}/vpn-gateways`);
    expect(listed.status).toBe(200);
    const body = listed.json();
    // Two ordinary gateways (the fixture's default) and the paired connection's own gateway.
    expect(body.total_count).toBe(3);
    expect(body.vpn_gateways).toHaveLength(3);
    for (const gateway of body.vpn_gateways) {
      expect(gateway).toMatchObject({ id: expect.any(String), name: expect.stringMatching(/^vpngw-/), network_type: 'public', eip1: { id: expect.any(String), ip_address: expect.any(String) }, eip2: { id: expect.any(String), ip_address: expect.any(String) } });
    }
    // Every connection's vgw_ip is an EIP id of its gateway.
    const connections = (await call('GET', LIST)).json().vpn_connections as Array<{ vgw_id: string; vgw_ip: string }>;
    for (const c of connections) {
      const gateway = body.vpn_gateways.find((g: { id: string }) => g.id === c.vgw_id);
      expect([gateway.eip1.id, gateway.eip2.id]).toContain(c.vgw_ip);
    }
    const shown = await call('GET', `/v5/${PROJECT}/vpn-gateways/${body.vpn_gateways[0].id}`);
    expect(shown.json().vpn_gateway).toEqual(body.vpn_gateways[0]);
    const missing = await call('GET', `/v5/${PROJECT}/vpn-gateways/00000000-0000-4000-8000-000000000000`);
    expect([missing.status, missing.json()]).toEqual([404, { code: 'VPN.0004', message: expect.stringContaining('vpn gateway') }]);
  });

  it('answers ListConnectionIpsecSa with an SA and its counters while ACTIVE, none while DOWN', async () => {
    const target = sim.huawei.all()[1]!;
    const active = (await call('GET', `${LIST}/${target.connectionId}/ipsec-sa`)).json();
    expect(active.sa_infos).toEqual([
      { id: expect.any(String), source_ip_cidr: '192.168.0.0/16', dest_ip_cidr: expect.stringMatching(/^10\./), packets_sent: expect.any(Number), packets_recv: expect.any(Number), traffic_sent: expect.any(Number), traffic_recv: expect.any(Number), collected_at: expect.any(String) },
    ]);
    sim.setLinkState({ id: target.id, status: 'DOWN' });
    try {
      expect((await call('GET', `${LIST}/${target.connectionId}/ipsec-sa`)).json().sa_infos).toEqual([]);
    } finally {
      sim.setLinkState({ id: target.id, status: 'ACTIVE' });
    }
    expect((await call('GET', `${LIST}/00000000-0000-4000-8000-000000000000/ipsec-sa`)).status).toBe(404);
  });

  it('pages customer gateways with limit and marker too', async () => {
    const first = (await call('GET', `/v5/${PROJECT}/customer-gateways?limit=5`)).json();
    expect(first.page_info).toEqual({ next_marker: first.customer_gateways[4].id, current_count: 5 });
    const second = (await call('GET', `/v5/${PROJECT}/customer-gateways?limit=5&marker=${first.page_info.next_marker}`)).json();
    expect(second.page_info).toEqual({ current_count: 1 });
  });

  it('lists Huawei connections in /_sim/links with kind huawei, the tunnelwatch id, Huawei status, project, region, resets, vgwIp', async () => {
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
    // vgwIp as the API renders it: the EIP id.
    const rendered = (await call('GET', `${LIST}/${connection.connectionId}`)).json().vpn_connection;
    expect(views[0]!.vgwIp).toBe(rendered.vgw_ip);
  });
});
