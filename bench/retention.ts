/**
 * Retention benchmark: expire one day of N snapshot rows and one day of 4N (N ≥ 50,000) on Azurite through the real
 * adapter, counting storage requests; plus the sizing numbers of docs/storage.md, measured on a real 1,000-link poll
 * cycle against the simulator: bytes per snapshot row, rows and transactions per day and GB per month per 1,000
 * links at one poll a minute.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTableCatalog, type StoredEntity } from '../src/adapters/storage/tableClients';
import { createTableSnapshotStore, fromEntity } from '../src/adapters/storage/tableSnapshotStore';
import { runPollCycle } from '../src/app/monitoring/runPollCycle';
import { createMonitoringDeps } from '../src/composition/createMonitoringDeps';
import { monitoringSlices } from '../src/composition/slicedTables';
import { loadConfig } from '../src/config/loadConfig';
import type { LinkSnapshot } from '../src/core/snapshot/linkSnapshot';
import { DAY_MS } from '../src/core/retention/timeSlices';
import { startAzurite } from '../src/local/stack/startAzurite';
import { startSimulator } from '../src/simulator';
import { testTokenCredential } from '../test/support/simulatorClient';
import type { BenchResult } from './listGateways';

const MINUTE = 60_000;
/** Links in the sizing fleet (1 subscription × 10 gateways × 50 connections × 2 links). */
const SIZING_FLEET = '1x10x50x2';

export interface RetentionBenchOptions {
  readonly rowsSmall?: number;
  readonly log?: (line: string) => void;
}

