import type { AuditEntry, AuditPage, AuditQuery, AuditStore } from '../../../src/app/remediation/remediationPorts';

/** Append-only audit log in memory; list() pages in time order like the table store. */
export class InMemoryAuditStore implements AuditStore {
  readonly entries: AuditEntry[] = [];

  append(entry: AuditEntry): Promise<void> {
    this.entries.push(structuredClone(entry));
    return Promise.resolve();
  }

  list(query: AuditQuery): Promise<AuditPage> {
    const matching = this.entries
      .filter((e) => e.at >= query.from && e.at <= query.to)
      .filter((e) => query.linkKey === undefined || e.linkKey === query.linkKey)
      .filter((e) => query.outcome === undefined || e.outcome === query.outcome)
      .sort((a, b) => a.at.localeCompare(b.at));
    const start = Number(query.continuationToken ?? '0') || 0;
    const top = query.top ?? 100;
    const items = matching.slice(start, start + top);
    return Promise.resolve({ items, ...(start + top < matching.length && { continuationToken: String(start + top) }) });
  }
}
