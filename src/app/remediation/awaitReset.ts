import { errorCode, toError } from '../../core/errors';
import type { Incident } from '../../core/remediation/incident';
import type { RemediationRequest } from '../../core/remediation/remediationRequest';
import type { ActionStart, OperationProgress } from '../ports';
import { audit } from './audit';
import { auditEvidence, evidenceAtReset, type EvidenceRead } from './collectEvidence';
import { concludeAttempt } from './concludeAttempt';
import { followUpRequest, ownerUpdate } from './incidentRecords';
import type { AuditOutcome, RemediationDeps, RemediationResult } from './remediationPorts';

type SentReset = Exclude<ActionStart, { outcome: 'refused' }>;

/**
 * ARM accepted the reset POST, or gave no answer to it: either way a reset was (or may have been) performed.
 * Persist that first — lastResetAt, the operation token, the attempt and budget slot already taken — so no path
 * can POST again inside the cooldown, then track the operation. Whatever fails from here on is "outcome unknown".
 * The reset's row carries the evidence read alongside (or says it is pending); the evidence row follows it as soon
 * as the read ends, while the reset is tracked, and this returns only once that row is written.
 */
export async function recordResetSent(
  deps: RemediationDeps,
  request: RemediationRequest,
  incident: Incident,
  claimToken: string,
  sent: SentReset,
  startedAt: Date,
  evidence?: EvidenceRead,
): Promise<RemediationResult> {
  const at = startedAt.toISOString();
  const accepted = sent.outcome === 'accepted';
  const operationToken = accepted && !sent.done ? sent.operationToken : undefined;
  const written = await ownerUpdate(deps, incident.linkKey, claimToken, (c) => ({
    ...c,
    state: 'resetting',
    resumeToken: operationToken,
    lastResetAt: at,
    lastOutcome: accepted ? 'accepted' : 'unknown',
  }));
  await deps.recordReset?.(incident.linkKey, at).catch(() => undefined);
  const base = { linkKey: incident.linkKey, incidentId: incident.incidentId, attempt: incident.attempts };
  await audit(deps, request, {
    ...base,
    step: 'reset',
    action: 'reset',
    outcome: accepted ? 'accepted' : 'unknown',
    reason: accepted
      ? 'ARM accepted ResetConnection'
      : `no answer to the ResetConnection POST; counted as performed (${sent.code})`,
    ...(!accepted && { lro: `${sent.code}: ${sent.message}`.slice(0, 500) }),
    ...(evidence !== undefined && { evidence: evidenceAtReset(evidence) }),
  });
  const evidenceRow = evidence?.settled.then((e) => auditEvidence(deps, request, base, e, startedAt, evidence.startedAt));
  try {
    if (!written) return { outcome: 'superseded', reason: 'incident-taken-over', incidentId: incident.incidentId };
    if (operationToken !== undefined)
      return await awaitReset(deps, request, written.value, claimToken, operationToken, startedAt);
    if (incident.gatewayId) await deps.ledger.releaseGateway(incident.gatewayId, incident.incidentId);
    return await schedulePostcheck(
      deps,
      request,
      written.value,
      claimToken,
      accepted
        ? { outcome: 'succeeded', lro: 'succeeded (synchronous answer)' }
        : { outcome: 'unknown', lro: `unknown: ${sent.code}` },
    );
  } finally {
    await evidenceRow;
  }
}

/**
 * Tracks a performed reset (bounded by TW_RESET_TIMEOUT_SECONDS) and moves the incident on: ARM said Failed →
 * back-off or quarantine; anything else (succeeded, still running, status unreadable) → the post-check decides.
 * Used right after the POST and when a redelivered request resumes a persisted operation; it only reads.
 */
export async function awaitReset(
  deps: RemediationDeps,
  request: RemediationRequest,
  incident: Incident,
  claimToken: string,
  operationToken: string,
  startedAt: Date,
): Promise<RemediationResult> {
  const progress = await track(deps, operationToken);
  const durationMs = deps.clock.now().getTime() - startedAt.getTime();
  if (progress.state !== 'running' && incident.gatewayId)
    await deps.ledger.releaseGateway(incident.gatewayId, incident.incidentId);
  if (progress.state === 'failed') {
    const write = (change: (c: Incident) => Incident) =>
      ownerUpdate(deps, incident.linkKey, claimToken, change);
    return concludeAttempt(deps, request, incident, write, {
      step: 'reset',
      outcome: 'failed',
      reason: 'reset-failed',
      detail: `failed: ${progress.code} ${progress.message}`.slice(0, 500),
      durationMs,
    });
  }
  const facts =
    progress.state === 'succeeded'
      ? { outcome: 'succeeded' as const, lro: 'succeeded' }
      : progress.state === 'running'
        ? { outcome: 'unknown' as const, lro: 'unknown: still running at the time bound' }
        : {
            outcome: 'unknown' as const,
            lro: `unknown: status unreadable (${progress.code}: ${progress.message})`.slice(0, 500),
          };
  return schedulePostcheck(deps, request, incident, claimToken, { ...facts, durationMs });
}

/** Sends the post-check first, then records the state: a crash in between only leaves a harmless extra check. */
export async function schedulePostcheck(
  deps: RemediationDeps,
  request: RemediationRequest,
  incident: Incident,
  claimToken: string,
  facts: {
    readonly outcome: Extract<AuditOutcome, 'succeeded' | 'unknown'>;
    readonly lro: string;
    readonly durationMs?: number;
  },
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
    lastOutcome: facts.outcome,
  }));
  if (!written) return { outcome: 'superseded', reason: 'incident-taken-over', incidentId: incident.incidentId };
  await audit(deps, request, {
    linkKey: incident.linkKey,
    incidentId: incident.incidentId,
    attempt: incident.attempts,
    step: 'reset',
    action: 'track',
    outcome: facts.outcome,
    reason: `post-check at ${due.toISOString()}`,
    lro: facts.lro,
    durationMs: facts.durationMs,
  });
  return { outcome: facts.outcome, reason: facts.lro, incidentId: incident.incidentId };
}

async function track(deps: RemediationDeps, operationToken: string): Promise<OperationProgress> {
  try {
    return await deps.network.trackReset(operationToken, deps.settings.resetTimeoutMs);
  } catch (thrown) {
    // Failing to read the operation's status is not the operation failing: let the post-check judge the link.
    return { state: 'unknown', code: errorCode(thrown), message: toError(thrown).message.slice(0, 300) };
  }
}
