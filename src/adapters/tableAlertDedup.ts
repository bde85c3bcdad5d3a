import { createHash } from 'node:crypto';
import type { AlertDedup } from '../app/remediation/remediationPorts';
import { fieldsOf, unlessConflict } from './tableEntityCodec';
import type { TableHandle } from './tableClients';

const ROW = 'delivery';

/**
 * Webhook dedup rows keyed by a hash of alert id + monitor condition (alert ids hold '/', which keys forbid).
 * The first insert wins; a row whose enqueue never completed can be taken over (ETag) once it is `staleMs` old.
 */
export function createTableAlertDedup(table: TableHandle, staleMs = 30_000): AlertDedup {
  const pk = (key: string): string => createHash('sha256').update(key).digest('hex');
  return {
    claim: async (key, now) => {
      await table.ensureExists();
      const entity = { partitionKey: pk(key), rowKey: ROW, key: key.slice(0, 1024), at: now.toISOString(), enqueued: false };
      if ((await unlessConflict(() => table.create(entity))) !== undefined) return 'first';
      const seen = await table.get(pk(key), ROW);
      if (!seen || seen.enqueued === true || now.getTime() - Date.parse(String(seen.at)) < staleMs) return 'duplicate';
      return (await unlessConflict(() => table.update(entity, seen.etag))) !== undefined ? 'first' : 'duplicate';
    },
    markEnqueued: async (key) => {
      const seen = await table.get(pk(key), ROW);
      if (seen) await unlessConflict(() => table.update({ ...fieldsOf(seen), partitionKey: seen.partitionKey, rowKey: ROW, enqueued: true }, seen.etag));
    },
  };
}
