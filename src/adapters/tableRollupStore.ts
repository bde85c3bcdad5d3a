import type { RollupStore } from '../app/queries/queryPorts';
import type { HourlyRollup } from '../core/rollups/hourlyRollup';
import { odata, type Entity, type StoredEntity, type TableHandle } from './tableClients';
import { mapLimit, partitionBatches } from './tableKeys';

/**
 * Hourly rollups: PartitionKey `h{yyyyMMddHH}`, RowKey = link key. The poller's write path reads and upserts one
 * hour partition per cycle in 100-entity transactions; a link's 30 days are 720 point reads run in parallel
 * (point reads are the cheapest Table operation and need no partition scan).
 */
const POINT_READS_UP_TO = 40;

export function createTableRollupStore(table: TableHandle, options: { readonly concurrency?: number } = {}): RollupStore {
  const concurrency = options.concurrency ?? 32;
  return {
    readHour: async (hour, linkKeys) => {
      const pk = hourPartition(hour);
      const found = new Map<string, HourlyRollup>();
      if (linkKeys.length <= POINT_READS_UP_TO) {
        const rows = await mapLimit(linkKeys, concurrency, (key) => table.get(pk, key));
        for (const row of rows) if (row) found.set(row.rowKey, fromEntity(row));
        return found;
      }
      // Many links: one partition scan (≤1,000 rows a page) is fewer round trips than a point read each.
      const wanted = new Set(linkKeys);
      for await (const page of table.pages(odata`PartitionKey eq ${pk}`)) {
        for (const row of page) if (wanted.has(row.rowKey)) found.set(row.rowKey, fromEntity(row));
      }
      return found;
    },
    writeHour: async (hour, rollups) => {
      await table.ensureExists(); // once per process (cached by the handle)
      const batches = partitionBatches(rollups, () => hourPartition(hour));
      await mapLimit(batches, 8, (batch) => table.batch(batch.map((r) => ['upsert', toEntity(hour, r), 'Replace'] as const)));
    },
    readLinkHours: async (linkKey, hours) => {
      const rows = await mapLimit(hours, concurrency, (hour) => table.get(hourPartition(hour), linkKey));
      return rows.flatMap((row, i) => (row ? [fromEntity(row, hours[i])] : []));
    },
  };
}

/** `h{yyyyMMddHH}` of an ISO hour start. */
export function hourPartition(hour: string): string {
  return `h${hour.slice(0, 13).replace(/[-T]/g, '')}`;
}

function toEntity(hour: string, r: HourlyRollup): Entity {
  return {
    partitionKey: hourPartition(hour),
    rowKey: r.linkKey,
    hour: r.hour,
    linkId: r.linkId,
    samples: r.samples,
    upSamples: r.upSamples,
    observedSeconds: r.observedSeconds,
    downSeconds: r.downSeconds,
    ingressBytes: r.ingressBytes,
    egressBytes: r.egressBytes,
    peakIngressBps: r.peakIngressBps,
    peakEgressBps: r.peakEgressBps,
    lastPolledAt: r.last.polledAt,
    lastIngressBytes: r.last.ingressBytes,
    lastEgressBytes: r.last.egressBytes,
  };
}

function fromEntity(e: StoredEntity, hour?: string): HourlyRollup {
  const num = (name: string): number => (typeof e[name] === 'number' ? (e[name]) : 0);
  const text = (name: string, fallback = ''): string => (typeof e[name] === 'string' ? (e[name]) : fallback);
  return {
    hour: text('hour', hour ?? ''),
    linkKey: e.rowKey,
    linkId: text('linkId'),
    samples: num('samples'),
    upSamples: num('upSamples'),
    observedSeconds: num('observedSeconds'),
    downSeconds: num('downSeconds'),
    ingressBytes: text('ingressBytes', '0'),
    egressBytes: text('egressBytes', '0'),
    peakIngressBps: num('peakIngressBps'),
    peakEgressBps: num('peakEgressBps'),
    last: { polledAt: text('lastPolledAt'), ingressBytes: text('lastIngressBytes', '0'), egressBytes: text('lastEgressBytes', '0') },
  };
}
