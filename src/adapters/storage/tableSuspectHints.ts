import type { SuspectHints } from '../../app/monitoring/monitoringPorts';
import type { TableHandle } from './tableClients';

const PARTITION = 'suspects';
/** A poll remembers at most this many targets (ARM ids of ≤ ~200 chars: well under the 64 KiB property limit). */
export const MAX_SUSPECT_TARGETS = 100;

/**
 * The suspect-target hint of each poll scope, one row per scope in the fixed leases table (PartitionKey 'suspects',
 * RowKey the scope): one point read at a poll's start and one upsert at its end, whatever the fleet's age.
 * The hint only orders the next poll, so a lost or garbled row costs an ordinary order, never an error.
 */
export function createTableSuspectHints(table: TableHandle): SuspectHints {
  return {
    read: async (scope) => parseTargets((await table.get(PARTITION, scope))?.targets),
    write: async (scope, targetIds) => {
      await table.upsert({ partitionKey: PARTITION, rowKey: scope, targets: JSON.stringify(targetIds.slice(0, MAX_SUSPECT_TARGETS)) });
    },
  };
}

function parseTargets(value: unknown): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(typeof value === 'string' ? value : '[]');
  } catch {
    return [];
  }
  return Array.isArray(parsed) ? parsed.filter((t): t is string => typeof t === 'string').slice(0, MAX_SUSPECT_TARGETS) : [];
}
