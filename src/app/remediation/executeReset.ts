import type { Incident } from '../../core/remediation/incident';
import type { PlanInput, RemediationDecision } from '../../core/remediation/planRemediation';
import type { RemediationRequest } from '../../core/remediation/remediationRequest';
import { audit } from './audit';
import type { ActionStart } from '../ports';
import { recordResetSent } from './awaitReset';
import { concludeAttempt } from './concludeAttempt';
import { startEvidence } from './collectEvidence';
import { tunnelSlotId } from '../../core/peers/matchPeers';
import { BUDGET_SEND_SLACK_MS } from '../../core/remediation/resetBudget';
import { ownerUpdate, scheduleFollowUp, writeIncident, type IncidentContext } from './incidentRecords';
import type { RemediationDeps, RemediationResult } from './remediationPorts';

/** How long a claim is presumed alive: the evidence and the reset LRO bounds (they overlap) + a minute of slack. */
export function claimLeaseMs(deps: RemediationDeps): number {
  return deps.settings.ikeSasTimeoutMs + deps.settings.resetTimeoutMs + 60_000;
}

/**
 * Acts on a 'reset' decision: claim the incident (ETag-conditional, before any ARM write), take the gateway and
 * budget slots, start reading IKE evidence (bounded, never awaited before the POST), date the budget slot and send
 * ResetConnection once (the budget counts resets by when they are sent), record it as performed the moment ARM
 * accepts it, then track it; the evidence row follows the reset's row when the read ends.
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
  const slotsHeld = await takeSlots(deps, incident, input.peer?.key, now);
  if (slotsHeld !== true) return abandonClaim(deps, request, ctx.incident, incident, token, slotsHeld);
  const base = { linkKey: incident.linkKey, incidentId: incident.incidentId, attempt };
  // Evidence is read alongside, never before: the POST below waits for nothing but the claim's own writes.
  const evidence = startEvidence(deps, request.linkId);
  await audit(deps, request, { ...base, step: 'claim', action: decision.action, outcome: 'skipped', reason: 'claimed for reset', guards: decision.guards });
  const startedAt = await dateBudgetSlot(deps, incident);
  if (startedAt === undefined) {
    await releaseSlots(deps, incident);
    return abandonClaim(deps, request, ctx.incident, incident, token, 'budget-slot-not-dated');
  }
  // One POST. An exception here is a crash as far as the incident knows: the claim stays, and the takeover
  // counts the reset as sent (it may have been), never as "not performed".
  const sent = await deps.network.startReset(request.linkId);
  if (sent.outcome === 'refused') return resetRefused(deps, request, ctx.incident, incident, token, sent);
  return recordResetSent(deps, request, incident, token, sent, startedAt, evidence);
}

/**
 * The gateway's slot, the tunnel's (when the other end is known: it then expires with the claim's lease, by which time
 * this end's lastClaimAt holds the other end back through peer-cooldown) and a budget slot, or none of them.
 */
async function takeSlots(deps: RemediationDeps, incident: Incident, peerKey: string | undefined, now: Date): Promise<true | 'gateway-in-flight' | 'peer-in-flight' | 'budget-exhausted'> {
  const gatewayId = incident.gatewayId!;
  const tunnel = peerKey === undefined ? undefined : tunnelSlotId(incident.linkKey, peerKey);
  if (!(await deps.ledger.takeGateway(gatewayId, incident.incidentId, now, claimLeaseMs(deps)))) return 'gateway-in-flight';
  if (tunnel !== undefined && !(await deps.ledger.takeGateway(tunnel, incident.incidentId, now, claimLeaseMs(deps)))) {
    await deps.ledger.releaseGateway(gatewayId, incident.incidentId);
    return 'peer-in-flight';
  }
  if (await deps.ledger.takeBudgetSlot(budgetSlotOwner(incident), now)) return true;
  await deps.ledger.releaseGateway(gatewayId, incident.incidentId);
  if (tunnel !== undefined) await deps.ledger.releaseGateway(tunnel, incident.incidentId);
  return 'budget-exhausted';
}

const budgetSlotOwner = (incident: Incident): string => `${incident.incidentId}#${incident.attempts}`;

/** Gives back the budget and gateway slots of a claim that sent nothing (the tunnel slot ends with the claim's lease). */
async function releaseSlots(deps: RemediationDeps, claimed: Incident): Promise<void> {
  await deps.ledger.releaseBudgetSlot(budgetSlotOwner(claimed));
  await deps.ledger.releaseGateway(claimed.gatewayId!, claimed.incidentId);
}

/**
 * Dates the budget slot at the moment the POST leaves, so the budget counts resets by when they are sent: a worker
 * stalled between its claim and its POST (storage slow, evidence bounded but long) would otherwise send a reset that
 * its slot's hour, counted from the claim, no longer fully covers. A dating write slower than the slack is done again.
 * Returns the time the slot is dated at, or undefined when the slot is gone or storage stayed too slow to date it.
 */
async function dateBudgetSlot(deps: RemediationDeps, incident: Incident): Promise<Date | undefined> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const at = deps.clock.now();
    if (!(await deps.ledger.dateBudgetSlot(budgetSlotOwner(incident), at))) return undefined;
    if (deps.clock.now().getTime() - at.getTime() <= BUDGET_SEND_SLACK_MS) return at;
  }
  return undefined;
}

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

/**
 * ARM refused the POST itself, so nothing was performed: the budget and gateway slots go back. Busy or throttled
 * (409, 429) is retried after ARM's Retry-After without counting the attempt; any other refusal (400, 403, 404)
 * counts as a failed attempt (back-off, then quarantine), since retrying soon cannot help.
 */
async function resetRefused(
  deps: RemediationDeps,
  request: RemediationRequest,
  before: Incident,
  claimed: Incident,
  token: string,
  refusal: Extract<ActionStart, { outcome: 'refused' }>,
): Promise<RemediationResult> {
  await releaseSlots(deps, claimed);
  if (refusal.busy)
    return abandonClaim(deps, request, before, claimed, token, 'busy', retryDelayMs(refusal.retryAfterMs));
  const write = (change: (c: Incident) => Incident) => ownerUpdate(deps, claimed.linkKey, token, change);
  return concludeAttempt(deps, request, claimed, write, {
    step: 'reset',
    outcome: 'refused',
    reason: 'reset-refused',
    detail: `${refusal.code}: ${refusal.message}`.slice(0, 500),
  });
}

/** Honour the Retry-After ARM sent with a busy answer, else a minute. */
function retryDelayMs(hinted: number | undefined): number {
  return hinted !== undefined && hinted > 0 ? Math.min(hinted, 30 * 60_000) : 60_000;
}
