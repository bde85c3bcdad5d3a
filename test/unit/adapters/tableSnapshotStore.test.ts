import { describe, expect, it } from 'vitest';
import { createInMemoryTableCatalog } from '../../support/fakes/inMemoryTableCatalog';
import { createTableSnapshotStore } from '../../../src/adapters/storage/tableSnapshotStore';
import { createTableTransitionStore } from '../../../src/adapters/storage/tableTransitionStore';
import { createTablePollRunStore } from '../../../src/adapters/storage/tablePollRunStore';
import { monitoringSlices } from '../../../src/composition/slicedTables';
import { linkKeyFromId } from '../../../src/core/ids/linkKey';
import type { LinkSnapshot } from '../../../src/core/snapshot/linkSnapshot';

const T0 = Date.UTC(2026, 0, 5, 10, 0, 0);
const MIDNIGHT = Date.UTC(2026, 0, 6);
const DAY = 86_400_000;
const GW = '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Network/vpnGateways/gw';

function snapshot(i: number, status: string, at = T0): LinkSnapshot {
  const connectionId = `${GW}/vpnConnections/c${i}`;
  const id = `${connectionId}/vpnSiteLinkConnections/l1`;
  return { id, key: linkKeyFromId(id), kind: 'vwan', subscriptionId: 's1', resourceGroup: 'rg', gateway: 'gw', gatewayId: GW, connection: `c${i}`, connectionId, link: 'l1', status, ingressBytes: '1', egressBytes: '1', polledAt: new Date(at).toISOString() };
}

function setup() {
  const counter = { count: 0 };
  const catalog = createInMemoryTableCatalog(counter);
  const sliced = monitoringSlices(catalog, 'tw');
  return { counter, catalog, sliced, store: createTableSnapshotStore(sliced.snapshots) };
}

describe('snapshot writes', () => {
  it('inserts new snapshots in one transaction per partition batch (the slice created once), and a snapshot written again replaces the first', async () => {
    const { counter, store } = setup();
    const first = snapshot(1, 'Connected');

    await store.write([first]);
    expect(counter.count).toBe(2); // create the day's slice, then one transaction
    await store.write([{ ...first, status: 'NotConnected' }]);
    expect(counter.count).toBe(4); // the slice is known: the create-conflict and its upsert rewrite only

    const history = await store.history(first.key, { fromMs: T0, toMs: T0 });
    expect(history.map((s) => s.status)).toEqual(['NotConnected']);
  });
});

describe('time slices', () => {
  it('writes across midnight land in two daily slices, and history reads across them in either order', async () => {
    const { catalog, store } = setup();
    const times = [MIDNIGHT - 120_000, MIDNIGHT - 60_000, MIDNIGHT, MIDNIGHT + 60_000];
    await store.write(times.map((at, i) => snapshot(1, `s${i}`, at)));

    const tables = catalog.tables();
    expect([...tables.keys()].sort()).toEqual(['twsnap20260105', 'twsnap20260106']);
    expect(tables.get('twsnap20260105')).toHaveLength(2);
    expect(tables.get('twsnap20260106')).toHaveLength(2);
    const key = snapshot(1, '').key;
    const window = { fromMs: MIDNIGHT - DAY, toMs: MIDNIGHT + DAY };
    expect((await store.history(key, window)).map((s) => s.status)).toEqual(['s0', 's1', 's2', 's3']);
    expect((await store.history(key, { ...window, newestFirst: true })).map((s) => s.status)).toEqual(['s3', 's2', 's1', 's0']);
    expect((await store.history(key, { ...window, newestFirst: true, top: 3 })).map((s) => s.status)).toEqual(['s3', 's2', 's1']);
  });

  it('a slice never written reads as empty and is not created by the read', async () => {
    const { catalog, store } = setup();
    await store.write([snapshot(1, 'Connected', T0)]);
    const key = snapshot(1, '').key;
    expect(await store.history(key, { fromMs: T0 - 5 * DAY, toMs: T0 + 5 * DAY })).toHaveLength(1);
    expect(await store.history(key, { fromMs: T0 + DAY, toMs: T0 + 3 * DAY })).toEqual([]);
    expect([...catalog.tables().keys()]).toEqual(['twsnap20260105']);
  });

  it('expiry drops whole slices wholly older than the cutoff, one DeleteTable each, and nothing else', async () => {
    const { counter, catalog, sliced, store } = setup();
    for (let d = 0; d < 5; d++) await store.write([snapshot(1, 'a', T0 + d * DAY), snapshot(2, 'b', T0 + d * DAY)]);
    await createTableTransitionStore(sliced.transitions).write([{ linkKey: 'k', linkId: 'l', from: 'Connected', to: 'NotConnected', at: new Date(T0).toISOString() }]);
    await createTablePollRunStore(sliced.pollRuns).save({ cycleId: String(T0), shard: 'all', startedAt: new Date(T0).toISOString(), status: 'done', links: 2, failures: [] });
    const before = counter.count;

    // Cutoff inside the third day: the first two days go, the third (half expired) stays.
    const deleted = await sliced.snapshots.expireBefore(T0 + 2 * DAY);
    expect(deleted).toEqual(['twsnap20260105', 'twsnap20260106']);
    expect(counter.count - before).toBe(1 + 2); // one listing, one DeleteTable per slice
    expect([...catalog.tables().keys()].filter((n) => n.startsWith('twsnap')).sort()).toEqual(['twsnap20260107', 'twsnap20260108', 'twsnap20260109']);
    expect(catalog.tables().get('twsnap20260107')).toHaveLength(2);
    expect([...catalog.tables().keys()].filter((n) => !n.startsWith('twsnap'))).toHaveLength(2);
    const key = snapshot(1, '').key;
    expect((await store.history(key, { fromMs: T0 - DAY, toMs: T0 + 10 * DAY })).map((s) => s.polledAt)).toEqual([2, 3, 4].map((d) => new Date(T0 + d * DAY).toISOString()));
    expect(await sliced.snapshots.expireBefore(T0 + 2 * DAY)).toEqual([]);
  });

});

describe('snapshot partitions per day (TW_SNAPSHOT_PARTITIONS, the local stack\'s 64)', () => {
  it('when a store spreads a day over 64 partitions, then a cycle lands in more of them and every link\'s history reads back', async () => {
    const counter = { count: 0 };
    const sliced = monitoringSlices(createInMemoryTableCatalog(counter), 'tw');
    const spread = createTableSnapshotStore(sliced.snapshots, { partitionsPerDay: 64 });
    const cycle = Array.from({ length: 400 }, (_, i) => snapshot(i, i % 7 === 0 ? 'NotConnected' : 'Connected'));
    await spread.write(cycle);
    const partitions = new Set<string>();
    for await (const page of sliced.snapshots.at(T0).pages("PartitionKey ge ''")) for (const row of page) partitions.add(row.partitionKey);
    expect(partitions.size).toBeGreaterThan(32);
    for (const s of [cycle[0]!, cycle[7]!, cycle[399]!]) expect((await spread.history(s.key, { fromMs: T0, toMs: T0 })).map((h) => h.status)).toEqual([s.status]);

    // The default store spreads the same day over 4 partitions only.
    const fourSliced = monitoringSlices(createInMemoryTableCatalog(), 'tw');
    await createTableSnapshotStore(fourSliced.snapshots).write(cycle);
    const fewer = new Set<string>();
    for await (const page of fourSliced.snapshots.at(T0).pages("PartitionKey ge ''")) for (const row of page) fewer.add(row.partitionKey);
    expect(fewer.size).toBe(4);
  });
});
