import { followUpAt } from '../../core/remediation/followUpAt';
import type { PlanInput, RemediationDecision } from '../../core/remediation/planRemediation';
import type { RemediationRequest } from '../../core/remediation/remediationRequest';
import { audit } from './audit';
import { scheduleFollowUp, writeIncident, type IncidentContext } from './incidentRecords';
import type { AuditOutcome, RemediationDeps, RemediationResult } from './remediationPorts';

const OUTCOMES: Record<RemediationDecision['action'], AuditOutcome> = {
  reset: 'accepted',
  skip: 'skipped',
  escalate: 'escalated',
  quarantine: 'quarantined',
};

/** Records and carries out a decision that is not a reset: skip (maybe re-check later), escalate or quarantine. */
export async function applyDecision(
  deps: RemediationDeps,
  request: RemediationRequest,
  ctx: IncidentContext,
  decision: RemediationDecision,
  input: PlanInput,
): Promise<RemediationResult> {
  const { incident } = ctx;
  const gatewayId = input.fresh?.gatewayId ?? incident.gatewayId;
  await audit(deps, request, {
    linkKey: incident.linkKey,
    incidentId: ctx.etag === undefined && decision.action === 'skip' ? undefined : incident.incidentId,
    step: 'decision',
    action: decision.action,
    outcome: OUTCOMES[decision.action],
    reason: decision.reason,
    guards: decision.guards,
    attempt: incident.attempts,
  });
  const breakerHeld = decision.guards.find((g) => g.name === 'blast-radius')?.passed;
  if (breakerHeld === true && input.fresh && gatewayId) await deps.ledger.closeOutage(gatewayId);
  const result = { outcome: OUTCOMES[decision.action], reason: decision.reason, incidentId: incident.incidentId };
  if (decision.action === 'skip') {
    await afterSkip(deps, request, ctx, decision.reason, input);
    return result;
  }
  const target = decision.action === 'quarantine' ? 'quarantined' : 'escalated';
  const changed = incident.state !== target || incident.lastReason !== decision.reason;
  const written = changed ? await writeIncident(deps, ctx, { ...incident, gatewayId, state: target, lastReason: decision.reason, updatedAt: input.now.toISOString() }) : undefined;
  const first = decision.reason === 'blast-radius' ? gatewayId !== undefined && (await deps.ledger.openOutage(gatewayId, input.now)) : written !== undefined;
  if (first) {
    await deps.events.emit({ kind: target, reason: decision.reason, linkId: request.linkId, gatewayId, incidentId: incident.incidentId, at: input.now.toISOString() });
  }
  const recheck = followUpAt(decision.reason, input);
  if (recheck) await scheduleFollowUp(deps, written ? { incident: written.value, etag: written.etag, isNew: false } : ctx, request, recheck, decision.reason);
  return result;
}

async function afterSkip(deps: RemediationDeps, request: RemediationRequest, ctx: IncidentContext, reason: string, input: PlanInput): Promise<void> {
  const { incident } = ctx;
  if (reason === 'not-down') {
    // The link is up again: close the incident we were holding for it.
    if (!ctx.isNew && incident.state !== 'resolved') {
      await writeIncident(deps, ctx, { ...incident, state: 'resolved', lastReason: 'recovered', updatedAt: input.now.toISOString() });
    }
    return;
  }
  const recheck = followUpAt(reason, input);
  if (recheck) await scheduleFollowUp(deps, ctx, request, recheck, reason);
}
