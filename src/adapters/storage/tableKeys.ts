import { stableBucket } from '../../core/ids/stableBucket';

/**
 * Snapshots spread each day over this many partitions (a link always lands in the same one): few, so a cycle costs
 * few ≤100-entity transactions. TW_SNAPSHOT_PARTITIONS changes it for the local stack only (docs/storage.md).
 */
export const SNAPSHOT_BUCKETS = 4;
const DAY_MS = 86_400_000;

/** `d{yyyyMMdd}` of the UTC day of `ms`. */
export function dayKey(ms: number): string {
  return `d${new Date(ms).toISOString().slice(0, 10).replace(/-/g, '')}`;
}

/** Epoch ms zero-padded to 13 digits, so string order is time order (until the year 2286). */
export function timeKey(ms: number): string {
  return String(Math.max(0, Math.floor(ms))).padStart(13, '0');
}

export function snapshotPartition(linkKey: string, ms: number, buckets = SNAPSHOT_BUCKETS): string {
  return `${dayKey(ms)}-b${stableBucket(linkKey, buckets)}`;
}

/** UTC day starts from the day of `fromMs` to the day of `toMs`, oldest first (bounded by the caller's range). */
export function daysBetween(fromMs: number, toMs: number): number[] {
  const days: number[] = [];
  for (let day = Math.floor(fromMs / DAY_MS) * DAY_MS; day <= toMs; day += DAY_MS) days.push(day);
  return days;
}

/** Groups items by partition key and cuts each group into entity-group transactions of at most `size`. */
export function partitionBatches<T>(items: readonly T[], partitionOf: (item: T) => string, size = 100): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const pk = partitionOf(item);
    const group = groups.get(pk) ?? [];
    group.push(item);
    groups.set(pk, group);
  }
  const batches: T[][] = [];
  for (const group of groups.values()) for (let i = 0; i < group.length; i += size) batches.push(group.slice(i, i + size));
  return batches;
}

/** Re-exported for callers that already import it from here. */
export { mapLimit } from '../../core/mapLimit';
