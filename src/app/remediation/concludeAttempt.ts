import { backoffMs } from '../../core/remediation/backoff';
import type { Incident } from '../../core/remediation/incident';
import type { RemediationRequest } from '../../core/remediation/remediationRequest';
import { audit } from './audit';
import { followUpRequest } from './incidentRecords';
import type { AuditOutcome, RemediationDeps, RemediationResult, Versioned } from './remediationPorts';

/** A conditional write of the incident (owner write, or ETag replace); undefined when someone else got there first. */
export type IncidentWrite = (change: (current: Incident) => Incident) => Promise<Versioned<Incident> | undefined>;

/**
 * An attempt that did not heal the link (the reset failed, or the post-check found it still down): schedule the
 * next attempt with a growing back-off, or quarantine the incident for a human after the last attempt.
 */
export async function concludeAttempt(
  deps: RemediationDeps,
  request: RemediationRequest,
  incident: Incident,
  write: IncidentWrite,
  failure: {
    readonly step: 'reset' | 'postcheck';
    /** failed: ARM said the reset failed; refused: ARM refused the POST; not-recovered: the post-check found it down. */
    readonly outcome: Extract<AuditOutcome, 'failed' | 'refused' | 'not-recovered'>;
    readonly reason: string;
    readonly detail: string;
    readonly durationMs?: number;
  },
): Promise<RemediationResult> {
  const now = deps.clock.now();
  const attempt = incident.attempts;
  const base = { linkKey: incident.linkKey, incidentId: incident.incidentId, attempt, step: failure.step, durationMs: failure.durationMs };
  const detail = failure.step === 'reset' ? { lro: failure.detail } : { postcheck: failure.detail };
  const release = { claimedBy: undefined, claimRequestId: undefined, claimLeaseUntil: undefined, resumeToken: undefined };
  if (attempt >= deps.settings.maxAttemptsPerIncident) {
    const written = await write((c) => ({ ...c, ...release, state: 'quarantined', lastReason: failure.reason, lastOutcome: 'quarantined' }));
    if (!written) return { outcome: 'superseded', reason: 'incident-taken-over', incidentId: incident.incidentId };
    await deps.events.emit({ kind: 'quarantined', reason: failure.reason, linkId: incident.linkId, gatewayId: incident.gatewayId, incidentId: incident.incidentId, at: now.toISOString() });
    await audit(deps, request, { ...base, ...detail, action: 'quarantine', outcome: 'quarantined', reason: `${failure.reason}; attempt limit reached` });
    return { outcome: 'quarantined', reason: failure.reason, incidentId: incident.incidentId };
  }
  const next = new Date(now.getTime() + backoffMs(attempt, deps.settings.resetCooldownMs));
  const written = await write((c) => ({
    ...c,
    ...release,
    state: 'retry-scheduled',
    nextAttemptAt: next.toISOString(),
    followUpAt: next.toISOString(),
    lastReason: failure.reason,
    lastOutcome: failure.outcome,
  }));
  if (!written)
    return { outcome: 'superseded', reason: 'incident-taken-over', incidentId: incident.incidentId };
  await deps.queue.send(followUpRequest(deps, request, incident.incidentId, 'remediate'), {
    visibilityDelayMs: next.getTime() - now.getTime(),
  });
  await audit(deps, request, {
    ...base,
    ...detail,
    action: 'retry',
    outcome: failure.outcome,
    reason: `${failure.reason}; next attempt at ${next.toISOString()}`,
  });
  return { outcome: failure.outcome, reason: failure.reason, incidentId: incident.incidentId };
}
