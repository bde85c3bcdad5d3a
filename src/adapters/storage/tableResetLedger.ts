import type { ResetLedger } from '../../app/remediation/remediationPorts';
import { linkKeyFromId } from '../../core/ids/linkKey';
import { budgetSlotHeldUntil } from '../../core/remediation/resetBudget';
import { isNotFound, unlessConflict } from './tableEntityCodec';
import { odata, type StoredEntity, type TableHandle } from './tableClients';

const BUDGET = 'budget';
const GATEWAY = 'gateway';
const OUTAGE = 'outage';

/**
 * The reset budget and the per-gateway in-flight slot, as rows claimed with ETags:
 * - budget: N slot rows (PartitionKey 'budget', RowKey slot-00000 …); a slot is free once its hour has passed.
 *   Taking one is an insert (new slot) or an ETag replace (expired slot), so two instances never share a slot; its
 *   hour is dated again when the reset is sent (`sentAt`).
 * - gateway: one row per gateway holding the incident and a lease (a crashed holder frees it when the lease ends).
 * - outage: one row per gateway while its blast-radius breaker is open (the first inserter emits the escalation).
 */
export function createTableResetLedger(table: TableHandle, budgetPerHour: number): ResetLedger {
  const slots = async (): Promise<StoredEntity[]> => {
    await table.ensureExists();
    const rows: StoredEntity[] = [];
    for await (const page of table.pages(odata`PartitionKey eq ${BUDGET}`)) rows.push(...page);
    return rows;
  };
  const live = (row: StoredEntity | undefined, now: Date): boolean => typeof row?.heldUntil === 'string' && Date.parse(row.heldUntil) > now.getTime();
  const gatewayRow = async (gatewayId: string): Promise<StoredEntity | undefined> => {
    await table.ensureExists();
    return table.get(GATEWAY, linkKeyFromId(gatewayId));
  };
  return {
    resetsInLastHour: async (now) => (await slots()).filter((row) => live(row, now)).length,
    gatewayHeldBy: async (gatewayId, now) => {
      const row = await gatewayRow(gatewayId);
      return live(row, now) && typeof row?.incidentId === 'string' ? row.incidentId : undefined;
    },
    takeBudgetSlot: async (owner, now) => {
      const byKey = new Map((await slots()).map((row) => [row.rowKey, row]));
      const slot = { owner, takenAt: now.toISOString(), heldUntil: new Date(budgetSlotHeldUntil(now.getTime())).toISOString() };
      for (let i = 0; i < budgetPerHour; i++) {
        const rowKey = `slot-${String(i).padStart(5, '0')}`;
        const row = byKey.get(rowKey);
        if (live(row, now)) continue;
        const entity = { partitionKey: BUDGET, rowKey, ...slot };
        const taken = row ? await unlessConflict(() => table.update(entity, row.etag)) : await unlessConflict(() => table.create(entity));
        if (taken !== undefined) return true;
      }
      return false;
    },
    dateBudgetSlot: async (owner, at) => {
      const row = (await slots()).find((r) => r.owner === owner && live(r, at));
      if (!row) return false;
      const dated = { partitionKey: BUDGET, rowKey: row.rowKey, owner, takenAt: row.takenAt, sentAt: at.toISOString(), heldUntil: new Date(budgetSlotHeldUntil(at.getTime())).toISOString() };
      return (await unlessConflict(() => table.update(dated, row.etag))) !== undefined;
    },
    releaseBudgetSlot: async (owner) => {
      const row = (await slots()).find((r) => r.owner === owner);
      if (row) await unlessConflict(() => table.update({ partitionKey: BUDGET, rowKey: row.rowKey, owner, heldUntil: new Date(0).toISOString() }, row.etag));
    },
    takeGateway: async (gatewayId, incidentId, now, leaseMs) => {
      const row = await gatewayRow(gatewayId);
      if (live(row, now) && row?.incidentId !== incidentId) return false;
      const entity = { partitionKey: GATEWAY, rowKey: linkKeyFromId(gatewayId), gatewayId, incidentId, heldUntil: new Date(now.getTime() + leaseMs).toISOString() };
      const taken = row ? await unlessConflict(() => table.update(entity, row.etag)) : await unlessConflict(() => table.create(entity));
      return taken !== undefined;
    },
    releaseGateway: async (gatewayId, incidentId) => {
      const row = await gatewayRow(gatewayId);
      if (!row || row.incidentId !== incidentId) return;
      await unlessConflict(() => table.update({ partitionKey: GATEWAY, rowKey: row.rowKey, gatewayId, heldUntil: new Date(0).toISOString() }, row.etag));
    },
    openOutage: async (gatewayId, now) => {
      await table.ensureExists();
      const created = await unlessConflict(() => table.create({ partitionKey: OUTAGE, rowKey: linkKeyFromId(gatewayId), gatewayId, openedAt: now.toISOString() }));
      return created !== undefined;
    },
    closeOutage: async (gatewayId) => {
      await table.ensureExists();
      try {
        await table.delete(OUTAGE, linkKeyFromId(gatewayId));
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    },
  };
}
