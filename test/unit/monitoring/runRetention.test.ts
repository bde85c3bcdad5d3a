import { describe, expect, it } from 'vitest';
import { runRetention } from '../../../src/app/monitoring/runRetention';
import { linkKeyFromId } from '../../../src/core/ids/linkKey';
import type { LinkSnapshot } from '../../../src/core/snapshot/linkSnapshot';
import { buildMonitoringDeps } from '../../support/monitoringFakes';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 6, 3, 30);
const GW = '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Network/vpnGateways/gw';

function snapshots(count: number, atMs: number): LinkSnapshot[] {
  return Array.from({ length: count }, (_, i) => {
    const connectionId = `${GW}/vpnConnections/c${i}`;
    const id = `${connectionId}/vpnSiteLinkConnections/l1`;
    return { id, key: linkKeyFromId(id), kind: 'vwan', subscriptionId: 's1', resourceGroup: 'rg', gateway: 'gw', gatewayId: GW, connection: `c${i}`, connectionId, link: 'l1', status: 'Connected', ingressBytes: '1', egressBytes: '1', polledAt: new Date(atMs).toISOString() };
  });
}

describe('runRetention', () => {
  it('drops every snapshot day older than the retention as one table, and costs the same whatever the day held', async () => {
    const { deps, catalog } = buildMonitoringDeps(NOW);
    // Days 40..29 ago: small days and a day 5 times larger.
    for (let d = 40; d >= 29; d--) await deps.snapshots.write(snapshots(d === 33 ? 500 : 100, NOW - d * DAY));
    const before = deps.tableRoundTrips();

    const result = await runRetention(deps);

    // Cutoff = 30 days ago at 03:30: days 40..31 ago are wholly older; the cutoff's own day (30) and later stay.
    expect(result.deletedSlices).toHaveLength(10);
    expect(result.deletedSlices.every((n) => n.startsWith('twsnap'))).toBe(true);
    expect(deps.tableRoundTrips() - before).toBe(4 + 10); // 4 listings (snapshots + 3 history kinds) + 10 DeleteTable
    expect([...catalog.tables().keys()].filter((n) => n.startsWith('twsnap'))).toHaveLength(2);
    expect(result.snapshotCutoff).toBe(new Date(NOW - 30 * DAY).toISOString());
    expect(result.historyCutoff).toBe(new Date(NOW - 90 * DAY).toISOString());
  });

  it('expires transitions, rollups and poll runs at their own, longer retention', async () => {
    const { deps, catalog } = buildMonitoringDeps(NOW);
    const old = NOW - 120 * DAY;
    await deps.transitions.write([{ linkKey: 'k', linkId: 'l', from: 'Connected', to: 'NotConnected', at: new Date(old).toISOString() }]);
    await deps.transitions.write([{ linkKey: 'k', linkId: 'l', from: 'NotConnected', to: 'Connected', at: new Date(NOW - 40 * DAY).toISOString() }]);
    await deps.pollRuns.save({ cycleId: String(old), shard: 'all', startedAt: new Date(old).toISOString(), status: 'done', links: 1, failures: [] });

    const result = await runRetention(deps);

    expect(result.deletedSlices.map((n) => n.replace(/\d+$/, '')).sort()).toEqual(['twruns', 'twtrans']);
    const kept = await deps.transitions.list({ fromMs: NOW - 200 * DAY, toMs: NOW });
    expect(kept.map((t) => t.to)).toEqual(['Connected']);
    expect([...catalog.tables().keys()].some((n) => n.startsWith('twtrans'))).toBe(true);
  });
});
