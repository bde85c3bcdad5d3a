/** Table name suffixes (after TW_TABLE_PREFIX) owned by monitoring; remediation and the query routes read some. */
export const MONITORING_TABLES = {
  snapshots: 'snapshots',
  linkState: 'linkstate',
  transitions: 'transitions',
  pollRuns: 'pollruns',
  leases: 'leases',
  rollups: 'rollups',
} as const;
