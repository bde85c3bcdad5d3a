import type { FleetHour, RollupStore } from '../../app/queries/queryPorts';
import type { HourlyRollup } from '../../core/rollups/hourlyRollup';
import { odata, type StoredEntity } from './tableClients';
import type { SlicedTable } from './tableSlices';
import { mapLimit, partitionBatches } from './tableKeys';

/**
 * Hourly rollups in time-sliced tables (`{prefix}rollup{yyyyMMdd}`, 10 days each), one entity per (UTC day, link): PartitionKey `d{yyyyMMdd}`, RowKey = link key, and one JSON
 * property per hour (`h00`..`h23`). The poller's write path reads one day partition (selecting only the hour it
 * folds into) and merges that single property in 100-entity transactions; a link's 30 days are ~31 point reads,
 * not 720. Merge (not replace) leaves the day's other hours untouched.
 */
const POINT_READS_UP_TO = 40;

export function createTableRollupStore(slices: SlicedTable, options: { readonly concurrency?: number } = {}): RollupStore {
  const concurrency = options.concurrency ?? 16;
  // A day partition lies inside one slice; a slice never written reads as empty.
  const tableOf = (hourOrDay: string) => slices.at(Date.parse(`${hourOrDay.slice(0, 10)}T00:00:00Z`));
  return {
    readHour: async (hour, linkKeys) => {
      const found = new Map<string, HourlyRollup>();
      const add = (row: StoredEntity | undefined): void => {
        const rollup = row && slotOf(row, hour);
        if (rollup) found.set(row.rowKey, rollup);
      };
      if (linkKeys.length <= POINT_READS_UP_TO) {
        for (const row of await mapLimit(linkKeys, concurrency, (key) => tableOf(hour).get(dayPartition(hour), key))) add(row);
        return found;
      }
      // Many links: one partition scan (≤1,000 rows a page, only this hour's property) beats a point read each.
      const wanted = new Set(linkKeys);
      for await (const page of tableOf(hour).pages(odata`PartitionKey eq ${dayPartition(hour)}`, { select: ['RowKey', hourProperty(hour)] })) {
        for (const row of page) if (wanted.has(row.rowKey)) add(row);
      }
      return found;
    },
    writeHour: async (hour, rollups) => {
      const table = await slices.forWrite(Date.parse(hour)); // created once per process
      const entities = rollups.map((r) => ({ partitionKey: dayPartition(hour), rowKey: r.linkKey, [hourProperty(hour)]: JSON.stringify(r) }));
      await mapLimit(partitionBatches(entities, (e) => e.partitionKey), 8, (batch) => table.batch(batch.map((e) => ['upsert', e, 'Merge'] as const)));
    },
    readFleetHours: async (hours) => {
      const sums = new Map(hours.map((hour) => [hour, { hour, links: 0, linksDown: 0, downSeconds: 0 }]));
      const days = [...new Set(hours.map(dayPartition))];
      await mapLimit(days, concurrency, async (day) => {
        const mine = hours.filter((h) => dayPartition(h) === day);
        const filter = odata`PartitionKey eq ${day}`;
        for await (const page of tableOf(mine[0]!).pages(filter, { select: ['RowKey', ...mine.map(hourProperty)] })) {
          for (const row of page) for (const hour of mine) addTo(sums.get(hour)!, slotOf(row, hour));
        }
      });
      return hours.map((hour): FleetHour => sums.get(hour)!);
    },
    readLinkHours: async (linkKey, hours) => {
      const days = [...new Set(hours.map((hour) => hour.slice(0, 10)))];
      const rows = new Map(await mapLimit(days, concurrency, async (day) => [dayPartition(day), await tableOf(day).get(dayPartition(day), linkKey)] as const));
      return hours.flatMap((hour) => {
        const row = rows.get(dayPartition(hour));
        const rollup = row && slotOf(row, hour);
        return rollup ? [rollup] : [];
      });
    },
  };
}

function addTo(sum: { links: number; linksDown: number; downSeconds: number }, rollup: HourlyRollup | undefined): void {
  if (!rollup) return;
  sum.links += 1;
  sum.linksDown += rollup.downSeconds > 0 || rollup.upSamples < rollup.samples ? 1 : 0;
  sum.downSeconds += rollup.downSeconds;
}

/** `d{yyyyMMdd}` of an ISO hour start. */
export function dayPartition(hour: string): string {
  return `d${hour.slice(0, 10).replace(/-/g, '')}`;
}

function hourProperty(hour: string): string {
  return `h${hour.slice(11, 13)}`;
}

/** The hour's rollup from its JSON property; anything malformed reads as absent rather than as wrong numbers. */
function slotOf(row: StoredEntity, hour: string): HourlyRollup | undefined {
  const text = row[hourProperty(hour)];
  if (typeof text !== 'string') return undefined;
  try {
    const r = JSON.parse(text) as Partial<HourlyRollup>;
    const numbers = [r.samples, r.upSamples, r.observedSeconds, r.downSeconds, r.peakIngressBps, r.peakEgressBps];
    if (!numbers.every((n) => typeof n === 'number') || typeof r.ingressBytes !== 'string' || typeof r.egressBytes !== 'string' || typeof r.last?.polledAt !== 'string') return undefined;
    return { ...(r as HourlyRollup), hour, linkKey: row.rowKey };
  } catch {
    return undefined;
  }
}
