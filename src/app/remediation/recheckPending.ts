import type { Incident } from '../../core/remediation/incident';
import type { RemediationRequest } from '../../core/remediation/remediationRequest';
import { audit } from './audit';
import { followUpRequest } from './incidentRecords';
import type { RemediationDeps, RemediationResult, Versioned } from './remediationPorts';

/** Re-checks of a post-check that found the link in a transitional status (Huawei's PENDING_* after a reset). */
export const MAX_PENDING_RECHECKS = 3;

/**
 * True while a post-check that found the link pending may look again: up to MAX_PENDING_RECHECKS post-check delays
 * after the first post-check was due (or after the reset, for an incident that did not record it). Past that the
 * post-check judges (a link still pending has not recovered).
 */
export function mayRecheckPending(incident: Incident, now: Date, postCheckDelayMs: number): boolean {
  const since = Date.parse(incident.postcheckDueAt ?? incident.lastResetAt ?? '');
  if (Number.isNaN(since)) return false;
  return now.getTime() < since + MAX_PENDING_RECHECKS * postCheckDelayMs;
}

/**
 * The link is still changing after the reset: keep the incident awaiting its post-check (attempt count and down
 * streak untouched) and look again one post-check delay later. The incident is written first (ETag), so of two
 * copies of a post-check only one schedules the next; a crash before the send is healed by the redelivery.
 */
export async function recheckPending(
  deps: RemediationDeps,
  request: RemediationRequest,
  stored: Versioned<Incident>,
  status: string,
): Promise<RemediationResult> {
  const incident = stored.value;
  const now = deps.clock.now();
  const next = new Date(now.getTime() + deps.settings.postCheckDelayMs);
  const base = { linkKey: incident.linkKey, incidentId: incident.incidentId, attempt: incident.attempts, step: 'postcheck', postcheck: `status ${status}` };
  // A copy of a post-check that already scheduled the next look finds that look still ahead: nothing more to do.
  if (incident.lastReason === 'pending-after-reset' && Date.parse(incident.followUpAt ?? '') > now.getTime()) {
    await audit(deps, request, { ...base, action: 'skip', outcome: 'skipped', reason: 'recheck-scheduled' });
    return { outcome: 'skipped', reason: 'recheck-scheduled', incidentId: incident.incidentId };
  }
  const written = await deps.incidents.replace({ ...incident, followUpAt: next.toISOString(), lastReason: 'pending-after-reset', updatedAt: now.toISOString() }, stored.etag);
  if (!written) {
    await audit(deps, request, { ...base, action: 'skip', outcome: 'skipped', reason: 'superseded' });
    return { outcome: 'skipped', reason: 'superseded', incidentId: incident.incidentId };
  }
  await deps.queue.send(followUpRequest(deps, request, incident.incidentId, 'postcheck'), { visibilityDelayMs: deps.settings.postCheckDelayMs });
  await audit(deps, request, { ...base, action: 'recheck', outcome: 'unknown', reason: `status ${status}: the reset is still being applied; post-check again at ${next.toISOString()}` });
  return { outcome: 'unknown', reason: 'pending-after-reset', incidentId: incident.incidentId };
}
