import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHuaweiProvider } from '../../../src/adapters/huawei/huaweiProvider';
import type { LinkTopology } from '../../../src/core/snapshot/linkSnapshot';
import type { WatchScope } from '../../../src/core/scope';
import { startHuaweiTestServer, TEST_AK, TEST_SK, type HuaweiTestServer, type ScriptedAnswer, type SeenRequest } from './huaweiTestServer';

const NOW = Date.parse('2026-11-26T18:00:00Z');
const project = '0605767b5780d5762fc5c0118072a564';
const scope = `/huawei/regions/ap-southeast-1/projects/${project}`;
const linkId = (id: string): string => `${scope}/vpnconnections/${id}`;
// The endpoint template's {region} lands in the path here (one local server); in Huawei Cloud it is in the host name.
const base = `/ap-southeast-1/v5/${project}`;
let server: HuaweiTestServer;

beforeAll(async () => {
  server = await startHuaweiTestServer();
});
afterAll(() => server.close());
afterEach(() => {
  server.requests.length = 0;
});

const provider = () =>
  createHuaweiProvider({
    endpoint: `${server.url}/{region}/`,
    accessKey: TEST_AK,
    secretKey: TEST_SK,
    caPem: server.caPem,
    downStatuses: ['DOWN'],
    requestTimeoutMs: 1000,
    now: () => NOW,
  });

// As Huawei documents a public gateway's connection: vgw_ip is the id of one of the gateway's EIPs, not an address.
const connection = (id: string, status: string, vgw = 'vgw-1', eip = `${vgw}-eip1`) => ({ id, name: `vpn-${id}`, status, vgw_id: vgw, vgw_ip: eip, cgw_id: 'cgw-1', psk: 'secret-psk', tags: [{ key: 'tunnelwatch-remediate', value: 'false' }] });
const fleet = [connection('c1', 'ACTIVE'), connection('c2', 'DOWN', 'vgw-1', 'vgw-1-eip2'), connection('c3', 'ERROR', 'vgw-2')];
/** ListVgws items as ResponseVpnGateway documents them (eip1 / eip2 with id and ip_address; more fields not read). */
const vpnGateways = [
  { id: 'vgw-1', name: 'vpngw-singapore', network_type: 'public', ha_mode: 'active-active', eip1: { id: 'vgw-1-eip1', ip_address: '198.51.100.20', type: '5_bgp' }, eip2: { id: 'vgw-1-eip2', ip_address: '198.51.100.21' } },
  { id: 'vgw-2', name: 'vpngw-backup', network_type: 'public', eip1: { id: 'vgw-2-eip1', ip_address: '198.51.100.30' } },
];
/** ListConnectionIpsecSa's sa_infos as SaInfo documents them, plus a field tunnelwatch must not keep. */
const ipsecSas = [{ id: 'sa-1', source_ip_cidr: '10.0.0.0/24', dest_ip_cidr: '10.1.0.0/24', packets_sent: 12, packets_recv: 10, traffic_sent: 3400, traffic_recv: 2900, collected_at: '2026-11-26T17:59:00Z', psk: 'secret-psk' }];

/** A project with `fleet`, one customer gateway, and `reset` answering the reset POST. */
function huawei(reset: ScriptedAnswer = { status: 200, body: { request_id: 'f91082d46d49479cad1d4e552a9f5cae' } }) {
  return (r: SeenRequest): ScriptedAnswer => {
    if (r.method === 'POST') return reset;
    if (r.path === `${base}/customer-gateways`) return { status: 200, body: { customer_gateways: [{ id: 'cgw-1', name: 'azure', id_type: 'ip', id_value: '203.0.113.7' }], page_info: {} } };
    if (r.path === `${base}/vpn-gateways`) return { status: 200, body: { vpn_gateways: vpnGateways, total_count: vpnGateways.length, request_id: 'r1' } };
    if (r.path === `${base}/vpn-connection/c2/ipsec-sa`) return { status: 200, body: { sa_infos: ipsecSas, request_id: 'r2' } };
    if (r.path.endsWith('/ipsec-sa')) return { status: 404, body: { error_code: 'APIGW.0101', error_msg: 'The API does not exist or has not been published in the environment' } };
    if (r.path === `${base}/vpn-connection`) {
      const vgw = r.query.get('vgw_id');
      return { status: 200, body: { vpn_connections: fleet.filter((c) => vgw === null || c.vgw_id === vgw), page_info: {} } };
    }
    const one = fleet.find((c) => r.path === `${base}/vpn-connection/${c.id}`);
    if (r.path.endsWith('/c-forbidden')) return { status: 403, body: { error_code: 'VPN.0403', error_msg: 'not allowed' } };
    return one ? { status: 200, body: { vpn_connection: one } } : { status: 404, body: { error_code: 'VPN.0001', error_msg: 'not found' } };
  };
}

