import { afterEach, describe, expect, it } from 'vitest';
import { SIM_HUAWEI_BUCKET, SIM_HUAWEI_SECRET_KEY, type SimulatorHandle } from '../../../src/simulator';
import { rawRequest } from '../simHttp';
import { huaweiCall } from './huaweiHttp';
import { PROJECT, startHuaweiSim } from './huaweiFixture';

const LIST = `/v5/${PROJECT}/vpn-connection`;
const roomy = { huaweiBucket: { burst: 1000, refillPerSecond: 1000 } };

describe('Huawei connections in the simulator: resets, scenarios, throttling, faults, control API', () => {
  let sim: SimulatorHandle;
  let clock: Awaited<ReturnType<typeof startHuaweiSim>>['clock'];
  const call = (method: string, path: string, options: Parameters<typeof huaweiCall>[3] = {}) =>
    huaweiCall(sim, method, path, { signedAt: clock.now(), ...options });
  const control = (method: string, path: string, body?: unknown) => rawRequest(sim, method, path, { body, authorization: null });
  const start = async (options = {}): Promise<void> => {
    ({ sim, clock } = await startHuaweiSim(options));
  };
  const first = () => sim.huawei.all()[0]!;
  const statusOf = async (connectionId: string): Promise<string> => (await call('GET', `${LIST}/${connectionId}`)).json().vpn_connection.status;

  afterEach(() => sim.stop());

  it('a stuck connection stays DOWN until a reset, which answers 200 { request_id }, is counted, reads PENDING_UPDATE ~10 s, and brings it back ACTIVE', async () => {
    await start(roomy);
    const target = first();
    expect((await control('POST', '/_sim/links/state', { id: target.id, scenario: 'stuck' })).json()).toMatchObject({ status: 'DOWN', scenario: 'stuck' });
    clock.advance(600_000);
    expect(await statusOf(target.connectionId)).toBe('DOWN');
    const reset = await call('POST', `${LIST}/${target.connectionId}/reset`);
    expect(reset.status).toBe(200);
    expect(reset.json()).toEqual({ request_id: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(await statusOf(target.connectionId)).toBe('PENDING_UPDATE');
    const again = await call('POST', `${LIST}/${target.connectionId}/reset`);
    expect(again.status).toBe(400);
    expect(again.json()).toMatchObject({ code: 'VPN.0001' });
    clock.advance(9_999);
    expect(await statusOf(target.connectionId)).toBe('PENDING_UPDATE');
    clock.advance(1);
    expect(await statusOf(target.connectionId)).toBe('ACTIVE');
    expect(sim.calls().resets).toEqual({ [target.id]: 1 });
    expect(sim.calls().byOperation).toMatchObject({ ResetVpnConnection: 2, ShowVpnConnection: 4 });
    expect(sim.listLinks().find((l) => l.id === target.id)).toMatchObject({ resets: 1, status: 'ACTIVE', scenario: 'none' });
  });

  it('recover-after and flap drive Huawei statuses through the shared tunnel state machine', async () => {
    await start(roomy);
    const [a, b] = sim.huawei.all() as [ReturnType<typeof first>, ReturnType<typeof first>];
    sim.setLinkState({ id: a.id, scenario: 'recover-after', seconds: 60 });
    sim.setLinkState({ id: b.id, scenario: 'flap', seconds: 30 });
    expect([await statusOf(a.connectionId), await statusOf(b.connectionId)]).toEqual(['DOWN', 'DOWN']);
    clock.advance(31_000);
    expect([await statusOf(a.connectionId), await statusOf(b.connectionId)]).toEqual(['DOWN', 'ACTIVE']);
    clock.advance(30_000);
    expect([await statusOf(a.connectionId), await statusOf(b.connectionId)]).toEqual(['ACTIVE', 'DOWN']);
  });

  it('reset-no-effect answers 200 and counts the reset but leaves the connection DOWN; reset-fails answers 500 VPN.0002', async () => {
    await start(roomy);
    const target = first();
    sim.setLinkState({ id: target.id, scenario: 'stuck' });
    sim.addFault({ kind: 'reset-no-effect', operation: 'ResetVpnConnection', count: 1 });
    expect((await call('POST', `${LIST}/${target.connectionId}/reset`)).status).toBe(200);
    clock.advance(60_000);
    expect(await statusOf(target.connectionId)).toBe('DOWN');
    sim.addFault({ kind: 'reset-fails', id: target.id, count: 1 });
    const failed = await call('POST', `${LIST}/${target.connectionId}/reset`);
    expect([failed.status, failed.json().code]).toEqual([500, 'VPN.0002']);
    expect(await statusOf(target.connectionId)).toBe('DOWN');
    expect(sim.calls().resets[target.id]).toBe(2);
  });

  it('holds FREEZED / PENDING_* / ERROR set from the control API; a held pending connection refuses a reset', async () => {
    await start(roomy);
    const target = first();
    for (const status of ['FREEZED', 'PENDING_UPDATE', 'ERROR', 'UNKNOWN', 'ACTIVE', 'DOWN']) {
      expect((await control('POST', '/_sim/links/state', { id: target.id, status })).json().status).toBe(status);
      expect(await statusOf(target.connectionId)).toBe(status);
    }
    sim.setLinkState({ id: target.id, status: 'PENDING_UPDATE' });
    const refused = await call('POST', `${LIST}/${target.connectionId}/reset`);
    expect([refused.status, refused.json().code]).toEqual([400, 'VPN.0001']);
    expect(sim.calls().resets[target.id]).toBeUndefined();
    const azureLink = sim.listLinks().find((l) => l.kind === 'vwan')!;
    expect((await control('POST', '/_sim/links/state', { id: azureLink.id, status: 'ACTIVE' })).status).toBe(400);
  });

  it(`throttles per project like Huawei's API gateway: by default ${SIM_HUAWEI_BUCKET.burst} at once, then 429 APIGW.0308 with Retry-After`, async () => {
    await start();
    const statuses: number[] = [];
    for (let i = 0; i <= SIM_HUAWEI_BUCKET.burst; i++) statuses.push((await call('GET', `${LIST}?limit=1`)).status);
    expect(statuses).toEqual([...Array(SIM_HUAWEI_BUCKET.burst).fill(200), 429]);
    const refused = await call('GET', `${LIST}?limit=1`);
    expect(refused.status).toBe(429);
    expect(refused.json()).toEqual({ error_code: 'APIGW.0308', error_msg: expect.stringMatching(/^The throttling threshold has been reached/), request_id: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    clock.advance(Number(refused.headers['retry-after']) * 1000);
    expect((await call('GET', `${LIST}?limit=1`)).status).toBe(200);
    const unsigned = await call('GET', `${LIST}?limit=1`, { unsigned: true });
    expect(unsigned.status).toBe(401);
  });

  it('applies injected faults to Huawei paths: 500, 503 and 429 by operation, by connection id, and drops', async () => {
    await start({ ...roomy, retryAfterSeconds: 7 });
    const [a, b] = sim.huawei.all() as [ReturnType<typeof first>, ReturnType<typeof first>];
    sim.addFault({ kind: '500', operation: 'ListVpnConnections', count: 1 });
    const failed = await call('GET', LIST);
    expect([failed.status, failed.json()]).toEqual([500, { code: 'VPN.0002', message: expect.any(String) }]);
    expect((await call('GET', LIST)).status).toBe(200);
    sim.addFault({ kind: '503', id: b.id });
    expect((await call('GET', `${LIST}/${a.connectionId}`)).status).toBe(200);
    const unavailable = await call('GET', `${LIST}/${b.connectionId}`);
    expect([unavailable.status, unavailable.headers['retry-after']]).toEqual([503, '7']);
    sim.clearFaults();
    sim.addFault({ kind: '429', operation: 'ListCustomerGateways', count: 1 });
    const throttled = await call('GET', `/v5/${PROJECT}/customer-gateways`);
    expect([throttled.status, throttled.json().error_code, throttled.headers['retry-after']]).toEqual([429, 'APIGW.0308', '7']);
    sim.addFault({ kind: 'drop', operation: 'ShowVpnConnection', count: 1 });
    await expect(call('GET', `${LIST}/${a.connectionId}`)).rejects.toThrow();
    expect((await call('GET', `${LIST}/${a.connectionId}`)).status).toBe(200);
    expect((await control('POST', '/_sim/faults', { kind: '500', operation: 'ResetVpnConnection' })).status).toBe(200);
  });

  it('delays Huawei answers by an injected latency', async () => {
    await start(roomy);
    sim.addFault({ kind: 'latency', ms: 150, operation: 'ListVpnConnections', count: 1 });
    const started = Date.now();
    expect((await call('GET', LIST)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('tags a Huawei connection through POST /_sim/tags as Huawei lists them, and lists its SK among the secrets', async () => {
    await start(roomy);
    const target = first();
    const tagged = await control('POST', '/_sim/tags', { id: target.id, tags: { 'tunnelwatch-remediate': 'false' } });
    expect(tagged.status).toBe(204);
    expect((await call('GET', `${LIST}/${target.connectionId}`)).json().vpn_connection.tags).toEqual([{ key: 'tunnelwatch-remediate', value: 'false' }]);
    expect((await control('GET', '/_sim/secrets')).json()).toContain(SIM_HUAWEI_SECRET_KEY);
  });

  it('GET /_sim/fleet names the Huawei scopes and connections; GET /_sim/calls counts Huawei operations; POST /_sim/links/state takes Huawei ids', async () => {
    await start(roomy);
    const fleet = (await control('GET', '/_sim/fleet')).json();
    expect(fleet.huaweiScopes).toEqual([`ap-southeast-1:${PROJECT}`]);
    expect(fleet.huaweiConnections).toEqual(sim.huawei.all().map((c) => c.id));
    expect(fleet.links).toBe(sim.listLinks().length);
    await call('GET', `${LIST}?limit=1`);
    await call('GET', `/v5/${PROJECT}/customer-gateways`);
    expect((await control('GET', '/_sim/calls')).json().byOperation).toEqual({ ListVpnConnections: 1, ListCustomerGateways: 1 });
    const view = await control('POST', '/_sim/links/state', { id: first().id.toUpperCase(), scenario: 'recover-after', seconds: 5 });
    expect(view.json()).toMatchObject({ id: first().id, kind: 'huawei', status: 'DOWN', scenario: 'recover-after' });
  });

  it('POST /_sim/gateways/state takes a Huawei VPN gateway id: every connection on that vgw is DOWN until it is back', async () => {
    await start(roomy);
    const views = sim.listLinks().filter((l) => l.kind === 'huawei');
    const gatewayId = views[0]!.gatewayId;
    const onIt = views.filter((l) => l.gatewayId === gatewayId).map((l) => l.id);
    expect(onIt.length).toBeGreaterThan(1);
    expect(onIt.length).toBeLessThan(views.length);
    expect((await control('POST', '/_sim/gateways/state', { id: gatewayId, status: 'NotConnected' })).status).toBe(204);
    const down = sim.listLinks().filter((l) => l.kind === 'huawei' && l.status === 'DOWN').map((l) => l.id);
    expect(down).toEqual(onIt);
    sim.setGatewayState({ id: gatewayId, status: 'Connected' });
    expect(sim.listLinks().filter((l) => l.kind === 'huawei').every((l) => l.status === 'ACTIVE')).toBe(true);
    expect((await control('POST', '/_sim/gateways/state', { id: `${gatewayId}0`, status: 'Connected' })).status).toBe(400);
  });
});

describe('Huawei busy answers and IAM in the simulator', () => {
  let sim: SimulatorHandle;
  let clock: Awaited<ReturnType<typeof startHuaweiSim>>['clock'];
  const call = (method: string, path: string) => huaweiCall(sim, method, path, { signedAt: clock.now() });
  const control = (method: string, path: string, body?: unknown) => rawRequest(sim, method, path, { body, authorization: null });

  afterEach(() => sim.stop());

  it('answers the busy fault as Huawei documents it: 400 VPN.0031 on a reset (not performed, not counted), 400 VPN.0030 elsewhere', async () => {
    ({ sim, clock } = await startHuaweiSim(roomy));
    const target = sim.huawei.all()[0]!;
    sim.setLinkState({ id: target.id, status: 'DOWN' });
    expect((await control('POST', '/_sim/faults', { kind: 'busy', operation: 'ResetVpnConnection', count: 1 })).status).toBe(200);
    const busy = await call('POST', `${LIST}/${target.connectionId}/reset`);
    expect([busy.status, busy.json()]).toEqual([400, { code: 'VPN.0031', message: 'Repeated operation.' }]);
    expect(sim.calls().resets[target.id]).toBeUndefined();
    expect((await call('POST', `${LIST}/${target.connectionId}/reset`)).status).toBe(200);
    expect(sim.calls().resets[target.id]).toBe(1);
    sim.addFault({ kind: 'busy', operation: 'ListVpnConnections', count: 1 });
    const list = await call('GET', LIST);
    expect([list.status, list.json()]).toEqual([400, { code: 'VPN.0030', message: 'The system is busy, please try later.' }]);
  });

  it('withholds IAM actions through PUT /_sim/huawei/iam: those calls are answered 403 VPN.0003, the others still work', async () => {
    ({ sim, clock } = await startHuaweiSim(roomy));
    const set = await control('PUT', '/_sim/huawei/iam', { withhold: ['vpn:vpnGateways:list'] });
    expect([set.status, set.json()]).toEqual([200, { withheld: ['vpn:vpnGateways:list'] }]);
    const refused = await call('GET', `/v5/${PROJECT}/vpn-gateways`);
    expect([refused.status, refused.json()]).toEqual([403, { code: 'VPN.0003', message: "Authentication failed: Policy doesn't allow vpn:vpnGateways:list to be performed." }]);
    expect((await call('GET', LIST)).status).toBe(200);
    expect((await control('PUT', '/_sim/huawei/iam', { withhold: ['vpn:nothing:list'] })).status).toBe(400);
    expect((await control('PUT', '/_sim/huawei/iam', { withhold: 'vpn:vpnGateways:list' })).status).toBe(400);
    expect((await control('DELETE', '/_sim/huawei/iam')).status).toBe(204);
    expect((await call('GET', `/v5/${PROJECT}/vpn-gateways`)).status).toBe(200);
  });
});
