import type { RequestGate } from '../../app/remediation/remediationPorts';
import { gateHolder, gateStatus, RELEASED_UNTIL, REQUEST_GATE_TTL_MS } from '../../core/remediation/requestGatePolicy';
import { unlessConflict } from './tableEntityCodec';
import type { StoredEntity, TableHandle } from './tableClients';

const ROW = 'gate';

/**
 * The per-link request gate in a table: PK = link key, RK `gate`, `{ requestId, until }`. Taking it is an insert (the
 * first writer wins) or, once the holder's `until` has passed, a replace conditional on the ETag that was read, so two
 * requests can never both take an expired gate; releasing dates `until` back to 1970, again ETag-conditional.
 */
export function createTableRequestGate(table: TableHandle, ttlMs = REQUEST_GATE_TTL_MS): RequestGate {
  const holderOf = (row: StoredEntity) => ({ requestId: String(row.requestId), until: String(row.until) });
  const entity = (linkKey: string, holder: { requestId: string; until: string }) => ({ partitionKey: linkKey, rowKey: ROW, ...holder });
  return {
    enter: async (linkKey, requestId, now) => {
      await table.ensureExists();
      const mine = entity(linkKey, gateHolder(requestId, now, ttlMs));
      if ((await unlessConflict(() => table.create(mine))) !== undefined) return true;
      const seen = await table.get(linkKey, ROW);
      if (!seen) return false;
      const status = gateStatus(holderOf(seen), requestId, now);
      if (status !== 'free') return status === 'ours';
      return (await unlessConflict(() => table.update(mine, seen.etag))) !== undefined;
    },
    release: async (linkKey, requestId) => {
      const seen = await table.get(linkKey, ROW);
      if (!seen || String(seen.requestId) !== requestId) return;
      await unlessConflict(() => table.update(entity(linkKey, { requestId, until: RELEASED_UNTIL }), seen.etag));
    },
  };
}