export async function benchRetention(options: RetentionBenchOptions = {}): Promise<BenchResult> {
  const log = options.log ?? (() => undefined);
  const rowsSmall = options.rowsSmall ?? 50_000;
  const azurite = await startAzurite();
  const sim = await startSimulator({ fleet: { spec: SIZING_FLEET, classicConnections: 0, expressRoute: false }, statusInLists: true });
  try {
    const caFile = path.join(mkdtempSync(path.join(tmpdir(), 'tw-bench-')), 'sim.pem');
    writeFileSync(caFile, sim.certPem);
    const prefix = 'bret';
    const day0 = Math.floor(Date.now() / DAY_MS) * DAY_MS - 10 * DAY_MS;
    const clock = { now: () => new Date(day0 + 12 * 60 * MINUTE) };
    const deps = createMonitoringDeps(
      loadConfig({ AzureWebJobsStorage: azurite.connectionString, TW_SCOPES: `/subscriptions/${sim.fleet.subscriptionIds()[0]}`, TW_ARM_ENDPOINT: sim.url, TW_ARM_CA_FILE: caFile, TW_TABLE_PREFIX: prefix, TW_SHARD_THRESHOLD_GATEWAYS: '100000' }),
      { credential: testTokenCredential, clock },
    );
    await deps.ensureStorage();
    await runPollCycle(deps); // creates the state rows: the next cycle is a steady one
    clock.now = () => new Date(day0 + 12 * 60 * MINUTE + MINUTE);
    const steady = await runPollCycle(deps);
    const counter = { count: 0 };
    const slices = monitoringSlices(createTableCatalog(azurite.connectionString, counter), prefix);
    const rows = await cycleRows(slices.snapshots.at(day0).pages("PartitionKey ge ''"), day0 + 12 * 60 * MINUTE + MINUTE);
    const template = rows.map(fromEntity);
    const store = createTableSnapshotStore(slices.snapshots);

    // One more cycle's snapshots alone, through the adapter: the transactions a cycle's snapshot rows cost.
    counter.count = 0;
    await store.write(at(template, day0 + 13 * 60 * MINUTE));
    const snapshotTransactionsPerCycle = counter.count;
    const bytes = rows.map(entityBytes);
    const bytesPerRow = Math.round(bytes.reduce((a, b) => a + b, 0) / bytes.length);
    const perDay = 1440 * (1000 / template.length);

    // Days 1 and 2: N and 4N rows, written cycle by cycle (a minute apart) as the poller would, spread over 64
    // partitions a day as the local stack does (TW_SNAPSHOT_PARTITIONS): Azurite's insert cost grows with the rows
    // already in a partition (azuriteInserts), so 4 partitions of 50,000 rows each take tens of minutes to seed. What
    // is measured, expiring a day, is one DeleteTable whatever the partitions; Table Storage's cost does not depend on them.
    const seedStore = createTableSnapshotStore(slices.snapshots, { partitionsPerDay: 64 });
    const seeding = performance.now();
    const seed = async (day: number, total: number): Promise<number> => {
      let written = 0;
      for (let c = 0; written < total; c++) {
        const batch = at(template, day + c * MINUTE).slice(0, total - written);
        await seedStore.write(batch);
        written += batch.length;
        // Azurite's insert cost grows with the table: say how the seeding goes.
        if (written % 10_000 < batch.length) log(`  ${written} of ${total} rows into ${new Date(day).toISOString().slice(0, 10)} after ${Math.round((performance.now() - seeding) / 1000)} s`);
      }
      return written;
    };
    const seeded = [await seed(day0 + DAY_MS, rowsSmall), await seed(day0 + 2 * DAY_MS, 4 * rowsSmall)];
    log(`seeded ${seeded.join(' and ')} snapshot rows`);
    const expire = async (day: number): Promise<{ requests: number; wallMs: number; deleted: number }> => {
      counter.count = 0;
      const started = performance.now();
      const deleted = await slices.snapshots.expireBefore(day + DAY_MS);
      return { requests: counter.count, wallMs: Math.round(performance.now() - started), deleted: deleted.length };
    };
    await slices.snapshots.expireBefore(day0 + DAY_MS); // the sizing day first, so each measured run expires one day
    const small = await expire(day0 + DAY_MS);
    const large = await expire(day0 + 2 * DAY_MS);
    if (small.deleted !== 1 || large.deleted !== 1) throw new Error(`expected one slice per run, got ${small.deleted} and ${large.deleted}`);
    return {
      name: 'retention',
      metrics: {
        rowsSmall: seeded[0]!,
        rowsLarge: seeded[1]!,
        storageRequestsSmall: small.requests,
        storageRequestsLarge: large.requests,
        wallMsSmall: small.wallMs,
        wallMsLarge: large.wallMs,
        sizingLinks: template.length,
        bytesPerSnapshotRow: bytesPerRow,
        steadyCycleTableRoundTrips: steady.tableRoundTrips,
        snapshotTransactionsPerCycle,
        snapshotRowsPerDayPer1000Links: Math.round(perDay * template.length),
        snapshotTransactionsPerDayPer1000Links: Math.round(perDay * snapshotTransactionsPerCycle),
        cycleTransactionsPerDayPer1000Links: Math.round(perDay * steady.tableRoundTrips),
        snapshotGbPerMonthPer1000Links: Number(((perDay * template.length * bytesPerRow * 30) / 1e9).toFixed(2)),
      },
    };
  } finally {
    await sim.stop();
    await azurite.stop();
  }
}

async function cycleRows(pages: AsyncIterable<StoredEntity[]>, polledAtMs: number): Promise<StoredEntity[]> {
  const suffix = `~${String(polledAtMs).padStart(13, '0')}`;
  const rows: StoredEntity[] = [];
  for await (const page of pages) rows.push(...page.filter((r) => r.rowKey.endsWith(suffix)));
  if (rows.length === 0) throw new Error('the sizing cycle stored no snapshots');
  return rows;
}

function at(template: readonly LinkSnapshot[], ms: number): LinkSnapshot[] {
  const polledAt = new Date(ms).toISOString();
  return template.map((s) => ({ ...s, polledAt }));
}

/**
 * Billed size of a stored entity (Azure Storage team's formula, "How the size of an entity is calculated"):
 * 4 + 2 × (PartitionKey + RowKey length) + for each property 8 + 2 × name length + its value (strings 4 + 2 × length,
 * including the service's Timestamp, a DateTime of 8 bytes).
 */
export function entityBytes(row: StoredEntity): number {
  let size = 4 + 2 * (row.partitionKey.length + row.rowKey.length) + (8 + 2 * 'Timestamp'.length + 8);
  for (const [name, value] of Object.entries(row)) {
    if (name === 'partitionKey' || name === 'rowKey' || name === 'etag') continue;
    size += 8 + 2 * name.length + (typeof value === 'string' ? 4 + 2 * value.length : 8);
  }
  return size;
}
