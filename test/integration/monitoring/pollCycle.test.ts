import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runPollCycle } from '../../../src/app/monitoring/runPollCycle';
import { isWithinScope } from '../../../src/core/ids/armId';
import { linkKeyFromId } from '../../../src/core/ids/linkKey';
import { readRows, readSnapshots, startHarness, type Harness } from './monitoringHarness';

const PREFIX = 'twpoll';
let h: Harness;
/** A simulator whose lists carry connectionStatus (statusInLists), for the one test about the per-list fallback. */
let withStatus: Harness;

beforeAll(async () => {
  h = await startHarness(inject('azuriteConnectionString'));
  withStatus = await startHarness(inject('azuriteConnectionString'), { statusInLists: true });
});
afterAll(async () => Promise.all([h.stop(), withStatus.stop()]));

describe('a full poll cycle against the simulator', () => {
  it('stores a snapshot for every link in scope and nothing outside it, with one list call per gateway', async () => {
    const deps = h.deps(PREFIX);
    const subscription = `/subscriptions/${h.sim.fleet.subscriptionIds()[0]}`;
    const inScope = h.sim.listLinks().filter((l) => isWithinScope(l.id, subscription));

    const summary = await runPollCycle(deps);

    const rows = await readSnapshots(h.connection, PREFIX);
    expect(new Set(rows.map((r) => r.key))).toEqual(new Set(inScope.map((l) => linkKeyFromId(l.id))));
    expect(summary.links).toBe(inScope.length);
    expect(summary.failures).toEqual([]);
    const byOperation = summary.armRequestsByOperation;
    expect(byOperation.VpnConnections_ListByVpnGateway).toBe(3);
    // Lists carry no connectionStatus (as ARM's examples): one GET per link, classic connections included.
    const vwan = inScope.filter((l) => l.kind === 'vwan').length;
    expect([byOperation.VpnSiteLinkConnections_Get, byOperation.VirtualNetworkGatewayConnections_Get]).toEqual([vwan, inScope.length - vwan]);
    expect(summary.fallbackTargets).toBe(summary.targets);
    // Discovery (3 lists), then per cycle one VpnSites_List (the tunnels' far ends) and, on the first cycle only, one
    // VpnGateways_Get per vWAN gateway (its public IPs: the generic resource list carries no properties).
    expect(summary.armRequests).toBeLessThanOrEqual(summary.targets + inScope.length + 3 + 1 + (byOperation.VpnConnections_ListByVpnGateway ?? 0));
    expect(summary.tableRoundTrips).toBeGreaterThan(0);
  });

  it('derives bit rates from consecutive polls and records a counter restart without a negative rate', async () => {
    const deps = h.deps(`${PREFIX}r`);
    const link = h.sim.listLinks().find((l) => l.kind === 'vwan')!;
    h.sim.setLinkState({ id: link.id, ingressBytes: 1_000_000, egressBytes: 2_000_000 });
    await runPollCycle(deps);
    h.clock.advance(60_000);
    h.sim.setLinkState({ id: link.id, ingressBytes: 1_750_000, egressBytes: 2_000_600 });
    await runPollCycle(deps);
    h.clock.advance(60_000);
    h.sim.setLinkState({ id: link.id, ingressBytes: 10, egressBytes: 20 });
    await runPollCycle(deps);

    const mine = (await readSnapshots(h.connection, `${PREFIX}r`)).filter((r) => r.key === linkKeyFromId(link.id)).sort((a, b) => a.polledAt.localeCompare(b.polledAt));
    expect(mine.map((r) => [r.ingressBps, r.egressBps, r.counterRestart])).toEqual([
      [undefined, undefined, undefined],
      [100_000, 80, undefined],
      [undefined, undefined, true],
    ]);
    const state = await deps.states.get(linkKeyFromId(link.id));
    expect(state?.lastCounterRestartAt).toBe(new Date(h.clock.ms).toISOString());
  });

  it('keeps counters beyond 2^53 exact', async () => {
    const deps = h.deps(`${PREFIX}h`);
    const link = h.sim.listLinks().find((l) => l.kind === 'classic' && l.connectionType === 'IPsec')!;
    h.sim.setLinkState({ id: link.id, ingressBytes: '9007199254740993123', egressBytes: '9223372036854775807' });
    await runPollCycle(deps);
    const row = (await readSnapshots(h.connection, `${PREFIX}h`)).find((r) => r.key === linkKeyFromId(link.id));
    expect([row?.ingressBytes, row?.egressBytes]).toEqual(['9007199254740993123', '9223372036854775807']);
  });

  it('when lists carry connectionStatus, reads items one by one only for the gateway whose list omits it', async () => {
    const deps = withStatus.deps(`${PREFIX}f`);
    const gateway = withStatus.sim.listLinks().find((l) => l.kind === 'vwan')!.gatewayId;
    withStatus.sim.addFault({ kind: 'omit-status', operation: 'VpnConnections_ListByVpnGateway', id: gateway });
    try {
      const summary = await runPollCycle(deps);
      expect(summary.fallbackTargets).toBe(1);
      expect(summary.armRequestsByOperation.VpnSiteLinkConnections_Get).toBe(4);
      expect(summary.armRequestsByOperation.VirtualNetworkGatewayConnections_Get).toBeUndefined();
      const statuses = (await readSnapshots(withStatus.connection, `${PREFIX}f`)).map((r) => r.status);
      expect(statuses.every((s) => ['Connected', 'Connecting', 'NotConnected'].includes(String(s)))).toBe(true);
    } finally {
      withStatus.sim.clearFaults();
    }
  });

  it('never stores a shared key anywhere', async () => {
    const secrets = [...h.sim.secrets(), ...withStatus.sim.secrets()];
    expect(secrets.length).toBeGreaterThan(0);
    for (const prefix of [PREFIX, `${PREFIX}r`, `${PREFIX}h`, `${PREFIX}f`]) {
      for (const table of ['snapshots', 'linkState', 'transitions', 'pollRuns', 'leases'] as const) {
        const text = JSON.stringify(await readRows(h.connection, prefix, table));
        for (const secret of secrets) expect(text).not.toContain(secret);
      }
    }
  });
});
