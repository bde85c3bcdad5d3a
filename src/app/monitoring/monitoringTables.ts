/** Fixed table name suffixes (after TW_TABLE_PREFIX) owned by monitoring: live state, bounded by the fleet. */
export const MONITORING_TABLES = {
  linkState: 'linkstate',
  leases: 'leases',
} as const;

/**
 * Time-sliced tables owned by monitoring (docs/storage.md): `{TW_TABLE_PREFIX}{kind}{yyyyMMdd}`, one table per
 * `days` UTC days, created by the first write and expired whole by the retention timer. Snapshots (fleet × polls a
 * day) get a table a day, so a day expires as one DeleteTable and at most one day more than the retention is kept;
 * the smaller kinds get 10 days a table, so a month's query visits 4–5 tables.
 */
export const MONITORING_SLICES = {
  snapshots: { kind: 'snap', days: 1 },
  transitions: { kind: 'trans', days: 10 },
  rollups: { kind: 'rollup', days: 10 },
  pollRuns: { kind: 'runs', days: 10 },
} as const;

export type SlicedKind = keyof typeof MONITORING_SLICES;
