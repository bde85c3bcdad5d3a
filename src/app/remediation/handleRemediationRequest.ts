import { IN_FLIGHT_STATES } from '../../core/remediation/incident';
import { planRemediation } from '../../core/remediation/planRemediation';
import { prePlanRemediation, withoutFreshFacts } from '../../core/remediation/prePlanRemediation';
import { linkKeyFromId } from '../../core/ids/linkKey';
import type { RemediationRequest } from '../../core/remediation/remediationRequest';
import { applyDecision } from './applyDecision';
import { audit } from './audit';
import { executeReset } from './executeReset';
import { gatherPlanInput, gatherStoredInput } from './gatherPlanInput';
import { handlePostcheck } from './handlePostcheck';
import { incidentFor } from './incidentRecords';
import type { Delivery, RemediationDeps, RemediationResult } from './remediationPorts';
import { canTakeOver, takeOverAttempt } from './takeOverAttempt';

const MAX_ROUNDS = 3;

/**
 * The actuator: one queue message (poller, alert, operator, retry or post-check). Decides first on stored facts
 * (no ARM read); only a request that would otherwise reset re-reads the link from ARM and is planned again on the
 * fresh read. It acts only through an ETag claim on the link's incident, so duplicates and concurrent workers
 * produce one reset. Transient ARM/storage errors are thrown so the queue redelivers the message (the link's
 * request gate stays held until the message is handled, or its TTL passes).
 */
export async function handleRemediationRequest(
  deps: RemediationDeps,
  request: RemediationRequest,
  now: Date,
  delivery: Delivery = { dequeueCount: 1 },
): Promise<RemediationResult> {
  if (request.kind === 'postcheck') return handlePostcheck(deps, request, now, delivery);
  const linkKey = linkKeyFromId(request.linkId);
  const result = await remediate(deps, request, linkKey, now, delivery);
  await deps.requestGate.release(linkKey, request.requestId);
  return result;
}

async function remediate(deps: RemediationDeps, request: RemediationRequest, linkKey: string, now: Date, delivery: Delivery): Promise<RemediationResult> {
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const result = await remediateOnce(deps, request, linkKey, now, delivery);
    if (result !== 'claim-lost') return result;
  }
  await audit(deps, request, { linkKey, step: 'claim', action: 'skip', outcome: 'skipped', reason: 'claim-lost' });
  return { outcome: 'skipped', reason: 'claim-lost' };
}

async function remediateOnce(
  deps: RemediationDeps,
  request: RemediationRequest,
  linkKey: string,
  now: Date,
  delivery: Delivery,
): Promise<RemediationResult | 'claim-lost'> {
  const stored = await deps.incidents.get(linkKey);
  const row = stored?.value;
  const skip = async (reason: string): Promise<RemediationResult> => {
    await audit(deps, request, { linkKey, incidentId: row?.incidentId, step: 'decision', action: 'skip', outcome: 'skipped', reason });
    return { outcome: 'skipped', reason, incidentId: row?.incidentId };
  };
  if (stored && row && IN_FLIGHT_STATES.includes(row.state)) {
    return canTakeOver(row, request, now, delivery) ? takeOverAttempt(deps, request, stored, now) : skip('in-progress');
  }
  if (row?.state === 'awaiting-postcheck') {
    // The post-check is normally a message of its own; if it is long overdue (lost), this request does it.
    const overdue = Date.parse(row.postcheckDueAt ?? '') + 10 * 60_000 <= now.getTime();
    return overdue ? handlePostcheck(deps, { ...request, kind: 'postcheck', incidentId: row.incidentId }, now, delivery) : skip('awaiting-postcheck');
  }
  if (row?.state === 'resolved' && request.incidentId === row.incidentId) return skip('incident-closed');
  const state = await deps.linkStates.get(linkKey);
  const ctx = incidentFor(stored, request, state, linkKey, now, deps.newId);
  const facts = await gatherStoredInput(deps, request, state, ctx.incident, now);
  const early = prePlanRemediation(facts);
  if (early) return applyDecision(deps, request, ctx, early, withoutFreshFacts(facts));
  const input = await gatherPlanInput(deps, facts);
  const decision = planRemediation(input);
  return decision.action === 'reset' ? executeReset(deps, request, ctx, decision, input, now) : applyDecision(deps, request, ctx, decision, input);
}
