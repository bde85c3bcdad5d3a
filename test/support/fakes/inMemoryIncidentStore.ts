import type { Incident } from '../../../src/core/remediation/incident';
import { IN_FLIGHT_STATES } from '../../../src/core/remediation/incident';
import type { IncidentStore, StaleClaimFinder, Versioned } from '../../../src/app/remediation/remediationPorts';

/** Incident store for unit tests and the local host: same ETag semantics as the table store. */
export class InMemoryIncidentStore implements IncidentStore, StaleClaimFinder {
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

  staleClaims(now: Date): Promise<readonly Incident[]> {
    return Promise.resolve(
      this.all().filter(
        (i) =>
          IN_FLIGHT_STATES.includes(i.state) &&
          i.claimLeaseUntil !== undefined &&
          Date.parse(i.claimLeaseUntil) < now.getTime(),
      ),
    );
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
