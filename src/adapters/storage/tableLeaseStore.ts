import type { LeaseStore } from '../../app/monitoring/monitoringPorts';
import { TunnelwatchError } from '../../core/errors';
import type { TableHandle } from './tableClients';

/**
 * Non-overlap guard for cycles: one row per lease name with holder and expiry, taken with create (409 = someone
 * else has it) or an ETag-conditional update of an expired row (412 = someone else took it first).
 */
export function createTableLeaseStore(table: TableHandle): LeaseStore {
  const partitionKey = 'lease';
  return {
    acquire: async (name, holder, nowMs, ttlMs) => {
      const row = { partitionKey, rowKey: name, holder, expiresAtMs: nowMs + ttlMs };
      try {
        const current = await table.get(partitionKey, name);
        if (!current) {
          await table.create(row);
          return true;
        }
        if (typeof current.expiresAtMs === 'number' && current.expiresAtMs > nowMs && current.holder !== holder) return false;
        await table.update(row, current.etag);
        return true;
      } catch (error) {
        if (error instanceof TunnelwatchError && error.code === 'STORAGE.CONFLICT') return false;
        throw error;
      }
    },
    release: async (name, holder, nowMs) => {
      const current = await table.get(partitionKey, name);
      if (!current || current.holder !== holder) return;
      try {
        await table.update({ partitionKey, rowKey: name, holder, expiresAtMs: nowMs }, current.etag);
      } catch (error) {
        // Someone took over an expired lease: theirs now, nothing to release.
        if (!(error instanceof TunnelwatchError && error.code === 'STORAGE.CONFLICT')) throw error;
      }
    },
  };
}
