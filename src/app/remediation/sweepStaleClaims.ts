import type { RemediationRequest } from '../../core/remediation/remediationRequest';
import type { Clock, RemediationQueue } from '../ports';
import type { AuditStore, StaleClaimFinder } from './remediationPorts';

export interface SweepDeps {
  readonly incidents: StaleClaimFinder;
  readonly queue: RemediationQueue;
  readonly audit: AuditStore;
  readonly clock: Clock;
  readonly newId: () => string;
}

/**
 * Finds incidents whose claim outlived its lease (its message went to the poison queue, or its instance died and no
 * further request for the link came) and queues one remediate request per link. It never releases a claim itself:
 * the actuator's takeover finishes the attempt, counting an unconfirmed reset as sent, so the reset-safety rule
 * stays in one place. Each request is audited.
 */
export async function sweepStaleClaims(deps: SweepDeps): Promise<{ readonly requeued: number }> {
  const now = deps.clock.now();
  const stale = await deps.incidents.staleClaims(now);
  for (const incident of stale) {
    const request: RemediationRequest = {
      v: 1,
      requestId: deps.newId(),
      kind: 'remediate',
      linkId: incident.linkId,
      source: 'poller',
      incidentId: incident.incidentId,
      requestedAt: now.toISOString(),
    };
    await deps.queue.send(request);
    await deps.audit.append({
      id: deps.newId(),
      at: now.toISOString(),
      linkKey: incident.linkKey,
      linkId: incident.linkId,
      incidentId: incident.incidentId,
      source: 'poller',
      actor: 'stale-claim sweep',
      requestId: request.requestId,
      step: 'sweep',
      action: 'enqueue',
      outcome: 'enqueued',
      reason: `claim in state ${incident.state} outlived its lease (until ${incident.claimLeaseUntil ?? 'unset'}): queued for takeover`,
      ...(incident.attempts > 0 && { attempt: incident.attempts }),
    });
  }
  return { requeued: stale.length };
}
