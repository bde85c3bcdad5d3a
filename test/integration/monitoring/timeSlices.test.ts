import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTableCatalog, createTableClient } from '../../../src/adapters/storage/tableClients';
import { createTableSnapshotStore } from '../../../src/adapters/storage/tableSnapshotStore';
import { runPollCycle } from '../../../src/app/monitoring/runPollCycle';
import { runRetention } from '../../../src/app/monitoring/runRetention';
import { getEvents } from '../../../src/app/queries/getEvents';
import { getHistory } from '../../../src/app/queries/getHistory';
import { buildQueryDeps } from '../../../src/composition/queryDeps';
import { monitoringSlices } from '../../../src/composition/slicedTables';
import { linkKeyFromId } from '../../../src/core/ids/linkKey';
import type { LinkSnapshot } from '../../../src/core/snapshot/linkSnapshot';
import { parseEventsQuery } from '../../../src/core/queries/parseEventsQuery';
import { parseHistoryQuery } from '../../../src/core/queries/parseHistoryQuery';
import type { Parsed } from '../../../src/core/queries/queryParams';
import { sliceAt, sliceScheme } from '../../../src/core/retention/timeSlices';
import { readRows, startHarness, T0, type Harness } from './monitoringHarness';

const PREFIX = 'twslice';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** A UTC midnight that starts a 10-day slice too, so every time-sliced kind changes table at the same instant. */
const M = sliceAt(sliceScheme('x', 10), T0).endMs;
const CYCLES = [-75, -60, -45, -30, -15, 0, 15, 30, 45, 60].map((m) => M + m * MINUTE);

let h: Harness;
let flapping: string;
let links = 0;

beforeAll(async () => {
  h = await startHarness(inject('azuriteConnectionString'));
  const subscription = h.sim.fleet.subscriptionIds()[0]!;
  flapping = h.sim.listLinks().find((l) => l.kind === 'vwan' && l.id.includes(subscription))!.id;
  const deps = h.deps(PREFIX);
  for (const at of CYCLES) {
    h.clock.ms = at;
    if (at === M - 30 * MINUTE) h.sim.setLinkState({ id: flapping, status: 'NotConnected' });
    if (at === M + 15 * MINUTE) h.sim.setLinkState({ id: flapping, status: 'Connected' });
    const summary = await runPollCycle(deps);
    expect(summary.failures).toEqual([]);
    links = summary.links;
  }
}, 120_000);
afterAll(async () => h.stop());

const names = async (kind: string): Promise<string[]> => (await createTableCatalog(h.connection).list(`${PREFIX}${kind}`)).sort();
const ok = <T>(parsed: Parsed<T>): T => {
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.value;
};
const polledMs = (p: object): number => ('polledAt' in p ? Date.parse(String(p.polledAt)) : Number.NaN);
const queries = () => ({ ...buildQueryDeps(h.connection, PREFIX), clock: { now: () => new Date(M + 61 * MINUTE) } });

