import { foldSnapshot, hourOf, MAX_SAMPLE_GAP_MS, type HourlyRollup, type LastSample } from '../../core/rollups/hourlyRollup';
import { HOUR_MS } from '../../core/queries/queryLimits';
import type { SnapshotHistoryReader } from './queryPorts';

/** The current hour and the one before it: the hours the rollup table may not hold yet. */
const RECENT_HOURS = 2;
/** One hour of one link at one poll a minute, plus the baseline window before it, with room for retried cycles. */
const MAX_ROWS = 200;

/**
 * Fills the recent hours the rollup table lacks from raw snapshots. The current hour is only written when it
 * finishes (the poller keeps it in link state until then), and the hour before it can lag by a cycle when its flush
 * failed. The fold is the poller's own: the last snapshot before the hour is the baseline of its first sample.
 * Older missing hours stay missing (no data), so a 30-day read never turns into a raw scan.
 */
export async function withRecentHoursFromRaw(
  snapshots: SnapshotHistoryReader,
  linkKey: string,
  hours: readonly string[],
  stored: readonly HourlyRollup[],
  now: Date,
): Promise<HourlyRollup[]> {
  const byHour = new Map(stored.map((r) => [r.hour, r]));
  const oldestRecent = Date.parse(hourOf(now.toISOString())) - (RECENT_HOURS - 1) * HOUR_MS;
  const missing = hours.filter((h) => !byHour.has(h) && Date.parse(h) >= oldestRecent && Date.parse(h) <= now.getTime());
  for (const hour of missing) {
    const rollup = await hourFromRaw(snapshots, linkKey, hour);
    if (rollup) byHour.set(hour, rollup);
  }
  return hours.flatMap((h) => byHour.get(h) ?? []);
}

async function hourFromRaw(snapshots: SnapshotHistoryReader, linkKey: string, hour: string): Promise<HourlyRollup | undefined> {
  const start = Date.parse(hour);
  const from = new Date(start - MAX_SAMPLE_GAP_MS).toISOString();
  const rows = await snapshots.readRange(linkKey, { from, to: new Date(start + HOUR_MS).toISOString(), order: 'asc', limit: MAX_ROWS });
  let baseline: LastSample | undefined;
  let rollup: HourlyRollup | undefined;
  for (const s of rows) {
    if (Date.parse(s.polledAt) < start) baseline = { polledAt: s.polledAt, ingressBytes: s.ingressBytes, egressBytes: s.egressBytes };
    else rollup = foldSnapshot(rollup, baseline, s);
  }
  return rollup;
}
