import { IN_FLIGHT_STATES, type Incident } from '../../core/remediation/incident';
import { isPendingStatus } from '../../core/huawei/isPendingStatus';
import { linkKeyFromId } from '../../core/ids/linkKey';
import type { RemediationRequest } from '../../core/remediation/remediationRequest';
import { audit } from './audit';
import { concludeAttempt } from './concludeAttempt';
import type { Delivery, RemediationDeps, RemediationResult } from './remediationPorts';
import { mayRecheckPending, MAX_PENDING_RECHECKS, recheckPending } from './recheckPending';
import { canTakeOver, takeOverAttempt } from './takeOverAttempt';

/**
 * The delayed check after a reset: Connected → the incident closes; still down → next attempt or quarantine; still
 * pending (Huawei's PENDING_UPDATE) → look again later, a bounded number of times, then judge.
 * Duplicate or stale post-checks find nothing pending and change nothing.
 */
export async function handlePostcheck(deps: RemediationDeps, request: RemediationRequest, now: Date, delivery: Delivery): Promise<RemediationResult> {
  const linkKey = linkKeyFromId(request.linkId);
  const stored = await deps.incidents.get(linkKey);
  const incident = stored?.value;
  const skip = async (reason: string): Promise<RemediationResult> => {
    await audit(deps, request, { linkKey, incidentId: incident?.incidentId, step: 'postcheck', action: 'skip', outcome: 'skipped', reason });
    return { outcome: 'skipped', reason, incidentId: incident?.incidentId };
  };
  if (!stored || !incident || (request.incidentId !== undefined && incident.incidentId !== request.incidentId)) return skip('stale-postcheck');
  if (IN_FLIGHT_STATES.includes(incident.state)) {
    return canTakeOver(incident, request, now, delivery) ? takeOverAttempt(deps, request, stored, now) : skip('in-progress');
  }
  if (incident.state !== 'awaiting-postcheck') return skip('no-postcheck-pending');
  const fresh = await deps.network.readLink(request.linkId);
  const status = fresh?.status ?? 'not found';
  const pending = isPendingStatus(fresh?.providerStatus ?? fresh?.status);
  if (pending && mayRecheckPending(incident, now, deps.settings.postCheckDelayMs)) return recheckPending(deps, request, stored, status);
  if (fresh?.status === 'Connected') {
    const closed = await deps.incidents.replace({ ...incident, state: 'resolved', lastReason: 'recovered', lastOutcome: 'recovered', followUpAt: undefined, updatedAt: now.toISOString() }, stored.etag);
    if (!closed) return skip('superseded');
    await audit(deps, request, { linkKey, incidentId: incident.incidentId, attempt: incident.attempts, step: 'postcheck', action: 'close', outcome: 'recovered', reason: 'link connected after reset', postcheck: `status ${status}` });
    return { outcome: 'recovered', reason: 'connected', incidentId: incident.incidentId };
  }
  let etag = stored.etag;
  const write = async (change: (c: Incident) => Incident) => {
    const written = await deps.incidents.replace({ ...change(incident), updatedAt: deps.clock.now().toISOString() }, etag);
    if (written) etag = written.etag;
    return written;
  };
  return concludeAttempt(deps, request, incident, write, {
    step: 'postcheck',
    outcome: 'not-recovered',
    reason: 'not-recovered',
    detail: pending ? `status ${status}, still pending after ${MAX_PENDING_RECHECKS} re-checks` : `status ${status}`,
  });
}
