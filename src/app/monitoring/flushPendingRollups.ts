import { toError } from '../../core/errors';
import { linkGroupOf } from '../../core/ids/linkGroup';
import type { HourlyRollup } from '../../core/rollups/hourlyRollup';
import { acknowledgeFlushed } from '../../core/rollups/linkHourRollup';
import type { MonitoringDeps } from './monitoringDeps';
import type { ConnectionGroup } from './monitoringPorts';

export interface RollupFlush {
  /** Finished link-hours confirmed written to the rollup table. */
  readonly flushed: number;
  /** Finished link-hours left pending in link state (the write failed); the next cycle retries them. */
  readonly pending: number;
}

/**
 * Writes the finished hours that link state holds as pending (one Merge of one hour property per link, batched),
 * then removes the confirmed ones from state (ETag-safe, like the pending request mark). Runs after the state that
 * holds them is written, so a crash before or during the flush loses nothing: the next cycle finds them pending and
 * writes them again; rewriting an hour replaces it with the same values (at least once, never counted twice).
 * A rollup table failure does not fail the cycle: the hours stay pending.
 */
export async function flushPendingRollups(deps: MonitoringDeps, rollups: readonly HourlyRollup[], read: { readonly scanAll: boolean; readonly outOfOrder?: ReadonlySet<string> }): Promise<RollupFlush> {
  if (rollups.length === 0) return { flushed: 0, pending: 0 };
  const byHour = new Map<string, HourlyRollup[]>();
  for (const r of rollups) byHour.set(r.hour, [...(byHour.get(r.hour) ?? []), r]);
  const flushedHours = new Map<string, Set<string>>();
  let flushed = 0;
  for (const [hour, rows] of [...byHour].sort(([a], [b]) => a.localeCompare(b))) {
    try {
      await deps.rollups.writeHour(hour, rows);
    } catch (thrown) {
      deps.telemetry?.event('RollupFlushFailed', { hour, message: toError(thrown).message.slice(0, 200) }, { links: rows.length });
      continue;
    }
    flushed += rows.length;
    for (const r of rows) flushedHours.set(r.linkKey, (flushedHours.get(r.linkKey) ?? new Set()).add(hour));
  }
  if (flushed === 0) return { flushed, pending: rollups.length };
  const groups = new Map<string, ConnectionGroup>();
  for (const r of rollups) {
    const group = flushedHours.has(r.linkKey) ? linkGroupOf(r.linkId) : undefined;
    if (group) groups.set(group.connectionId, group);
  }
  await deps.states.update(
    [...groups.values()],
    (_group, current) => ({ links: [...current.values()].map((s) => acknowledgeFlushed(s, flushedHours.get(s.key))), result: undefined }),
    read,
  );
  return { flushed, pending: rollups.length - flushed };
}
