import type { Incident } from '../../core/remediation/incident';
import type { RemediationRequest } from '../../core/remediation/remediationRequest';
import { audit } from './audit';
import { awaitReset, schedulePostcheck } from './awaitReset';
import { claimLeaseMs } from './executeReset';
import type { Delivery, RemediationDeps, RemediationResult, Versioned } from './remediationPorts';

/**
 * A claimed attempt may be taken over when its holder is gone: its lease ran out, or this is the holder's own
 * message coming back after the invocation failed (crash between claim and the end of the attempt).
 */
export function canTakeOver(incident: Incident, request: RemediationRequest, now: Date, delivery: Delivery): boolean {
  const leaseOver = incident.claimLeaseUntil === undefined || Date.parse(incident.claimLeaseUntil) <= now.getTime();
  return leaseOver || (incident.claimRequestId === request.requestId && delivery.dequeueCount > 1);
}

/**
 * Finishes an interrupted attempt without a second reset: with a persisted operation token the LRO is tracked
 * again (status reads only, never the POST); without one, the reset may or may not have been sent, so it counts
 * as sent (lastResetAt = the claim) and the post-check decides what comes next.
 */
export async function takeOverAttempt(
  deps: RemediationDeps,
  request: RemediationRequest,
  stored: Versioned<Incident>,
  now: Date,
): Promise<RemediationResult> {
  const token = deps.newId();
  // A claim without a recorded POST answer may have reached ARM before the crash: it counts as a reset.
  const unconfirmed = stored.value.state === 'claimed';
  const taken = await deps.incidents.replace(
    {
      ...stored.value,
      ...(unconfirmed && { lastResetAt: latest(stored.value.lastResetAt, stored.value.lastClaimAt) }),
      claimedBy: token,
      claimRequestId: request.requestId,
      claimLeaseUntil: new Date(now.getTime() + claimLeaseMs(deps)).toISOString(),
      updatedAt: now.toISOString(),
    },
    stored.etag,
  );
  if (!taken) return { outcome: 'skipped', reason: 'in-progress', incidentId: stored.value.incidentId };
  const incident = taken.value;
  const resumeToken = incident.state === 'resetting' ? incident.resumeToken : undefined;
  await audit(deps, request, {
    linkKey: incident.linkKey,
    incidentId: incident.incidentId,
    attempt: incident.attempts,
    step: 'takeover',
    action: resumeToken ? 'resume-reset' : 'post-check',
    outcome: 'skipped',
    reason: resumeToken ? 'resuming the persisted ResetConnection operation' : 'interrupted before the reset was confirmed; counted as sent',
  });
  if (resumeToken) return awaitReset(deps, request, incident, token, resumeToken, now);
  if (incident.gatewayId) await deps.ledger.releaseGateway(incident.gatewayId, incident.incidentId);
  return schedulePostcheck(deps, request, incident, token, {
    outcome: 'unknown',
    lro: 'unknown: interrupted before the reset was confirmed',
  });
}

function latest(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined || b === undefined) return a ?? b;
  return Date.parse(a) >= Date.parse(b) ? a : b;
}
