import type {
  AuditEntry,
  AuditPage,
  AuditQuery,
  AuditStore,
  Prunable,
} from '../../app/remediation/remediationPorts';
import { TunnelwatchError } from '../../core/errors';
import { fieldsOf, flatEntity } from './tableEntityCodec';
import { odata, type StoredEntity, type TableHandle } from './tableClients';
import { dayKey, timeKey } from './tableKeys';
import { deleteWhere } from './tableDeletes';

const DAY_MS = 86_400_000;
const MAX_DAYS = 400;
const LATEST = 9_999_999_999_999;
const MAX_SEQUENCE = 999_999_999;
const JSON_FIELDS = ['guards'] as const;

/**
 * Append-only audit log. PartitionKey = UTC day (d20250415), RowKey = inverted time + id, so a day reads newest
 * first and a `from..to` range is a scan of a few day partitions, newest day first. Rows are only ever inserted.
 * The continuation token is the last key served ("<pk>|<rk>"): the next page resumes right after it.
 */
export function createTableAuditStore(table: TableHandle): AuditStore & Prunable {
  let appended = 0;
  return {
    append: async (entry) => {
      await table.ensureExists();
      const ms = Date.parse(entry.at);
      const guards = entry.guards ? JSON.stringify(entry.guards).slice(0, 30_000) : undefined;
      // Rows of the same millisecond keep their append order (per process): a falling sequence sorts later rows first.
      const sequence = String(MAX_SEQUENCE - (++appended % MAX_SEQUENCE)).padStart(9, '0');
      await table.create(
        flatEntity(dayKey(ms), `${timeKey(LATEST - ms)}-${sequence}-${entry.id}`, { ...entry, guards }),
      );
    },
    list: async (query) => list(table, query),
    // Day partitions sort by day: whole days before the cutoff day go, in one PartitionKey range.
    deleteBefore: (cutoffMs) => deleteWhere(table, odata`PartitionKey lt ${dayKey(cutoffMs)}`),
  };
}

async function list(table: TableHandle, query: AuditQuery): Promise<AuditPage> {
  const fromMs = Date.parse(query.from);
  const toMs = Date.parse(query.to);
  if (Number.isNaN(fromMs) || Number.isNaN(toMs) || fromMs > toMs)
    throw new TunnelwatchError('REQUEST.INVALID', 'from and to must be ISO 8601 times with from <= to');
  if (toMs - fromMs > MAX_DAYS * DAY_MS)
    throw new TunnelwatchError('REQUEST.INVALID', `the audit range is at most ${MAX_DAYS} days`);
  await table.ensureExists();
  // Stored times are toISOString() (with milliseconds); compare like with like.
  const from = new Date(fromMs).toISOString();
  const to = new Date(toMs).toISOString();
  const top = Math.max(1, Math.min(query.top ?? 100, 1000));
  const [resumePk, resumeRk] = (query.continuationToken ?? '').split('|');
  const items: AuditEntry[] = [];
  let lastKey = '';
  for (
    let day = Math.floor(toMs / DAY_MS) * DAY_MS;
    day >= Math.floor(fromMs / DAY_MS) * DAY_MS;
    day -= DAY_MS
  ) {
    const pk = dayKey(day);
    if (resumePk && pk > resumePk) continue;
    let filter = odata`PartitionKey eq ${pk} and at ge ${from} and at le ${to}`;
    if (resumePk === pk && resumeRk) filter += odata` and RowKey gt ${resumeRk}`;
    if (query.linkKey) filter += odata` and linkKey eq ${query.linkKey}`;
    if (query.outcome) filter += odata` and outcome eq ${query.outcome}`;
    for await (const page of table.pages(filter, { pageSize: top + 1 - items.length })) {
      for (const row of page) {
        // One row beyond `top` proves there is more: the token is the key of the last row served.
        if (items.length === top) return { items, continuationToken: lastKey };
        items.push(entryOf(row));
        lastKey = `${row.partitionKey}|${row.rowKey}`;
      }
    }
  }
  return { items };
}

function entryOf(row: StoredEntity): AuditEntry {
  const fields = fieldsOf(row);
  for (const name of JSON_FIELDS) {
    if (typeof fields[name] === 'string') {
      try {
        fields[name] = JSON.parse(fields[name]) as unknown;
      } catch {
        delete fields[name];
      }
    }
  }
  return fields as unknown as AuditEntry;
}
