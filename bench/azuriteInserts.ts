/**
 * Azurite alone: how the cost of inserting snapshot-like rows grows with what a table already holds. Rows go in
 * 100-entity transactions as the snapshot store writes them; each step inserts STEP rows and is timed as the table
 * fills up to `rows`. Three layouts, each in a fresh table: 4 partitions (the snapshot store's day buckets),
 * 64 partitions (the same rows spread 16× thinner), and 4 partitions in a new table every `rows / 4` rows (what a
 * shorter slice would give). Says whether Azurite's cost follows the table, the partition, or neither.
 */
import { createTableCatalog, type Entity } from '../src/adapters/storage/tableClients';
import { mapLimit } from '../src/core/mapLimit';
import { startAzurite } from '../src/local/stack/startAzurite';
import { median } from './coldStart';
import type { BenchResult } from './listGateways';

const STEP = 2_000;

export async function benchAzuriteInserts(options: { readonly rows?: number; readonly log?: (line: string) => void } = {}): Promise<BenchResult> {
  const rows = options.rows ?? 40_000;
  const log = options.log ?? (() => undefined);
  const azurite = await startAzurite();
  try {
    const catalog = createTableCatalog(azurite.connectionString);
    const layout = async (name: string, partitions: number, rowsPerTable: number): Promise<number[]> => {
      const perStep: number[] = [];
      for (let done = 0; done < rows; done += STEP) {
        const table = catalog.open(`${name}${Math.floor(done / rowsPerTable)}`);
        await table.ensureExists();
        const batches = new Map<string, Entity[]>();
        for (let i = done; i < done + STEP; i++) {
          const partitionKey = `d20261206-b${i % partitions}`;
          batches.set(partitionKey, [...(batches.get(partitionKey) ?? []), snapshotLike(partitionKey, i)]);
        }
        const chunks = [...batches.values()].flatMap((list) => Array.from({ length: Math.ceil(list.length / 100) }, (_, k) => list.slice(k * 100, k * 100 + 100)));
        const started = performance.now();
        await mapLimit(chunks, 8, (chunk) => table.batch(chunk.map((e) => ['create', e] as const)));
        perStep.push(performance.now() - started);
      }
      log(`  ${name}: ${perStep.map((ms) => Math.round(ms)).join(' ')} ms per ${STEP} rows`);
      return perStep;
    };
    const first = (steps: number[]): number => median(steps.slice(0, 2));
    const last = (steps: number[]): number => median(steps.slice(-2));
    const four = await layout('azfour', 4, rows);
    const sixtyFour = await layout('azsixtyfour', 64, rows);
    const sliced = await layout('azsliced', 4, rows / 4);
    const perThousand = (ms: number): number => Math.round((ms * 1000) / STEP);
    return {
      name: 'azuriteInserts',
      metrics: {
        rows,
        msPer1000RowsEmpty4Partitions: perThousand(first(four)),
        msPer1000RowsFull4Partitions: perThousand(last(four)),
        growth4Partitions: ratio(last(four), first(four)),
        growth64Partitions: ratio(last(sixtyFour), first(sixtyFour)),
        growthNewTableEveryQuarter: ratio(last(sliced), first(sliced)),
      },
    };
  } finally {
    await azurite.stop();
  }
}

/** A row shaped like a snapshot row: keys plus one JSON property of about 600 characters (tableSnapshotStore). */
function snapshotLike(partitionKey: string, i: number): Entity {
  const id = `/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg-bench/providers/Microsoft.Network/vpnGateways/gw${i % 100}/vpnConnections/c${i}/vpnLinkConnections/l0`;
  const snapshot = { id, key: String(i).padStart(32, '0'), kind: 'vwan', subscriptionId: '00000000-0000-4000-8000-000000000001', resourceGroup: 'rg-bench', gateway: `gw${i % 100}`, connection: `c${i}`, link: 'l0', site: `site-${i}`, status: 'Connected', statusSource: 'list', statusAt: '2026-12-06T10:00:00.000Z', provisioningState: 'Succeeded', ingressBytes: String(1_000_000 + i), egressBytes: String(2_000_000 + i), polledAt: '2026-12-06T10:00:00.000Z' };
  return { partitionKey, rowKey: `${snapshot.key}~${String(1_765_000_000_000 + i).padStart(13, '0')}`, snapshot: JSON.stringify(snapshot) };
}

function ratio(a: number, b: number): number {
  return Number((a / Math.max(1, b)).toFixed(2));
}