describe('createHuaweiProvider: fleet', () => {
  it('owns Huawei ids only', () => {
    const p = provider();
    expect(p.name).toBe('huawei');
    expect(p.owns(linkId('c1'))).toBe(true);
    expect(p.owns('/subscriptions/00000000-0000-0000-0000-000000000000')).toBe(false);
  });

  it('discovers one project target per Huawei scope without a request, ignoring other scopes', async () => {
    const scopes = [{ id: scope }, { id: `${scope}/vpnGateways/vgw-1` }, { id: '/subscriptions/s1', kind: 'subscription', subscriptionId: 's1' }] as unknown as WatchScope[];
    const { targets, failures } = await provider().fleet.discover(scopes);
    expect(targets).toEqual([{ kind: 'huaweiProject', id: scope, subscriptionId: project, resourceGroup: 'ap-southeast-1' }]);
    expect(failures).toEqual([]);
    expect(server.requests).toHaveLength(0);
  });

  it('lists every connection of a project with its status, the customer gateway IP and the address of its vgw_ip EIP', async () => {
    server.answer(huawei());
    const p = provider();
    const { observations } = await p.fleet.listTarget({ kind: 'huaweiProject', id: scope, subscriptionId: project, resourceGroup: 'ap-southeast-1' });
    expect(observations.map((o) => [o.topology.id, o.status, o.providerStatus, o.provisioningState, o.topology.remoteAddress, o.topology.localAddresses, o.topology.gatewayName])).toEqual([
      [linkId('c1'), 'Connected', 'ACTIVE', 'Succeeded', '203.0.113.7', ['198.51.100.20'], 'vpngw-singapore'],
      // On the gateway's second EIP: that address only.
      [linkId('c2'), 'NotConnected', 'DOWN', 'Succeeded', '203.0.113.7', ['198.51.100.21'], 'vpngw-singapore'],
      // ERROR is a failed provisioning: not connected, provisioningState Failed (escalated, never reset).
      [linkId('c3'), 'NotConnected', 'ERROR', 'Failed', '203.0.113.7', ['198.51.100.30'], 'vpngw-backup'],
    ]);
    expect(JSON.stringify(observations)).not.toContain('secret-psk');
    expect(p.fleet.requestCounts()).toEqual({ Huawei_ListVpnConnections: 1, Huawei_ListCustomerGateways: 1, Huawei_ListVpnGateways: 1 });
    // ListVgws is documented without paging: read once, without limit.
    expect(server.requests.find((r) => r.path === `${base}/vpn-gateways`)?.query.has('limit')).toBe(false);
    expect(p.fleet.throttles?.()).toBe(0);
  });

  it('when the project cannot be read, then listTarget throws its HUAWEI code for the cycle to record', async () => {
    server.answer(() => ({ status: 403, body: { error_code: 'VPN.0403', error_msg: 'no vpn:vpnConnections:list' } }));
    await expect(provider().fleet.listTarget({ kind: 'huaweiProject', id: scope, subscriptionId: project, resourceGroup: 'ap-southeast-1' })).rejects.toMatchObject({ code: 'HUAWEI.FORBIDDEN' });
  });

  it.each<[number, string | undefined]>([
    [403, undefined],
    [500, 'HUAWEI.UNAVAILABLE'],
  ])('when the customer gateways are answered %i, then links lose only their remote address on 403 and the target fails otherwise', async (status, failure) => {
    const answer = huawei();
    server.answer((r) => (r.path === `${base}/customer-gateways` ? { status, body: { error_code: 'VPN.9', error_msg: 'no' } } : answer(r)));
    const read = provider().fleet.listTarget({ kind: 'huaweiProject', id: scope, subscriptionId: project, resourceGroup: 'ap-southeast-1' });
    if (failure) return expect(read).rejects.toMatchObject({ code: failure });
    const { observations } = await read;
    expect(observations.map((o) => [o.topology.id, o.topology.remoteAddress])).toEqual([linkId('c1'), linkId('c2'), linkId('c3')].map((id) => [id, undefined]));
  });

  it.each<[number, string | undefined]>([
    [403, undefined],
    [503, 'HUAWEI.UNAVAILABLE'],
  ])('when the VPN gateways are answered %i, then links lose only their local address and name on 403 and the target fails otherwise', async (status, failure) => {
    const answer = huawei();
    server.answer((r) => (r.path === `${base}/vpn-gateways` ? { status, body: { error_code: 'VPN.0003', error_msg: 'Authentication failed: vpn:vpnGateways:list' } } : answer(r)));
    const read = provider().fleet.listTarget({ kind: 'huaweiProject', id: scope, subscriptionId: project, resourceGroup: 'ap-southeast-1' });
    if (failure) return expect(read).rejects.toMatchObject({ code: failure });
    const { observations } = await read;
    expect(observations.map((o) => [o.status, o.topology.localAddresses, o.topology.gatewayName, o.topology.remoteAddress])).toEqual([
      ['Connected', undefined, undefined, '203.0.113.7'],
      ['NotConnected', undefined, undefined, '203.0.113.7'],
      ['NotConnected', undefined, undefined, '203.0.113.7'],
    ]);
  });

  it('reads statuses by GET and reports failures by code', async () => {
    server.answer(huawei());
    const links = ['c2', 'gone', 'c-forbidden'].map((id) => ({ id: linkId(id) }) as LinkTopology);
    expect(await provider().fleet.readStatuses(links)).toEqual([
      { id: linkId('c2'), status: 'NotConnected' },
      { id: linkId('gone'), code: 'HUAWEI.NOT_FOUND' },
      { id: linkId('c-forbidden'), code: 'HUAWEI.FORBIDDEN' },
    ]);
  });
});