describe('time-sliced tables on Azurite', () => {
  it('writes across midnight land in two slices of every kind', async () => {
    const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10).replace(/-/g, '');
    expect(await names('snap')).toEqual([`${PREFIX}snap${day(M - DAY)}`, `${PREFIX}snap${day(M)}`]);
    for (const kind of ['trans', 'rollup', 'runs']) expect(await names(kind)).toEqual([`${PREFIX}${kind}${day(M - 10 * DAY)}`, `${PREFIX}${kind}${day(M)}`]);
    const rowsOf = async (name: string): Promise<number> => {
      let n = 0;
      for await (const page of createTableClient(h.connection, name).pages("PartitionKey ge ''")) n += page.length;
      return n;
    };
    const [before, after] = await names('snap');
    expect([await rowsOf(before!), await rowsOf(after!)]).toEqual([5 * links, 5 * links]);
  });

  it('history reads across slices in both orders, and pages across them with continuation tokens', async () => {
    const deps = queries();
    const key = linkKeyFromId(flapping);
    const window = { from: new Date(M - 80 * MINUTE).toISOString(), to: new Date(M + 61 * MINUTE).toISOString(), resolution: 'raw' };
    const now = new Date(M + 61 * MINUTE);
    const asc = await getHistory(deps, key, ok(parseHistoryQuery(new URLSearchParams(window), now)));
    expect(asc.points.map(polledMs)).toEqual(CYCLES);
    const desc = await getHistory(deps, key, ok(parseHistoryQuery(new URLSearchParams({ ...window, order: 'desc' }), now)));
    expect(desc.points.map(polledMs)).toEqual([...CYCLES].reverse());

    const paged: number[] = [];
    let token: string | undefined;
    do {
      const query = ok(parseHistoryQuery(new URLSearchParams({ ...window, top: '3', ...(token && { continuationToken: token }) }), now));
      const page = await getHistory(deps, key, query);
      paged.push(...page.points.map(polledMs));
      token = page.continuationToken;
    } while (token);
    expect(paged).toEqual(CYCLES);
  });

  it('events and hourly rollups read across slices (the link went down before midnight and came back after)', async () => {
    const deps = queries();
    const key = linkKeyFromId(flapping);
    const now = new Date(M + 61 * MINUTE);
    const events = await getEvents(deps, key, ok(parseEventsQuery(new URLSearchParams({ from: new Date(M - 2 * HOUR).toISOString(), to: now.toISOString(), order: 'asc' }), now)));
    expect(events.events.map((e) => [e.from, e.to, Date.parse(e.at) < M])).toEqual([
      ['Connected', 'NotConnected', true],
      ['NotConnected', 'Connected', false],
    ]);
    const hours = [new Date(M - HOUR).toISOString(), new Date(M).toISOString()];
    const fleet = await deps.rollups.readFleetHours(hours);
    expect(fleet.map((f) => f.links)).toEqual([links, links]);
    expect(fleet.map((f) => f.linksDown)).toEqual([1, 1]);
  });

  it('a slice never written reads as empty, without an error and without creating it', async () => {
    const deps = queries();
    const now = new Date(M + 3 * DAY);
    const window = { from: new Date(M + DAY).toISOString(), to: new Date(M + 2 * DAY).toISOString(), resolution: 'raw' };
    const result = await getHistory({ ...deps, clock: { now: () => now } }, linkKeyFromId(flapping), ok(parseHistoryQuery(new URLSearchParams(window), now)));
    expect(result.points).toEqual([]);
    expect(await names('snap')).toHaveLength(2);
  });

  it('retention deletes whole slices past their retention, keeps a half-expired one, and nothing live', async () => {
    const other = `${PREFIX}y`;
    const otherSnapshots = createTableSnapshotStore(monitoringSlices(createTableCatalog(h.connection), other).snapshots);
    const [oldRow] = await readRows(h.connection, PREFIX, 'snapshots');
    await otherSnapshots.write([{ ...(JSON.parse(String(oldRow!.snapshot)) as LinkSnapshot), polledAt: new Date(M - DAY).toISOString() }]);
    const statesBefore = await readRows(h.connection, PREFIX, 'linkState');
    const leasesBefore = await readRows(h.connection, PREFIX, 'leases');

    const deps = h.deps(PREFIX, { TW_SNAPSHOT_RETENTION_DAYS: '1', TW_HISTORY_RETENTION_DAYS: '1' });
    const result = await runRetention(deps, new Date(M + DAY + HOUR));

    const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10).replace(/-/g, '');
    expect([...result.deletedSlices].sort()).toEqual(
      [`${PREFIX}snap${day(M - DAY)}`, ...['trans', 'rollup', 'runs'].map((k) => `${PREFIX}${k}${day(M - 10 * DAY)}`)].sort(),
    );
    expect(await names('snap')).toEqual([`${PREFIX}snap${day(M)}`]);
    for (const kind of ['trans', 'rollup', 'runs']) expect(await names(kind)).toEqual([`${PREFIX}${kind}${day(M)}`]);
    expect(await readRows(h.connection, PREFIX, 'linkState')).toEqual(statesBefore);
    expect((await readRows(h.connection, PREFIX, 'leases')).length).toBe(leasesBefore.length);
    expect(statesBefore.length).toBeGreaterThan(0);
    // Another deployment's slices (another prefix) are not ours to delete.
    expect(await createTableCatalog(h.connection).list(`${other}snap`)).toEqual([`${other}snap${day(M - DAY)}`]);
    // Run again: nothing left to expire.
    expect((await runRetention(deps, new Date(M + DAY + HOUR))).deletedSlices).toEqual([]);
  });
});
