import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TunnelwatchError } from '../../../src/core/errors';
import { createHuaweiVpnClient, type HuaweiVpnClientOptions } from '../../../src/adapters/huawei/huaweiVpnClient';
import { startHuaweiTestServer, TEST_AK, TEST_SK, type HuaweiTestServer } from './huaweiTestServer';

const ref = { region: 'ap-southeast-1', projectId: '0605767b5780d5762fc5c0118072a564' };
const base = `/v5/${ref.projectId}`;
let server: HuaweiTestServer;
let sleeps: number[];

beforeAll(async () => {
  server = await startHuaweiTestServer();
});
afterAll(() => server.close());
afterEach(() => {
  server.requests.length = 0;
});

function client(overrides: Partial<HuaweiVpnClientOptions> = {}) {
  sleeps = [];
  return createHuaweiVpnClient({
    endpoint: () => server.url,
    accessKey: TEST_AK,
    secretKey: TEST_SK,
    caPem: server.caPem,
    requestTimeoutMs: 2_000,
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    ...overrides,
  });
}

const connections = Array.from({ length: 5 }, (_, i) => ({ id: `c${i}`, name: `vpn-${i}`, status: 'ACTIVE', vgw_id: 'g1', psk: 'x' }));

/** Pages like Huawei: `limit` items after `marker`, next_marker = last id, absent on the last page. */
function paged(field: string, items: readonly { id: string }[], query: URLSearchParams, requestId = 'r'.repeat(32)) {
  const limit = Number(query.get('limit'));
  const marker = query.get('marker');
  const start = marker === null ? 0 : items.findIndex((c) => c.id === marker) + 1;
  const page = items.slice(start, start + limit);
  const more = start + limit < items.length;
  return { status: 200, body: { [field]: page, page_info: { current_count: page.length, ...(more && { next_marker: page.at(-1)!.id }) }, total_count: items.length, request_id: requestId } };
}

function thrown(promise: Promise<unknown>): Promise<TunnelwatchError> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e as TunnelwatchError,
  );
}

