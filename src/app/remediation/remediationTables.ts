/** Table name suffixes (after TW_TABLE_PREFIX) owned by remediation; the query routes read `audit` and `incidents`. */
export const REMEDIATION_TABLES = { incidents: 'incidents', audit: 'audit', ledger: 'resetledger', alertDedup: 'alertdedup', requestGate: 'requestgate' } as const;
