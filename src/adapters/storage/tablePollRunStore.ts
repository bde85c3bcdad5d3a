import type { PollFailure, PollRunRecord, PollRunStore } from '../../app/monitoring/monitoringPorts';
import { TunnelwatchError } from '../../core/errors';
import { odata, type Entity, type StoredEntity } from './tableClients';
import type { SlicedTable } from './tableSlices';
import { daysBetween, dayKey, timeKey } from './tableKeys';

const NEWEST_FIRST = 9_999_999_999_999;

/**
 * One row per cycle (and per shard) with its failures, so the API can show what could not be read.
 * Time-sliced tables (`{prefix}runs{yyyyMMdd}`, 10 days each, by the cycle's start); PartitionKey `d{yyyyMMdd}`,
 * RowKey `{inverted epochMs}~{shard}`: newest first within a day.
 */
export function createTablePollRunStore(slices: SlicedTable): PollRunStore {
  return {
    claim: async (run, staleAfterMs, nowMs) => {
      const entity = toEntity(run);
      const table = await slices.forWrite(Number(run.cycleId));
      try {
        await table.create(entity);
        return true;
      } catch (error) {
        if (!(error instanceof TunnelwatchError && error.code === 'STORAGE.CONFLICT')) throw error;
      }
      const current = await table.get(entity.partitionKey, entity.rowKey);
      if (!current || current.status !== 'running' || Date.parse(text(current.startedAt)) + staleAfterMs > nowMs) return false;
      try {
        await table.update(entity, current.etag);
        return true;
      } catch (error) {
        if (error instanceof TunnelwatchError && error.code === 'STORAGE.CONFLICT') return false;
        throw error;
      }
    },
    save: async (run) => (await slices.forWrite(Number(run.cycleId))).upsert(toEntity(run)),
    recent: async (fromMs, toMs) => {
      const runs: PollRunRecord[] = [];
      for (const day of daysBetween(fromMs, toMs).reverse()) {
        for await (const page of slices.at(day).pages(odata`PartitionKey eq ${dayKey(day)}`)) runs.push(...page.map(fromEntity));
      }
      return runs.filter((r) => Date.parse(r.startedAt) >= fromMs && Date.parse(r.startedAt) <= toMs);
    },
    lastCompleted: async (fromMs, toMs) => {
      // Newest day first; within a day rows are newest first, so the first match is the answer (one row per day read).
      for (const day of daysBetween(fromMs, toMs).reverse()) {
        const filter = odata`PartitionKey eq ${dayKey(day)} and RowKey ge ${timeKey(NEWEST_FIRST - toMs)} and RowKey le ${`${timeKey(NEWEST_FIRST - fromMs)}~~`} and status eq ${'done'} and shard ne ${'plan'}`;
        for await (const page of slices.at(day).pages(filter, { pageSize: 1 })) if (page[0]) return fromEntity(page[0]);
      }
      return undefined;
    },
  };
}

function toEntity(run: PollRunRecord): Entity & { partitionKey: string; rowKey: string } {
  const startedMs = Number(run.cycleId);
  return {
    partitionKey: dayKey(startedMs),
    rowKey: `${timeKey(NEWEST_FIRST - startedMs)}~${run.shard}`,
    ...run,
    // Bounded so a fleet-wide outage cannot exceed the 64 KiB string limit of a property.
    failures: JSON.stringify(run.failures.slice(0, 100)),
    failureCount: run.failures.length,
  };
}

function fromEntity(e: StoredEntity): PollRunRecord {
  let failures: PollFailure[] = [];
  try {
    const parsed: unknown = JSON.parse(text(e.failures) || '[]');
    if (Array.isArray(parsed)) failures = parsed.filter((f): f is PollFailure => typeof f === 'object' && f !== null && typeof (f as PollFailure).gatewayId === 'string');
  } catch {
    failures = [];
  }
  const status = e.status === 'done' || e.status === 'skipped' ? e.status : 'running';
  return {
    cycleId: text(e.cycleId),
    shard: text(e.shard),
    startedAt: text(e.startedAt),
    ...(typeof e.finishedAt === 'string' && { finishedAt: e.finishedAt }),
    status,
    links: typeof e.links === 'number' ? e.links : 0,
    failures,
  };
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