describe('createHuaweiProvider: actions', () => {
  it('reads one link fresh as a snapshot polled now, and a missing one as undefined', async () => {
    server.answer(huawei());
    const { actions } = provider();
    const snapshot = await actions.readLink(linkId('c2'));
    expect(snapshot).toMatchObject({ id: linkId('c2'), kind: 'huawei', status: 'NotConnected', providerStatus: 'DOWN', remoteAddress: '203.0.113.7', localAddresses: ['198.51.100.21'], gatewayName: 'vpngw-singapore', ingressBytes: '0', polledAt: new Date(NOW).toISOString() });
    expect(await actions.readLink(linkId('gone'))).toBeUndefined();
  });

  it("reads a VPN gateway's links only", async () => {
    server.answer(huawei());
    const links = await provider().actions.readGatewayLinks(`${scope}/vpngateways/vgw-1`);
    expect(links.map((l) => l.id)).toEqual([linkId('c1'), linkId('c2')]);
    expect(server.requests.find((r) => r.path === `${base}/vpn-connection`)?.query.get('vgw_id')).toBe('vgw-1');
  });

  it('reads a gateway as Updating while Huawei changes one of its connections, else Succeeded', async () => {
    server.answer(huawei());
    const { actions } = provider();
    expect(await actions.readGatewayProvisioningState(`${scope}/vpngateways/vgw-1`)).toBe('Succeeded');
    expect(await actions.readGatewayProvisioningState(`${scope}/vpngateways/vgw-none`)).toBeUndefined();
    // vgw-2 has only the ERROR connection: a failed sibling is no change in progress on the gateway.
    expect(await actions.readGatewayProvisioningState(`${scope}/vpngateways/vgw-2`)).toBe('Succeeded');
    fleet.push(connection('c4', 'PENDING_UPDATE'));
    try {
      expect(await actions.readGatewayProvisioningState(`${scope}/vpngateways/vgw-1`)).toBe('Updating');
      expect((await actions.readLink(linkId('c4')))?.provisioningState).toBe('Updating');
    } finally {
      fleet.pop();
    }
    server.requests.length = 0;
    // Asked together (as remediation does), the links and the state come from one list of the gateway.
    const [links, state] = await Promise.all([actions.readGatewayLinks(`${scope}/vpngateways/vgw-1`), actions.readGatewayProvisioningState(`${scope}/vpngateways/vgw-1`)]);
    expect([links.length, state]).toEqual([2, 'Succeeded']);
    expect(server.requests.filter((r) => r.path === `${base}/vpn-connection`)).toHaveLength(1);
  });

  it('reads the IPsec SAs as evidence, allow-listed, with one GET', async () => {
    server.answer(huawei());
    const evidence = await provider().actions.getIkeSas(linkId('c2'), 1000);
    expect(evidence).toEqual({
      outcome: 'collected',
      summary:
        'ipsec-sa: 1 SA [{"id":"sa-1","source_ip_cidr":"10.0.0.0/24","dest_ip_cidr":"10.1.0.0/24","packets_sent":12,"packets_recv":10,"traffic_sent":3400,"traffic_recv":2900,"collected_at":"2026-11-26T17:59:00Z"}]',
    });
    expect(JSON.stringify(evidence)).not.toContain('secret-psk');
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET ${base}/vpn-connection/c2/ipsec-sa`]);
  });

  it.each<[string, ScriptedAnswer | undefined, string]>([
    ['404 (a region without the read)', undefined, 'no evidence (HUAWEI.NOT_FOUND: no ipsec-sa read for this connection or region)'],
    ['403', { status: 403, body: { code: 'VPN.0003', message: 'Authentication failed: not allowed' } }, 'no evidence (HUAWEI.FORBIDDEN)'],
    ['500', { status: 500, body: { code: 'VPN.0002', message: 'server error' } }, 'no evidence (HUAWEI.UNAVAILABLE)'],
    ['200 without sa_infos', { status: 200, body: { request_id: 'r' } }, 'no evidence (HUAWEI.BAD_RESPONSE)'],
  ])('when the IPsec SA read is answered %s, then it is no evidence, never a failure', async (_, answer, expected) => {
    const base_ = huawei();
    server.answer((r) => (answer !== undefined && r.path.endsWith('/ipsec-sa') ? answer : base_(r)));
    await expect(provider().actions.getIkeSas(linkId('c1'), 1000)).resolves.toEqual({ outcome: 'unavailable', reason: expected });
  });

  it.each<[string, ScriptedAnswer, object]>([
    ['200', { status: 200, body: { request_id: 'f91082d46d49479cad1d4e552a9f5cae' } }, { outcome: 'accepted', operationToken: `${linkId('c2')}/resets/f91082d46d49479cad1d4e552a9f5cae`, done: true }],
    ['429 + Retry-After', { status: 429, headers: { 'retry-after': '7' }, body: { error_code: 'APIGW.0308', error_msg: 'The throttling threshold has been reached' } }, { outcome: 'refused', code: 'HUAWEI.THROTTLED', busy: true, retryAfterMs: 7000 }],
    ['409', { status: 409, body: { error_code: 'VPN.0409', error_msg: 'connection is being updated' } }, { outcome: 'refused', code: 'HUAWEI.BUSY', busy: true }],
    ['400', { status: 400, body: { error_code: 'VPN.0400', error_msg: 'bad request' } }, { outcome: 'refused', code: 'HUAWEI.BAD_RESPONSE', busy: false }],
    // Huawei's documented busy answers, in the VPN service's { code, message } shape.
    ['400 VPN.0030 (system busy)', { status: 400, body: { code: 'VPN.0030', message: 'The system is busy, please try later.' } }, { outcome: 'refused', code: 'HUAWEI.BUSY', busy: true }],
    ['400 VPN.0031 (repeated operation)', { status: 400, body: { code: 'VPN.0031', message: 'Repeated operation.' } }, { outcome: 'refused', code: 'HUAWEI.BUSY', busy: true }],
    ['400 VPN.0001 (invalid request)', { status: 400, body: { code: 'VPN.0001', message: 'invalid request: status' } }, { outcome: 'refused', code: 'HUAWEI.BAD_RESPONSE', busy: false }],
    ['403', { status: 403, body: { error_code: 'VPN.0403', error_msg: 'no vpn:vpnConnections:reset' } }, { outcome: 'refused', code: 'HUAWEI.FORBIDDEN', busy: false }],
    ['500', { status: 500, body: { error_code: 'VPN.0500', error_msg: 'internal' } }, { outcome: 'unknown', code: 'HUAWEI.UNAVAILABLE' }],
    ['503', { status: 503 }, { outcome: 'unknown', code: 'HUAWEI.UNAVAILABLE' }],
    ['a dropped connection', { status: 0, fault: 'drop' }, { outcome: 'unknown', code: 'HUAWEI.UNAVAILABLE' }],
    ['no answer in time', { status: 0, fault: 'hang' }, { outcome: 'unknown', code: 'HUAWEI.TIMEOUT' }],
  ])('when the reset POST is answered %s, then the start says what Huawei answered and the POST was sent once', async (_, answer, expected) => {
    server.answer(huawei(answer));
    const start = await provider().actions.startReset(linkId('c2'));
    expect(start).toMatchObject(expected);
    if (start.outcome === 'refused' && !('retryAfterMs' in expected)) expect(start.retryAfterMs).toBeUndefined();
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`POST ${base}/vpn-connection/c2/reset`]);
  });

  it('refuses a reset of an id that is not a Huawei connection, or with an unusable endpoint, without sending anything', async () => {
    expect(await provider().actions.startReset(`${scope}/vpngateways/vgw-1`)).toMatchObject({ outcome: 'refused', code: 'LINK.NOT_FOUND', busy: false });
    const misconfigured = createHuaweiProvider({ endpoint: 'vpn.{region}.example', accessKey: TEST_AK, secretKey: TEST_SK, downStatuses: ['DOWN'] });
    expect(await misconfigured.actions.startReset(linkId('c2'))).toMatchObject({ outcome: 'refused', code: 'CONFIG.INVALID', busy: false });
    expect(server.requests).toHaveLength(0);
  });

  it('tracks an accepted reset as succeeded without a request (Huawei resets synchronously)', async () => {
    const p = provider();
    expect(p.owns(`${linkId('c2')}/resets/f91082d4`)).toBe(true);
    expect(await p.actions.trackReset(`${linkId('c2')}/resets/f91082d4`, 60_000)).toEqual({ state: 'succeeded' });
    await expect(p.actions.trackReset('eyJsaW5rSWQiOiJ4In0', 60_000)).rejects.toMatchObject({ code: 'REQUEST.INVALID' });
    expect(server.requests).toHaveLength(0);
  });
});

describe('createHuaweiProvider: permissions (doctor)', () => {
  const withScopes = () =>
    createHuaweiProvider({ endpoint: `${server.url}/{region}/`, accessKey: TEST_AK, secretKey: TEST_SK, caPem: server.caPem, downStatuses: ['DOWN'], requestTimeoutMs: 1000, scopes: [{ region: 'ap-southeast-1', projectId: project }] });

  it('tries each read once and names the actions answered 403; the reset is never sent', async () => {
    const answer = huawei();
    server.answer((r) => (r.path === `${base}/vpn-gateways` || r.path === `${base}/vpn-connection/c1` ? { status: 403, body: { code: 'VPN.0003', message: 'Authentication failed' } } : answer(r)));
    const [report] = await withScopes().checkPermissions!();
    expect(report).toEqual({ scope, ok: false, missing: ['vpn:vpnConnections:get', 'vpn:vpnGateways:list'], canMonitor: false, canRemediate: false, statusReadScope: scope });
    expect(server.requests.some((r) => r.method === 'POST')).toBe(false);
  });

  it('when a read fails otherwise (503), then the scope is unreadable with the code, not missing anything on a guess', async () => {
    const answer = huawei();
    server.answer((r) => (r.path === `${base}/customer-gateways` ? { status: 503, body: { error_code: 'APIGW.0201', error_msg: 'Backend unavailable' } } : answer(r)));
    const [report] = await withScopes().checkPermissions!();
    expect(report).toMatchObject({ scope, ok: false, missing: [], canMonitor: true, canRemediate: true, error: { code: 'HUAWEI.UNAVAILABLE' } });
  });
});
