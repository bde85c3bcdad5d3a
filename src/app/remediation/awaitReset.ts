import type { Incident } from '../../core/remediation/incident';
import type { RemediationRequest } from '../../core/remediationRequest';
import type { OperationProgress } from '../ports';
import { audit } from './audit';
import { concludeAttempt } from './concludeAttempt';
import { followUpRequest, ownerUpdate } from './incidentRecords';
import type { RemediationDeps, RemediationResult } from './remediationPorts';

/**
 * Polls a started ResetConnection (bounded by TW_RESET_TIMEOUT_SECONDS) and moves the incident on:
 * succeeded or still running → post-check scheduled; failed → back-off or quarantine.
 * Used right after beginReset and when a redelivered request resumes a persisted operation.
 */
export async function awaitReset(
  deps: RemediationDeps,
  request: RemediationRequest,
  incident: Incident,
  claimToken: string,
  resumeToken: string,
  startedAt: Date,
): Promise<RemediationResult> {
  const progress = await waitBounded(deps, resumeToken);
  const now = deps.clock.now();
  const durationMs = now.getTime() - startedAt.getTime();
  const lro = progress.state === 'failed' ? `failed: ${progress.code}` : progress.state === 'running' ? 'still running at the time bound' : 'succeeded';
  if (progress.state !== 'running' && incident.gatewayId) await deps.ledger.releaseGateway(incident.gatewayId, incident.incidentId);
  if (progress.state === 'failed') {
    const write = (change: (c: Incident) => Incident) => ownerUpdate(deps, incident.linkKey, claimToken, change);
    return concludeAttempt(deps, request, incident, write, { step: 'reset', reason: 'reset-failed', detail: `${lro} ${progress.message}`.slice(0, 500), durationMs });
  }
  return schedulePostcheck(deps, request, incident, claimToken, { lro, durationMs });
}

/** Sends the post-check first, then records the state: a crash in between only leaves a harmless extra check. */
export async function schedulePostcheck(
  deps: RemediationDeps,
  request: RemediationRequest,
  incident: Incident,
  claimToken: string,
  facts: { readonly lro: string; readonly durationMs?: number },
): Promise<RemediationResult> {
  const now = deps.clock.now();
  const due = new Date(now.getTime() + deps.settings.postCheckDelayMs);
  await deps.queue.send(followUpRequest(deps, request, incident.incidentId, 'postcheck'), { visibilityDelayMs: deps.settings.postCheckDelayMs });
  const written = await ownerUpdate(deps, incident.linkKey, claimToken, (c) => ({
    ...c,
    state: 'awaiting-postcheck',
    postcheckDueAt: due.toISOString(),
    claimedBy: undefined,
    claimRequestId: undefined,
    claimLeaseUntil: undefined,
    lastOutcome: facts.lro,
  }));
  if (!written) return { outcome: 'superseded', reason: 'incident-taken-over', incidentId: incident.incidentId };
  await audit(deps, request, {
    linkKey: incident.linkKey,
    incidentId: incident.incidentId,
    attempt: incident.attempts,
    step: 'reset',
    action: 'reset',
    outcome: 'reset',
    reason: `post-check at ${due.toISOString()}`,
    lro: facts.lro,
    durationMs: facts.durationMs,
  });
  return { outcome: 'reset', reason: facts.lro, incidentId: incident.incidentId };
}

async function waitBounded(deps: RemediationDeps, resumeToken: string): Promise<OperationProgress> {
  try {
    return await deps.network.waitForOperation(resumeToken, deps.settings.resetTimeoutMs);
  } catch {
    // Failing to read the operation's status is not the operation failing: let the post-check judge the link.
    return { state: 'running', resumeToken };
  }
}