describe('createHuaweiVpnClient', () => {
  it('when a project has 5 connections and pages hold 2, then it reads 3 signed pages following next_marker', async () => {
    server.answer((r) => paged('vpn_connections', connections, r.query));
    const c = client({ pageSize: 2 });
    const items = await c.listConnections(ref);
    expect(items.map((i) => (i as { id: string }).id)).toEqual(['c0', 'c1', 'c2', 'c3', 'c4']);
    expect(server.requests.map((r) => [r.path, r.query.get('limit'), r.query.get('marker')])).toEqual([
      [`${base}/vpn-connection`, '2', null],
      [`${base}/vpn-connection`, '2', 'c1'],
      [`${base}/vpn-connection`, '2', 'c3'],
    ]);
    // The server verified every signature (a bad one answers 401); the project header is sent and signed.
    for (const r of server.requests) {
      expect(r.headers['x-project-id']).toBe(ref.projectId);
      expect(String(r.headers.authorization)).toMatch(/^SDK-HMAC-SHA256 Access=TESTAK0123456789, SignedHeaders=content-type;host;x-project-id;x-sdk-date, Signature=[0-9a-f]{64}$/);
    }
    expect(c.requestCounts()).toEqual({ Huawei_ListVpnConnections: 3 });
  });

  it('passes a VPN gateway filter as vgw_id', async () => {
    server.answer((r) => paged('vpn_connections', connections, r.query));
    await client().listConnections(ref, { vgwId: 'g1' });
    expect(server.requests[0]!.query.get('vgw_id')).toBe('g1');
    expect(server.requests[0]!.query.get('limit')).toBe('200');
  });

  it('maps customer gateways to their IPs and names over all pages', async () => {
    const gateways = [
      { id: 'cgw-1', name: 'a', id_type: 'ip', id_value: '203.0.113.7' },
      { id: 'cgw-2', name: 'b', id_type: 'ip', id_value: '203.0.113.8' },
      { id: 'cgw-3', name: 'c', id_type: 'fqdn', id_value: 'peer.example' },
    ];
    server.answer((r) => paged('customer_gateways', gateways, r.query));
    const { ips, names } = await client({ pageSize: 2 }).listCustomerGateways(ref);
    expect(Object.fromEntries(ips)).toEqual({ 'cgw-1': '203.0.113.7', 'cgw-2': '203.0.113.8' });
    expect(Object.fromEntries(names)).toEqual({ 'cgw-1': 'a', 'cgw-2': 'b', 'cgw-3': 'c' });
    expect(server.requests.every((r) => r.path === `${base}/customer-gateways`)).toBe(true);
    expect(server.requests).toHaveLength(2);
  });

  it('reads the VPN gateways with one request without limit (ListVgws is unpaged), following a next_marker only if one comes', async () => {
    const gateways = [
      { id: 'g1', name: 'gw-1', eip1: { id: 'e1', ip_address: '198.51.100.1' }, eip2: { id: 'e2', ip_address: '198.51.100.2' } },
      { id: 'g2', name: 'gw-2', eip1: { id: 'e3', ip_address: '198.51.100.3' } },
    ];
    server.answer(() => ({ status: 200, body: { vpn_gateways: gateways, total_count: 2, request_id: 'r' } }));
    const read = await client().listVpnGateways(ref);
    expect([...read.keys()]).toEqual(['g1', 'g2']);
    expect(read.get('g1')).toEqual({ name: 'gw-1', eips: new Map([['e1', '198.51.100.1'], ['e2', '198.51.100.2']]) });
    expect(server.requests.map((r) => [r.path, r.query.get('limit')])).toEqual([[`${base}/vpn-gateways`, null]]);
    server.requests.length = 0;
    server.answer((r) => (r.query.get('marker') === null ? { status: 200, body: { vpn_gateways: [gateways[0]], page_info: { next_marker: 'g1' } } } : { status: 200, body: { vpn_gateways: [gateways[1]], page_info: {} } }));
    expect([...(await client().listVpnGateways(ref)).keys()]).toEqual(['g1', 'g2']);
    expect(server.requests.map((r) => [r.query.get('limit'), r.query.get('marker')])).toEqual([[null, null], ['200', 'g1']]);
  });

  it('reads a connection\'s IPsec SAs, undefined on 404, and fails on an answer without sa_infos', async () => {
    server.answer((r) =>
      r.path.endsWith('/c1/ipsec-sa') ? { status: 200, body: { sa_infos: [{ id: 'sa' }], request_id: 'r' } } : r.path.endsWith('/c2/ipsec-sa') ? { status: 200, body: {} } : { status: 404, body: { code: 'VPN.0004', message: 'resource not found' } },
    );
    const c = client();
    expect(await c.listIpsecSas(ref, 'c1')).toEqual([{ id: 'sa' }]);
    expect(await c.listIpsecSas(ref, 'gone')).toBeUndefined();
    expect((await thrown(c.listIpsecSas(ref, 'c2'))).code).toBe('HUAWEI.BAD_RESPONSE');
    expect(c.requestCounts()).toEqual({ Huawei_ListConnectionIpsecSa: 3 });
  });

  it('when a marker repeats, then the list fails instead of looping', async () => {
    server.answer(() => ({ status: 200, body: { vpn_connections: [{ id: 'c0' }], page_info: { next_marker: 'c0' } } }));
    const e = await thrown(client().listConnections(ref));
    expect(e.code).toBe('HUAWEI.BAD_RESPONSE');
    expect(server.requests).toHaveLength(2);
  });

  it('when a read is answered 429 with Retry-After, then it waits that long and reads again', async () => {
    let calls = 0;
    server.answer(() => (++calls === 1 ? { status: 429, headers: { 'retry-after': '3' }, body: { error_code: 'APIGW.0308', error_msg: 'The throttling threshold has been reached: policy user over ratelimit' } } : { status: 200, body: { vpn_connection: { id: 'c0', status: 'DOWN' } } }));
    const c = client();
    expect(await c.getConnection(ref, 'c0')).toEqual({ id: 'c0', status: 'DOWN' });
    expect(sleeps).toEqual([3000]);
    expect(c.throttles()).toBe(1);
    expect(c.requestCounts()).toEqual({ Huawei_ShowVpnConnection: 2 });
  });

  it('when reads stay throttled, then it gives up after the bounded retries with HUAWEI.THROTTLED', async () => {
    server.answer(() => ({ status: 429, body: { error_code: 'APIGW.0308', error_msg: 'The throttling threshold has been reached', request_id: 'q1' } }));
    const c = client({ maxThrottleRetries: 2 });
    const e = await thrown(c.getConnection(ref, 'c0'));
    expect(e.code).toBe('HUAWEI.THROTTLED');
    expect(e.transient).toBe(true);
    expect(e.message).toContain('APIGW.0308');
    expect(server.requests).toHaveLength(3);
    expect(sleeps).toEqual([5000, 5000]);
  });

  it('reads a missing connection as undefined', async () => {
    server.answer(() => ({ status: 404, body: { error_code: 'VPN.0001', error_msg: 'vpn connection not found' } }));
    expect(await client().getConnection(ref, 'gone')).toBeUndefined();
  });

  it.each([
    [401, 'HUAWEI.UNAUTHORIZED'],
    [403, 'HUAWEI.FORBIDDEN'],
    [500, 'HUAWEI.UNAVAILABLE'],
    [400, 'HUAWEI.BAD_RESPONSE'],
  ])('when a list is answered %i, then it fails with %s and a message without the key or body', async (status, code) => {
    server.answer(() => ({ status, body: { error_code: 'VPN.1234', error_msg: 'refused', request_id: 'q2', secret_field: 'do-not-echo' } }));
    const e = await thrown(client().listConnections(ref));
    expect(e.code).toBe(code);
    expect(e.message).toBe(`Huawei_ListVpnConnections: ${status} VPN.1234 refused`);
    expect(JSON.stringify({ m: e.message, d: e.details })).not.toMatch(/do-not-echo|test-secret-key/);
    expect(server.requests).toHaveLength(1);
  });

  it('when the secret key is wrong, then the gateway answers 401 and the error never carries the key', async () => {
    server.answer(() => ({ status: 200, body: { vpn_connections: [] } }));
    const e = await thrown(client({ secretKey: 'wrong-secret-key-value' }).listConnections(ref));
    expect(e.code).toBe('HUAWEI.UNAUTHORIZED');
    expect(e.message).toContain('APIGW.0301');
    expect(e.message).not.toContain('wrong-secret-key-value');
  });

  it.each([
    ['our own AK after ak:', `Get secretKey failed,ak:${TEST_AK},err:ak not exist`],
    ['another AK after ak:', 'Get secretKey failed,ak:QWERTYUIOP0987654321,err:ak not exist'],
    ['our own AK anywhere', `the access key ${TEST_AK} is disabled`],
  ])('when a 401 names %s, then the error keeps Huawei\'s code and text but not the key', async (_label, text) => {
    server.answer(() => ({ status: 401, body: { error_code: 'APIGW.0301', error_msg: `Incorrect IAM authentication information: ${text}`, request_id: 'q3' } }));
    for (const read of [client().listConnections(ref), client().getConnection(ref, 'c0')]) {
      const e = await thrown(read);
      expect(e.code).toBe('HUAWEI.UNAUTHORIZED');
      expect(e.message).toMatch(/^Huawei_\w+: 401 APIGW.0301 Incorrect IAM authentication information: .*\[redacted\]/);
      expect(JSON.stringify({ m: e.message, d: e.details })).not.toMatch(new RegExp(`${TEST_AK}|QWERTYUIOP0987654321`));
    }
    const reset = await client().resetConnection(ref, 'c0');
    expect(JSON.stringify(reset.body)).not.toMatch(new RegExp(`${TEST_AK}|QWERTYUIOP0987654321`));
  });

  it('when a 200 answer carries text like ak:, then the data is left as Huawei sent it', async () => {
    server.answer(() => ({ status: 200, body: { vpn_connection: { id: 'c0', name: 'ak:branch-7', status: 'ACTIVE' } } }));
    expect(await client().getConnection(ref, 'c0')).toMatchObject({ name: 'ak:branch-7' });
  });

  it('when Huawei does not answer in time, then the read fails with HUAWEI.TIMEOUT', async () => {
    server.answer(() => ({ status: 200, fault: 'hang' }));
    const e = await thrown(client({ requestTimeoutMs: 300 }).getConnection(ref, 'c0'));
    expect(e.code).toBe('HUAWEI.TIMEOUT');
  });

  it('when the answer is cut short mid-body, then the read fails with HUAWEI.UNAVAILABLE instead of hanging', async () => {
    server.answer(() => ({ status: 200, fault: 'cut' }));
    const e = await thrown(client({ requestTimeoutMs: 5_000 }).listConnections(ref));
    expect(e.code).toBe('HUAWEI.UNAVAILABLE');
  });

  it('trusts only the CA it is given: without the simulator certificate the TLS handshake fails', async () => {
    server.answer(() => ({ status: 200, body: { vpn_connections: [] } }));
    const e = await thrown(client({ caPem: undefined }).listConnections(ref));
    expect(e.code).toBe('HUAWEI.UNAVAILABLE');
    expect(server.requests).toHaveLength(0);
  });

  it('sends the reset POST once even when it is throttled', async () => {
    server.answer(() => ({ status: 429, headers: { 'retry-after': '5' }, body: { error_code: 'APIGW.0308', error_msg: 'throttled' } }));
    const c = client();
    const answer = await c.resetConnection(ref, 'c0');
    expect(answer.status).toBe(429);
    expect(answer.header('Retry-After')).toBe('5');
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`POST ${base}/vpn-connection/c0/reset`]);
    expect(sleeps).toEqual([]);
    expect(c.throttles()).toBe(1);
  });
});
