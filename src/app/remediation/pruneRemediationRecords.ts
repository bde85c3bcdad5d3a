import type { Clock } from '../ports';
import type { Prunable } from './remediationPorts';

export interface PruneDeps {
  readonly audit: Prunable;
  readonly alertDedup: Prunable;
  readonly settings: { readonly auditRetentionDays: number; readonly alertDedupRetentionDays: number };
  readonly clock: Clock;
}

const DAY_MS = 86_400_000;

/** Deletes audit rows older than TW_AUDIT_RETENTION_DAYS and webhook dedup rows older than TW_ALERT_DEDUP_RETENTION_DAYS. */
export async function pruneRemediationRecords(
  deps: PruneDeps,
): Promise<{ readonly deletedAudit: number; readonly deletedDedup: number }> {
  const now = deps.clock.now().getTime();
  const deletedAudit = await deps.audit.deleteBefore(now - deps.settings.auditRetentionDays * DAY_MS);
  const deletedDedup = await deps.alertDedup.deleteBefore(
    now - deps.settings.alertDedupRetentionDays * DAY_MS,
  );
  return { deletedAudit, deletedDedup };
}
