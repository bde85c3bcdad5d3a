import type { Incident } from '../core/remediation/incident';
import type { IncidentStore, Versioned } from '../app/remediation/remediationPorts';

/** Incident store for unit tests and the local host: same ETag semantics as the table store. */
export class InMemoryIncidentStore implements IncidentStore {
  private readonly rows = new Map<string, Versioned<Incident>>();
  private version = 0;

  get(linkKey: string): Promise<Versioned<Incident> | undefined> {
    return Promise.resolve(this.rows.get(linkKey));
  }

  create(incident: Incident): Promise<Versioned<Incident> | undefined> {
    if (this.rows.has(incident.linkKey)) return Promise.resolve(undefined);
    return Promise.resolve(this.put(incident));
  }

  replace(incident: Incident, etag: string): Promise<Versioned<Incident> | undefined> {
    if (this.rows.get(incident.linkKey)?.etag !== etag) return Promise.resolve(undefined);
    return Promise.resolve(this.put(incident));
  }

  all(): Incident[] {
    return [...this.rows.values()].map((r) => r.value);
  }

  private put(incident: Incident): Versioned<Incident> {
    const stored = { value: structuredClone(incident), etag: `W/"${++this.version}"` };
    this.rows.set(incident.linkKey, stored);
    return stored;
  }
}
