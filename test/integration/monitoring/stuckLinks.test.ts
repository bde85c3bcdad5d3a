import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runPollCycle } from '../../../src/app/monitoring/runPollCycle';
import { linkKeyFromId } from '../../../src/core/ids/linkKey';
import { parseRemediationRequest } from '../../../src/core/remediation/remediationRequest';
import { peekQueue, startHarness, type Harness } from './monitoringHarness';

let h: Harness;

beforeAll(async () => {
  h = await startHarness(inject('azuriteConnectionString'));
});
afterAll(async () => h.stop());

/** Runs `cycles` poll cycles one minute apart. */
async function pollEveryMinute(deps: ReturnType<Harness['deps']>, cycles: number): Promise<void> {
  for (let i = 0; i < cycles; i++) {
    await runPollCycle(deps);
    h.clock.advance(60_000);
  }
}

describe('stuck links', () => {
  it('when a link is held down past the threshold for many cycles, then exactly one remediation message is queued', async () => {
    const prefix = 'twstuck';
    const deps = h.deps(prefix);
    const link = h.sim.listLinks().find((l) => l.kind === 'vwan')!;
    h.sim.setLinkState({ id: link.id, scenario: 'stuck' });

    await pollEveryMinute(deps, 12);

    const messages = (await peekQueue(h.connection, `${prefix}-remediation`)).map(parseRemediationRequest);
    expect(messages).toHaveLength(1);
    const state = await deps.states.get(linkKeyFromId(link.id));
    expect(messages[0]).toMatchObject({ kind: 'remediate', source: 'poller', linkId: link.id, incidentId: state?.incidentId });

    h.sim.setLinkState({ id: link.id, scenario: 'none', status: 'Connected' });
    await pollEveryMinute(deps, 1);
    expect((await deps.states.get(linkKeyFromId(link.id)))?.incidentId).toBeUndefined();
  });

  it('reads policy from VPN site and gateway tags (site over gateway) and from classic connections', async () => {
    const prefix = 'twtags';
    const sub = h.sim.fleet.subscriptionIds()[0]!;
    const network = `/subscriptions/${sub}/resourceGroups/rg-00/providers/Microsoft.Network`;
    const linkOn = (gateway: string, connection: string): string => h.sim.listLinks().find((l) => l.id.includes(`/vpnGateways/${gateway}/vpnConnections/${connection}/`))!.id;
    const gatewayFast = linkOn('vpngw-00-001', 'conn-00-001-00');
    const siteOptedOut = linkOn('vpngw-00-001', 'conn-00-001-01');
    const siteOptedBackIn = linkOn('vpngw-00-002', 'conn-00-002-00');
    const gatewayOptedOut = linkOn('vpngw-00-002', 'conn-00-002-01');
    const classic = `/subscriptions/${sub}/resourceGroups/rg-00-classic/providers/Microsoft.Network/connections/vnetconn-00-00`;
    h.sim.setTags(`${network}/vpnGateways/vpngw-00-001`, { 'tunnelwatch-threshold-minutes': '1' });
    h.sim.setTags(`${network}/vpnSites/site-00-001-01`, { 'tunnelwatch-remediate': 'false' });
    h.sim.setTags(`${network}/vpnGateways/vpngw-00-002`, { 'tunnelwatch-remediate': 'false', 'tunnelwatch-threshold-minutes': '1' });
    h.sim.setTags(`${network}/vpnSites/site-00-002-00`, { 'tunnelwatch-remediate': 'true' });
    h.sim.setTags(classic, { 'tunnelwatch-threshold-minutes': '1' });
    const deps = h.deps(prefix, { TW_STUCK_THRESHOLD_MINUTES: '30' });
    for (const id of [gatewayFast, siteOptedOut, siteOptedBackIn, gatewayOptedOut, classic]) h.sim.setLinkState({ id, scenario: 'stuck' });

    await pollEveryMinute(deps, 3);

    const messages = (await peekQueue(h.connection, `${prefix}-remediation`)).map(parseRemediationRequest);
    expect(messages.map((m) => m.linkId).sort()).toEqual([gatewayFast, siteOptedBackIn, classic].sort());
    const overrides = async (id: string): Promise<unknown> => (await deps.states.get(linkKeyFromId(id)))?.overrides;
    expect(await overrides(siteOptedOut)).toEqual({ remediate: false, stuckThresholdMs: 60_000 });
    expect(await overrides(siteOptedBackIn)).toEqual({ remediate: true, stuckThresholdMs: 60_000 });
    expect(await overrides(gatewayOptedOut)).toEqual({ remediate: false, stuckThresholdMs: 60_000 });
    for (const id of [siteOptedOut, gatewayOptedOut]) expect((await deps.states.get(linkKeyFromId(id)))?.incidentId).toMatch(/^inc-/);
  });

  it('when a site tag changes, then the next cycle applies it: site tags are listed once per cycle, not once per gateway', async () => {
    const prefix = 'twsitettl';
    const sub = h.sim.fleet.subscriptionIds()[0]!;
    const site = `/subscriptions/${sub}/resourceGroups/rg-00/providers/Microsoft.Network/vpnSites/site-00-000-01`;
    const link = h.sim.listLinks().find((l) => l.id.includes('/vpnConnections/conn-00-000-01/'))!.id;
    const deps = h.deps(prefix);
    await pollEveryMinute(deps, 1);
    h.sim.setTags(site, { 'tunnelwatch-threshold-minutes': '7' });
    h.sim.resetCalls();

    await pollEveryMinute(deps, 1);

    expect((await deps.states.get(linkKeyFromId(link)))?.overrides).toEqual({ stuckThresholdMs: 420_000 });
    // Discovery lists gateways and classic connections; one more list reads the sites for all three gateways.
    expect(h.sim.calls().byOperation.Resources_List).toBe(3);
  });

  it('when a cycle runs longer than the site tags live, then its later gateways reuse the tags it listed; the next cycle lists them again', async () => {
    const deps = h.deps('twsitecycle');
    const sub = h.sim.fleet.subscriptionIds()[0]!;
    const siteLists = (): number => h.sim.calls().byOperation.Resources_List ?? 0;
    h.clock.advance(60_000);
    const { targets } = await deps.fleet.discover(deps.settings.scopes);
    const gateways = targets.filter((t) => t.kind === 'vpnGateway' && t.subscriptionId === sub);
    h.sim.resetCalls();
    await deps.fleet.listTarget(gateways[0]!);
    h.clock.advance(55_000); // past the 50 s time to live, still the same cycle
    await deps.fleet.listTarget(gateways[1]!);
    expect(siteLists()).toBe(1);
    h.clock.advance(5_000);
    await deps.fleet.discover(deps.settings.scopes);
    h.sim.resetCalls();
    await deps.fleet.listTarget(gateways[0]!);
    expect(siteLists()).toBe(1);
  });

  it('when the VPN site list fails, then the gateways of that subscription fail this cycle instead of being judged without their opt-out', async () => {
    const prefix = 'twsitefail';
    const sub = h.sim.fleet.subscriptionIds()[0]!;
    // A resource-group scope discovers through VpnGateways_ListByResourceGroup, so only the site list hits the fault.
    const deps = h.deps(prefix, { TW_SCOPES: `/subscriptions/${sub}/resourceGroups/rg-00` });
    h.clock.advance(60_000);
    h.sim.addFault({ operation: 'Resources_List', kind: '500' });
    try {
      const summary = await runPollCycle(deps);
      expect(summary.links).toBe(0);
      expect(summary.failures.filter((f) => f.gatewayId.includes('/vpnGateways/'))).toHaveLength(3);
      expect(summary.failures[0]?.message).toContain('Resources_List');
    } finally {
      h.sim.clearFaults();
    }
  });
});
