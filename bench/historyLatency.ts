import { HttpRequest, InvocationContext } from '@azure/functions';
import { createTableCatalog, createTableClient, tableName } from '../src/adapters/storage/tableClients';
import type { SlicedTable } from '../src/adapters/storage/tableSlices';
import { monitoringSlices } from '../src/composition/slicedTables';
import { createTableRollupStore, dayPartition } from '../src/adapters/storage/tableRollupStore';
import { createTableSnapshotStore } from '../src/adapters/storage/tableSnapshotStore';
import { updateRollups } from '../test/support/updateRollups';
import { buildQueryDeps, QUERY_TABLES } from '../src/composition/queryDeps';
import type { LinkSnapshot } from '../src/core/snapshot/linkSnapshot';
import { foldSnapshot, type HourlyRollup } from '../src/core/rollups/hourlyRollup';
import { historyHandler } from '../src/functions/history';
import { startAzurite } from '../src/local/stack/startAzurite';
import { buildSnapshot, buildState } from '../test/unit/queries/builders';
import { writeStates } from '../test/integration/queries/seedQueryFixture';

export interface HistoryLatency {
  readonly raw24hP95Ms: number;
  readonly rollup30dP95Ms: number;
  readonly raw24hP50Ms: number;
  readonly rollup30dP50Ms: number;
}

