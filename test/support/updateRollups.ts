import type { LinkSnapshot } from '../../src/core/snapshot/linkSnapshot';
import { foldSnapshot, hourOf, MAX_SAMPLE_GAP_MS, type HourlyRollup } from '../../src/core/rollups/hourlyRollup';
import { HOUR_MS } from '../../src/core/queries/queryLimits';
import type { RollupStore } from '../../src/app/queries/queryPorts';

export interface RollupUpdate {
  readonly hours: number;
  readonly entities: number;
}

/**
 * Folds a batch of snapshots into the hourly rollups by reading and rewriting the hours they touch. The poller does
 * not call this (it keeps the current hour in link state and writes each hour once, see rollLinkHour and
 * flushPendingRollups); this is the batch path: test fixtures, the history benchmark, a backfill from raw snapshots.
 * Per hour touched: one read of that hour's rows for these links, one more for links new in the hour (their
 * previous sample lives in the previous hour), then batched upserts — about links/100 + 2 round trips.
 * Idempotent: snapshots already folded (by poll time) are ignored, so a retried cycle does not count twice.
 * Snapshots from the future (beyond now + one gap) are ignored rather than opening hours ahead of time.
 */
export async function updateRollups(store: RollupStore, snapshots: readonly LinkSnapshot[], now: Date): Promise<RollupUpdate> {
  const byHour = new Map<string, LinkSnapshot[]>();
  for (const s of snapshots) {
    const t = Date.parse(s.polledAt);
    if (Number.isNaN(t) || t > now.getTime() + MAX_SAMPLE_GAP_MS) continue;
    const hour = hourOf(s.polledAt);
    byHour.set(hour, [...(byHour.get(hour) ?? []), s]);
  }
  let entities = 0;
  for (const hour of [...byHour.keys()].sort()) {
    const rows = byHour.get(hour)!.sort((a, b) => Date.parse(a.polledAt) - Date.parse(b.polledAt));
    const written = await updateHour(store, hour, rows);
    entities += written;
  }
  return { hours: byHour.size, entities };
}

async function updateHour(store: RollupStore, hour: string, snapshots: readonly LinkSnapshot[]): Promise<number> {
  const keys = [...new Set(snapshots.map((s) => s.key))];
  const current = new Map(await store.readHour(hour, keys));
  const newInHour = keys.filter((k) => !current.has(k));
  const previousHour = new Date(Date.parse(hour) - HOUR_MS).toISOString();
  const previous = newInHour.length > 0 ? await store.readHour(previousHour, newInHour) : new Map<string, HourlyRollup>();
  const changed = new Map<string, HourlyRollup>();
  for (const s of snapshots) {
    const before = current.get(s.key);
    const after = foldSnapshot(before, previous.get(s.key)?.last, s);
    if (after === before) continue;
    current.set(s.key, after);
    changed.set(s.key, after);
  }
  if (changed.size > 0) await store.writeHour(hour, [...changed.values()]);
  return changed.size;
}
