import { createHash } from 'node:crypto';
import { ALERT_CLAIM_STALE_MS, type AlertDedup, type Prunable } from '../../app/remediation/remediationPorts';
import { fieldsOf, unlessConflict } from './tableEntityCodec';
import { odata, type TableHandle } from './tableClients';
import { deleteWhere } from './tableDeletes';

const ROW = 'delivery';
/** A released claim's time: stale for any clock, so the next claim takes it over. */
const RELEASED_AT = new Date(0).toISOString();

/**
 * Webhook dedup rows keyed by a hash of alert id + monitor condition (alert ids hold '/', which keys forbid).
 * The first insert wins; a row whose enqueue never completed is 'in-flight' until it is `staleMs` old or released,
 * then taken over (ETag). `at` is the claim time the retention timer ages rows by.
 */
export function createTableAlertDedup(
  table: TableHandle,
  staleMs = ALERT_CLAIM_STALE_MS,
): AlertDedup & Prunable {
  const pk = (key: string): string => createHash('sha256').update(key).digest('hex');
  return {
    claim: async (key, now) => {
      await table.ensureExists();
      const entity = {
        partitionKey: pk(key),
        rowKey: ROW,
        key: key.slice(0, 1024),
        at: now.toISOString(),
        enqueued: false,
      };
      if ((await unlessConflict(() => table.create(entity))) !== undefined) return 'first';
      const seen = await table.get(pk(key), ROW);
      if (!seen) return 'in-flight';
      if (seen.enqueued === true) return 'duplicate';
      if (now.getTime() - Date.parse(String(seen.at)) < staleMs) return 'in-flight';
      return (await unlessConflict(() => table.update(entity, seen.etag))) !== undefined
        ? 'first'
        : 'in-flight';
    },
    markEnqueued: async (key) => {
      const seen = await table.get(pk(key), ROW);
      if (seen)
        await unlessConflict(() =>
          table.update(
            { ...fieldsOf(seen), partitionKey: seen.partitionKey, rowKey: ROW, enqueued: true },
            seen.etag,
          ),
        );
    },
    // A few days of deliveries: a scan on the claim time is small.
    deleteBefore: (cutoffMs) => deleteWhere(table, odata`at lt ${new Date(cutoffMs).toISOString()}`),
    release: async (key) => {
      const seen = await table.get(pk(key), ROW);
      if (seen && seen.enqueued !== true)
        await unlessConflict(() =>
          table.update(
            { ...fieldsOf(seen), partitionKey: seen.partitionKey, rowKey: ROW, at: RELEASED_AT },
            seen.etag,
          ),
        );
    },
  };
}
