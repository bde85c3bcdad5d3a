import { afterEach, describe, expect, it } from 'vitest';
import type { SimulatorHandle } from '../../../src/simulator';
import { rawRequest } from '../simHttp';
import { huaweiCall } from './huaweiHttp';
import { PROJECT, REGION, startHuaweiSim } from './huaweiFixture';

const LIST = `/v5/${PROJECT}/vpn-connection`;

describe('Huawei active-standby pairs and the reset aftermath in the simulator', () => {
  let sim: SimulatorHandle;
  let clock: Awaited<ReturnType<typeof startHuaweiSim>>['clock'];
  const call = (method: string, path: string) => huaweiCall(sim, method, path, { signedAt: clock.now() });
  const control = (method: string, path: string, body?: unknown) => rawRequest(sim, method, path, { body, authorization: null });
  afterEach(() => sim.stop());

  it('renders ha_role; the standby of a pair is DOWN while its active partner is ACTIVE; /_sim/links names the partner', async () => {
    ({ sim, clock } = await startHuaweiSim({ huawei: { projects: [{ region: REGION, projectId: PROJECT, connections: 2, activeStandbyPairs: 1 }] } }));
    const listed = (await call('GET', LIST)).json().vpn_connections as Array<{ id: string; name: string; status: string; ha_role: string; vgw_id: string; cgw_id: string }>;
    const active = listed.find((c) => c.name === 'vpnconn-as-00-active')!;
    const standby = listed.find((c) => c.name === 'vpnconn-as-00-standby')!;
    expect(active).toMatchObject({ ha_role: 'master', status: 'ACTIVE' });
    expect(standby).toMatchObject({ ha_role: 'slave', status: 'DOWN', vgw_id: active.vgw_id, cgw_id: active.cgw_id });
    expect(listed.filter((c) => c.name.startsWith('vpnconn-0')).every((c) => c.ha_role === 'master')).toBe(true);
    const links = (await control('GET', '/_sim/links')).json<Array<{ connectionId?: string; id: string; haRole?: string; partnerId?: string }>>();
    const activeView = links.find((l) => l.connectionId === active.id)!;
    const standbyView = links.find((l) => l.connectionId === standby.id)!;
    expect(activeView).toMatchObject({ haRole: 'master', partnerId: standbyView.id });
    expect(standbyView).toMatchObject({ haRole: 'slave', partnerId: activeView.id });
    expect(links.filter((l) => l.partnerId !== undefined)).toHaveLength(2);
  });

  it('POST /_sim/links/state sets haRole (and only on Huawei connections, only master or slave)', async () => {
    ({ sim, clock } = await startHuaweiSim());
    const target = sim.huawei.all()[0]!;
    expect((await control('POST', '/_sim/links/state', { id: target.id, haRole: 'slave' })).json()).toMatchObject({ haRole: 'slave' });
    expect((await call('GET', `${LIST}/${target.connectionId}`)).json().vpn_connection.ha_role).toBe('slave');
    expect((await control('POST', '/_sim/links/state', { id: target.id, haRole: 'backup' })).status).toBe(400);
    const azure = sim.listLinks().find((l) => l.kind === 'vwan')!;
    expect((await control('POST', '/_sim/links/state', { id: azure.id, haRole: 'master' })).status).toBe(400);
  });

  it('huaweiResetPendingMs sets how long a reset reads PENDING_UPDATE (a reset-no-effect reset then reads DOWN)', async () => {
    ({ sim, clock } = await startHuaweiSim({ huaweiResetPendingMs: 30_000 }));
    const target = sim.huawei.all()[0]!;
    sim.setLinkState({ id: target.id, scenario: 'stuck' });
    sim.addFault({ kind: 'reset-no-effect', operation: 'ResetVpnConnection', count: 1 });
    expect((await call('POST', `${LIST}/${target.connectionId}/reset`)).status).toBe(200);
    clock.advance(29_000);
    expect(sim.listLinks().find((l) => l.id === target.id)?.status).toBe('PENDING_UPDATE');
    clock.advance(1_000);
    expect(sim.listLinks().find((l) => l.id === target.id)?.status).toBe('DOWN');
  });
});
