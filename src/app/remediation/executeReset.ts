import { errorCode, toError, TunnelwatchError } from '../../core/errors';
import type { Incident } from '../../core/remediation/incident';
import type { PlanInput, RemediationDecision } from '../../core/remediation/planRemediation';
import type { RemediationRequest } from '../../core/remediationRequest';
import { audit } from './audit';
import { awaitReset } from './awaitReset';
import { concludeAttempt } from './concludeAttempt';
import { collectEvidence } from './collectEvidence';
import { ownerUpdate, scheduleFollowUp, writeIncident, type IncidentContext } from './incidentRecords';
import type { RemediationDeps, RemediationResult } from './remediationPorts';

/** How long a claim is presumed alive: evidence + the LRO bound + a minute of slack. */
export function claimLeaseMs(deps: RemediationDeps): number {
  return deps.settings.ikeSasTimeoutMs + deps.settings.resetTimeoutMs + 60_000;
}

/**
 * Acts on a 'reset' decision: claim the incident (ETag-conditional, before any ARM write), take the gateway and
 * budget slots, collect IKE evidence, start ResetConnection and persist its resume token, then wait for it.
 * Returns 'claim-lost' when another request claimed first (the caller re-reads and decides again).
 */
export async function executeReset(
  deps: RemediationDeps,
  request: RemediationRequest,
  ctx: IncidentContext,
  decision: RemediationDecision,
  input: PlanInput,
  now: Date,
): Promise<RemediationResult | 'claim-lost'> {
  const gatewayId = input.fresh!.gatewayId;
  const token = deps.newId();
  const attempt = ctx.incident.attempts + 1;
  const claimed = await writeIncident(deps, ctx, {
    ...ctx.incident,
    gatewayId,
    state: 'claimed',
    attempts: attempt,
    lastClaimAt: now.toISOString(),
    claimedBy: token,
    claimRequestId: request.requestId,
    claimLeaseUntil: new Date(now.getTime() + claimLeaseMs(deps)).toISOString(),
    resumeToken: undefined,
    nextAttemptAt: undefined,
    postcheckDueAt: undefined,
    updatedAt: now.toISOString(),
  });
  if (!claimed) return 'claim-lost';
  const incident = claimed.value;
  const slotsHeld = await takeSlots(deps, incident, now);
  if (slotsHeld !== true) return abandonClaim(deps, request, ctx.incident, incident, token, slotsHeld);
  const base = { linkKey: incident.linkKey, incidentId: incident.incidentId, attempt };
  await audit(deps, request, { ...base, step: 'claim', action: decision.action, outcome: 'skipped', reason: 'claimed for reset', guards: decision.guards });
  const evidence = await collectEvidence(deps, request.linkId);
  await audit(deps, request, { ...base, step: 'evidence', action: 'get-ike-sas', outcome: 'skipped', reason: evidence.ok ? 'collected' : 'unavailable', evidence: evidence.summary, durationMs: evidence.durationMs });
  const startedAt = deps.clock.now();
  let resumeToken: string;
  try {
    ({ resumeToken } = await deps.network.beginReset(request.linkId));
  } catch (thrown) {
    return resetRefused(deps, request, ctx.incident, incident, token, toError(thrown));
  }
  const started = await ownerUpdate(deps, incident.linkKey, token, (c) => ({ ...c, state: 'resetting', resumeToken, lastResetAt: startedAt.toISOString() }));
  await deps.recordReset?.(incident.linkKey, startedAt.toISOString()).catch(() => undefined);
  if (!started) return { outcome: 'superseded', reason: 'incident-taken-over', incidentId: incident.incidentId };
  return awaitReset(deps, request, started.value, token, resumeToken, startedAt);
}

async function takeSlots(deps: RemediationDeps, incident: Incident, now: Date): Promise<true | 'gateway-in-flight' | 'budget-exhausted'> {
  const gatewayId = incident.gatewayId!;
  if (!(await deps.ledger.takeGateway(gatewayId, incident.incidentId, now, claimLeaseMs(deps)))) return 'gateway-in-flight';
  if (await deps.ledger.takeBudgetSlot(budgetSlotOwner(incident), now)) return true;
  await deps.ledger.releaseGateway(gatewayId, incident.incidentId);
  return 'budget-exhausted';
}

const budgetSlotOwner = (incident: Incident): string => `${incident.incidentId}#${incident.attempts}`;

/** Undo a claim that never reached ARM: the attempt does not count and the cooldown clock is not touched. */
async function abandonClaim(
  deps: RemediationDeps,
  request: RemediationRequest,
  before: Incident,
  claimed: Incident,
  token: string,
  reason: string,
  delayMs = reason === 'budget-exhausted' ? 5 * 60_000 : 60_000,
): Promise<RemediationResult> {
  const reverted = await ownerUpdate(deps, claimed.linkKey, token, (c) => ({
    ...c,
    state: before.state === 'resolved' ? 'open' : before.state,
    attempts: before.attempts,
    lastClaimAt: before.lastClaimAt,
    claimedBy: undefined,
    claimRequestId: undefined,
    claimLeaseUntil: undefined,
    nextAttemptAt: before.nextAttemptAt,
    lastReason: reason,
  }));
  if (reverted) await scheduleFollowUp(deps, { incident: reverted.value, etag: reverted.etag, isNew: false }, request, new Date(deps.clock.now().getTime() + delayMs), reason);
  const outcome = reason === 'busy' ? 'busy' : 'skipped';
  await audit(deps, request, { linkKey: claimed.linkKey, incidentId: claimed.incidentId, step: 'claim', action: 'skip', outcome, reason });
  return { outcome, reason, incidentId: claimed.incidentId };
}

/** beginReset threw: ARM busy (429 RetryableErrorDueToAnotherOperation / 409) means retry later, anything else is a failed attempt. */
async function resetRefused(
  deps: RemediationDeps,
  request: RemediationRequest,
  before: Incident,
  claimed: Incident,
  token: string,
  error: Error,
): Promise<RemediationResult> {
  if (isBusy(error)) {
    await deps.ledger.releaseBudgetSlot(budgetSlotOwner(claimed));
    await deps.ledger.releaseGateway(claimed.gatewayId!, claimed.incidentId);
    return abandonClaim(deps, request, before, claimed, token, 'busy', retryDelayMs(error));
  }
  await deps.ledger.releaseGateway(claimed.gatewayId!, claimed.incidentId);
  const write = (change: (c: Incident) => Incident) => ownerUpdate(deps, claimed.linkKey, token, change);
  return concludeAttempt(deps, request, claimed, write, { step: 'reset', reason: 'reset-failed', detail: `${errorCode(error)}: ${error.message}`.slice(0, 500) });
}

export function isBusy(error: unknown): boolean {
  if (!(error instanceof TunnelwatchError)) return false;
  const status = error.details.statusCode;
  return error.code === 'ARM.BUSY' || error.code === 'ARM.THROTTLED' || status === 409 || status === 429;
}

/** Honour the Retry-After ARM sent with a busy answer (the adapter puts it in details), else a minute. */
function retryDelayMs(error: Error): number {
  const hinted = error instanceof TunnelwatchError ? error.details.retryAfterMs : undefined;
  return typeof hinted === 'number' && hinted > 0 ? Math.min(hinted, 30 * 60_000) : 60_000;
}