export interface HistoryLatencyOptions {
  readonly links?: number;
  /** Minutes of one-a-minute snapshots (and their rollups) written, cycle by cycle, for every link of the fleet. */
  readonly fleetMinutes?: number;
  readonly iterations?: number;
  readonly log?: (line: string) => void;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * p50/p95 of GET /api/links/{key}/history (the real handler, stores and Azurite) for one link: 24 h of raw
 * snapshots (1,440 points) and 30 days of hourly rollups (720 points), with a 2,000-link fleet's recent history
 * in the same tables. Seeding is batched (100-entity transactions) so it takes seconds, not minutes.
 */
export async function historyLatency(options: HistoryLatencyOptions = {}): Promise<HistoryLatency> {
  const log = options.log ?? (() => undefined);
  const azurite = await startAzurite();
  try {
    const now = new Date(Math.floor(Date.now() / MINUTE) * MINUTE);
    const prefix = 'bench';
    const started = performance.now();
    const fleet = Array.from({ length: options.links ?? 2000 }, (_, i) => buildState({ gateway: `gw-${Math.floor(i / 20)}`, connection: `c-${Math.floor(i / 2)}`, link: `c-${Math.floor(i / 2)}-l${i % 2}` }));
    const target = fleet[0]!;
    const table = (suffix: string) => createTableClient(azurite.connectionString, tableName(prefix, suffix));
    for (const suffix of Object.values(QUERY_TABLES)) await table(suffix).ensureExists();
    await writeStates(table(QUERY_TABLES.linkState), fleet);
    log(`states written at ${Math.round(performance.now() - started)} ms`);
    const sliced = monitoringSlices(createTableCatalog(azurite.connectionString), prefix);
    const snapshots = createTableSnapshotStore(sliced.snapshots, { concurrency: 16 });
    const rollups = createTableRollupStore(sliced.rollups);

    // The measured link: 25 h raw, 30 days of hourly rollups.
    const series = minutes(target, now, 25 * 60);
    await snapshots.write(series);
    await writeMonthOfRollups(sliced.rollups, target, now);
    log(`measured link seeded at ${Math.round(performance.now() - started)} ms`);
    // The fleet: the last `fleetHours` of every link, written cycle by cycle (as the poller does), with rollups.
    // Azurite writes a 2,000-link cycle in seconds, so the default keeps seeding bounded (~1 min).
    const fleetMinutes = options.fleetMinutes ?? 10;
    for (let m = fleetMinutes; m > 0; m--) {
      const cycle = fleet.slice(1).map((link) => snapshotAt(link, now.getTime() - m * MINUTE, fleetMinutes - m));
      await snapshots.write(cycle);
      await updateRollups(rollups, cycle, new Date(now.getTime() - m * MINUTE));
    }
    log(`seeded ${fleet.length} links (${fleetMinutes} min of fleet history, ${series.length} raw points and 720 hourly rollups for the measured link) in ${Math.round(performance.now() - started)} ms`);

    const deps = buildQueryDeps(azurite.connectionString, prefix);
    const handler = historyHandler(() => ({ ...deps, clock: { now: () => now } }));
    const measure = async (query: string, expected: readonly number[]): Promise<number[]> => {
      const times: number[] = [];
      const iterations = options.iterations ?? 40;
      for (let i = -3; i < iterations; i++) {
        const t0 = performance.now();
        const response = await handler(new HttpRequest({ method: 'GET', url: `http://127.0.0.1/api/links/${target.key}/history?${query}`, params: { key: target.key } }), new InvocationContext({ functionName: 'bench' }));
        const points = (response.jsonBody as { points?: unknown[] } | undefined)?.points?.length;
        if (points === undefined || !expected.includes(points)) throw new Error(`history ${query} returned ${points} points, expected ${expected.join(' or ')}`);
        if (i >= 0) times.push(performance.now() - t0);
      }
      return times.sort((a, b) => a - b);
    };
    const raw = await measure('resolution=raw', [1440]);
    // 720 finished hours, plus the current hour (served from raw snapshots) when `now` is not on the hour.
    const month = await measure(`resolution=hour&from=${new Date(now.getTime() - 30 * 24 * HOUR).toISOString()}&to=${now.toISOString()}`, [720, 721]);
    return { raw24hP95Ms: pct(raw, 95), rollup30dP95Ms: pct(month, 95), raw24hP50Ms: pct(raw, 50), rollup30dP50Ms: pct(month, 50) };
  } finally {
    await azurite.stop();
  }
}

function snapshotAt(link: ReturnType<typeof buildState>, ms: number, n: number): LinkSnapshot {
  return buildSnapshot(link, { polledAt: new Date(ms).toISOString(), ingressBytes: String(n * 60_000), egressBytes: String(n * 30_000), ingressBps: 8000, egressBps: 4000 });
}

function minutes(link: ReturnType<typeof buildState>, now: Date, count: number): LinkSnapshot[] {
  return Array.from({ length: count }, (_, i) => snapshotAt(link, now.getTime() - (count - i) * MINUTE, i));
}

/** 30 days of rollups for one link, folded from synthetic minutes in memory; one upsert per day entity (24 hours). */
async function writeMonthOfRollups(table: SlicedTable, link: ReturnType<typeof buildState>, now: Date): Promise<void> {
  const firstHour = Math.floor(now.getTime() / HOUR) * HOUR - 30 * 24 * HOUR;
  let previous: HourlyRollup | undefined;
  const days = new Map<string, Record<string, string>>();
  for (let h = 0; h < 30 * 24; h++) {
    let current: HourlyRollup | undefined;
    for (let m = 0; m < 60; m++) current = foldSnapshot(current, previous?.last, snapshotAt(link, firstHour + h * HOUR + m * MINUTE, h * 60 + m));
    const day = dayPartition(current!.hour);
    days.set(day, { ...days.get(day), [`h${current!.hour.slice(11, 13)}`]: JSON.stringify(current) });
    previous = current;
  }
  for (const [day, hours] of days) {
    const dayMs = Date.UTC(Number(day.slice(1, 5)), Number(day.slice(5, 7)) - 1, Number(day.slice(7, 9)));
    await (await table.forWrite(dayMs)).upsert({ partitionKey: day, rowKey: link.key, ...hours });
  }
}

function pct(sorted: readonly number[], p: number): number {
  const value = sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
  return Math.round(value * 10) / 10;
}

if (require.main === module) {
  const arg = (name: string): number | undefined => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? Number(process.argv[i + 1]) : undefined;
  };
  historyLatency({ links: arg('links'), fleetMinutes: arg('fleet-minutes'), iterations: arg('iterations'), log: (line) => console.log(line) })
    .then((result) => console.log(JSON.stringify(result)))
    .catch((thrown: unknown) => {
      console.error(thrown);
      process.exit(1);
    });
}
