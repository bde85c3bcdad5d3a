import { createTableCatalog, createTableClient, tableName, type TableHandle } from '../../../src/adapters/storage/tableClients';
import { monitoringSlices } from '../../../src/composition/slicedTables';
import { createTableLinkStateStore } from '../../../src/adapters/storage/tableLinkStateStore';
import { createTableRollupStore } from '../../../src/adapters/storage/tableRollupStore';
import { createTableSnapshotStore } from '../../../src/adapters/storage/tableSnapshotStore';
import { createTableTransitionStore } from '../../../src/adapters/storage/tableTransitionStore';
import { updateRollups } from '../../support/updateRollups';
import { QUERY_TABLES } from '../../../src/composition/queryDeps';
import { linkGroupOf } from '../../../src/core/ids/linkGroup';
import type { LinkSnapshot } from '../../../src/core/snapshot/linkSnapshot';
import type { LinkState } from '../../../src/core/linkState/linkState';
import type { TrackedLinkState } from '../../../src/core/linkState/trackLinkState';
import { buildSnapshot, buildState } from '../../unit/queries/builders';

const MINUTE = 60_000;

export interface QueryFixture {
  readonly stuck: LinkState;
  readonly healthy: LinkState;
  readonly all: readonly LinkState[];
}

/**
 * A small fleet in the real Table stores, as the poller would leave it: `extraLinks` healthy links over 3 gateways,
 * one link stuck NotConnected for 40 minutes with an open incident, and `historyMinutes` of one-a-minute snapshots
 * (plus transitions and hourly rollups) for the stuck link and one healthy link.
 */
export async function seedQueryFixture(connection: string, prefix: string, now: Date, options: { extraLinks?: number; historyMinutes?: number } = {}): Promise<QueryFixture> {
  const handles = Object.fromEntries(
    await Promise.all(
      Object.entries(QUERY_TABLES).map(async ([name, suffix]) => {
        const handle = createTableClient(connection, tableName(prefix, suffix));
        await handle.ensureExists();
        return [name, handle] as const;
      }),
    ),
  ) as Record<keyof typeof QUERY_TABLES, TableHandle>;
  const downSince = new Date(now.getTime() - 40 * MINUTE).toISOString();
  const stuck = buildState({ gateway: 'gw-east', connection: 'conn-stuck', site: 'site-paris', status: 'NotConnected', statusSince: downSince, downSince, previousStatus: 'Connected', lastTransitionAt: downSince, incidentId: 'inc-stuck-1', ingressBps: 0, egressBps: 0, lastPolledAt: now.toISOString(), statusSource: 'get', statusAt: new Date(now.getTime() - 2 * MINUTE).toISOString() });
  const healthy = buildState({ gateway: 'gw-east', connection: 'conn-ok', site: 'site-lyon', lastPolledAt: now.toISOString() });
  const extra = Array.from({ length: options.extraLinks ?? 6 }, (_, i) =>
    buildState({ gateway: `gw-${['north', 'south', 'west'][i % 3]}`, connection: `conn-${i}`, site: `site-${i % 4}`, status: i === 4 ? 'Connecting' : 'Connected', lastPolledAt: now.toISOString() }),
  );
  const all = [stuck, healthy, ...extra];
  await writeStates(handles.linkState, all);

  const minutes = options.historyMinutes ?? 26 * 60;
  const snapshots: LinkSnapshot[] = [];
  for (const link of [stuck, healthy]) {
    for (let m = minutes; m >= 0; m--) {
      const at = now.getTime() - m * MINUTE;
      const down = link === stuck && at >= Date.parse(downSince);
      snapshots.push(buildSnapshot(link, { polledAt: new Date(at).toISOString(), status: down ? 'NotConnected' : 'Connected', statusSource: down ? 'get' : 'traffic', statusAt: new Date(at).toISOString(), ingressBytes: String((minutes - m) * 60_000), egressBytes: String((minutes - m) * 30_000), ingressBps: down ? 0 : 8000, egressBps: down ? 0 : 4000 }));
    }
  }
  const sliced = monitoringSlices(createTableCatalog(connection), prefix);
  await createTableSnapshotStore(sliced.snapshots).write(snapshots);
  await createTableTransitionStore(sliced.transitions).write([
    { linkKey: stuck.key, linkId: stuck.id, from: 'Connected', to: 'NotConnected', at: new Date(now.getTime() - 300 * MINUTE).toISOString() },
    { linkKey: stuck.key, linkId: stuck.id, from: 'NotConnected', to: 'Connected', at: new Date(now.getTime() - 290 * MINUTE).toISOString() },
    { linkKey: stuck.key, linkId: stuck.id, from: 'Connected', to: 'NotConnected', at: downSince },
  ]);
  await updateRollups(createTableRollupStore(sliced.rollups), snapshots, now);
  return { stuck, healthy, all };
}

export async function writeStates(table: TableHandle, states: readonly LinkState[]): Promise<void> {
  const byGroup = new Map<string, { group: { connectionId: string; targetId: string }; links: TrackedLinkState[] }>();
  for (const s of states) {
    const group = linkGroupOf(s.id)!;
    const entry = byGroup.get(group.connectionId) ?? { group, links: [] as TrackedLinkState[] };
    entry.links.push(s);
    byGroup.set(group.connectionId, entry);
  }
  await createTableLinkStateStore(table).update([...byGroup.values()].map((e) => e.group), (g) => ({ links: byGroup.get(g.connectionId)!.links, result: undefined }), { scanAll: true });
}
