import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runPollCycle } from '../../../src/app/monitoring/runPollCycle';
import { linkKeyFromId } from '../../../src/core/ids/linkKey';
import { simGatewayPublicIps, simSiteLinkAddress } from '../../../src/simulator/simAddresses';
import { readRows, startHarness, type Harness } from './monitoringHarness';

let h: Harness;

beforeAll(async () => {
  h = await startHarness(inject('azuriteConnectionString'));
});
afterAll(async () => h.stop());

/** The simulated link, its gateway id and the VPN site link it dials. */
function vwanLink(): { id: string; gatewayId: string; siteLinkId: string } {
  const link = h.sim.listLinks().find((l) => l.kind === 'vwan')!;
  const sim = h.sim.fleet.get(link.id, 'vwan')!;
  return { id: link.id, gatewayId: sim.connection.gateway.id, siteLinkId: sim.siteLinkId };
}

describe('tunnel end addresses in link state', () => {
  it('when a subscription is polled, then each vWAN link stores its gateway\'s public IPs and its site link\'s address, read once per gateway and once per subscription', async () => {
    const deps = h.deps('twaddrsub');
    const link = vwanLink();
    h.sim.resetCalls();
    await runPollCycle(deps);
    const state = await deps.states.get(linkKeyFromId(link.id));
    expect(state).toMatchObject({ localAddresses: [...simGatewayPublicIps(link.gatewayId)], remoteAddress: simSiteLinkAddress(link.siteLinkId) });
    // History rows do not repeat them: they are state, not a per-poll measurement.
    const rows = await readRows(h.connection, 'twaddrsub', 'snapshots');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.filter((r) => String(r.snapshot).includes('Address'))).toEqual([]);
    const calls = h.sim.calls().byOperation;
    expect(calls.VpnSites_List).toBe(1);
    expect(calls.VpnGateways_Get).toBe(3);

    // The gateways' addresses are static and the site addresses rarely change: the next cycle reuses both.
    h.clock.advance(60_000);
    h.sim.resetCalls();
    await runPollCycle(deps);
    expect(h.sim.calls().byOperation.VpnGateways_Get ?? 0).toBe(0);
    expect(h.sim.calls().byOperation.VpnSites_List ?? 0).toBe(0);
    // After 15 minutes the sites are listed again (a branch may have a new public IP).
    h.clock.advance(15 * 60_000);
    h.sim.resetCalls();
    await runPollCycle(deps);
    expect(h.sim.calls().byOperation.VpnSites_List).toBe(1);
  });

  it('when the scope is a resource group, then discovery\'s gateway list already carries the addresses: no gateway is read again', async () => {
    const sub = h.sim.fleet.subscriptionIds()[0]!;
    const deps = h.deps('twaddrrg', { TW_SCOPES: `/subscriptions/${sub}/resourceGroups/rg-00` });
    const link = vwanLink();
    h.clock.advance(60_000);
    h.sim.resetCalls();
    await runPollCycle(deps);
    expect(h.sim.calls().byOperation.VpnGateways_Get ?? 0).toBe(0);
    expect((await deps.states.get(linkKeyFromId(link.id)))?.localAddresses).toEqual([...simGatewayPublicIps(link.gatewayId)]);
  });

  it('when the VPN site list fails, then the cycle still polls every gateway and the links keep their last known remote address', async () => {
    const deps = h.deps('twaddrfail');
    const link = vwanLink();
    h.clock.advance(60_000);
    await runPollCycle(deps);
    h.clock.advance(15 * 60_000);
    h.sim.addFault({ operation: 'VpnSites_List', kind: '500' });
    try {
      h.sim.resetCalls();
      const summary = await runPollCycle(deps);
      expect(h.sim.calls().byOperation.VpnSites_List).toBeGreaterThan(0);
      expect(summary.failures).toEqual([]);
      expect((await deps.states.get(linkKeyFromId(link.id)))?.remoteAddress).toBe(simSiteLinkAddress(link.siteLinkId));
    } finally {
      h.sim.clearFaults();
    }
  });
});
