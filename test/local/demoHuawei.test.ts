import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { huaweiScopeId } from '../../src/core/huawei/huaweiId';
import { DEMO_FLEET_SPEC, DEMO_HUAWEI_PROJECT_ID, DEMO_HUAWEI_REGION, DEMO_HUAWEI_SCOPE, demoHuaweiFleet, stageDemoScenarios, type DemoLinks } from '../../src/local/stack/demoFleet';
import { startSimulator, type SimulatorHandle } from '../../src/simulator';
import { simGatewayPublicIps, simSiteLinkAddress } from '../../src/simulator/simAddresses';

describe('the npm start demo fleet with Huawei connections', () => {
  let sim: SimulatorHandle;
  let demo: DemoLinks;

  beforeAll(async () => {
    sim = await startSimulator({ fleet: DEMO_FLEET_SPEC, huawei: demoHuaweiFleet(DEMO_FLEET_SPEC) });
    demo = stageDemoScenarios(sim);
  });
  afterAll(() => sim.stop());

  it('has six Huawei connections in one project: one stuck until reset, one paired with a healthy Azure demo link, an active-standby pair', () => {
    const huawei = sim.listLinks().filter((l) => l.kind === 'huawei');
    expect(huawei).toHaveLength(6);
    expect(new Set(huawei.map((l) => `${l.region}:${l.projectId}`))).toEqual(new Set([DEMO_HUAWEI_SCOPE]));
    expect(huawei.every((l) => l.id.startsWith(huaweiScopeId({ region: DEMO_HUAWEI_REGION, projectId: DEMO_HUAWEI_PROJECT_ID })))).toBe(true);
    expect(huawei.find((l) => l.id === demo.stuckHuaweiConnectionId)).toMatchObject({ status: 'DOWN', scenario: 'stuck' });
    expect(demo.pairedAzureLinkId).toBeDefined();
    expect([demo.stuckLinkId, demo.flappingLinkId]).not.toContain(demo.pairedAzureLinkId);
    const azure = sim.listLinks().find((l) => l.id === demo.pairedAzureLinkId);
    expect(azure).toMatchObject({ kind: 'vwan', status: 'Connected', mode: 'Default' });
  });

  it('the active-standby pair: the standby (ha_role slave) DOWN while its active partner (master) is ACTIVE, each naming the other', () => {
    const huawei = sim.listLinks().filter((l) => l.kind === 'huawei');
    const standby = huawei.filter((l) => l.haRole === 'slave');
    expect(standby).toHaveLength(1);
    const active = huawei.find((l) => l.id === standby[0]!.partnerId);
    expect(standby[0]).toMatchObject({ status: 'DOWN', partnerId: active?.id });
    expect(active).toMatchObject({ status: 'ACTIVE', haRole: 'master', partnerId: standby[0]!.id, gatewayId: standby[0]!.gatewayId });
    expect(huawei.filter((l) => l.partnerId !== undefined)).toHaveLength(2);
    expect(demo.stuckHuaweiConnectionId).not.toBe(active?.id);
  });

  it("the paired connection's addresses are the Azure link's site address and the Azure gateway's public IP", () => {
    const paired = sim.huawei.get(demo.pairedHuaweiConnectionId!)!;
    const link = sim.fleet.get(demo.pairedAzureLinkId!, 'vwan')!;
    expect(paired.vgwIp).toBe(simSiteLinkAddress(link.siteLinkId));
    expect(paired.customerGateway.ip).toBe(simGatewayPublicIps(link.connection.gateway.id)[0]);
  });
});
