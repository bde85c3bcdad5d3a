import { isWithinScope } from '../../core/ids/armId';
import { TunnelwatchError } from '../../core/errors';
import { planRemediation, type RemediationDecision } from '../../core/remediation/planRemediation';
import { buildRemediationRequest } from '../../core/remediation/remediationRequest';
import { resolveLink } from '../queries/resolveLink';
import { audit } from './audit';
import { enqueueGated } from './enqueueGated';
import { gatherPlanInput, gatherStoredInput } from './gatherPlanInput';
import { incidentFor } from './incidentRecords';
import type { RemediationDeps } from './remediationPorts';

export interface ManualResetResult {
  /** decided: a dry run's decision; enqueued: queued for the actuator; already-queued: a request for the link is queued already. */
  readonly status: 'decided' | 'enqueued' | 'already-queued';
  readonly requestId: string;
  readonly linkId: string;
  /** The decision, for a dry run (nothing was done). */
  readonly decision?: RemediationDecision;
}

/**
 * An operator's reset, through the same guards as every other request: a dry run decides on fresh state (one link
 * read) and returns the decision without acting; otherwise the request is queued for the actuator, unless one is
 * already queued for the link (its request gate; audited `already-queued`). One link per request.
 * The link is a key, ARM id or name path (resolveLink). Throws LINK.NOT_FOUND for a link not in link state,
 * LINK.AMBIGUOUS for a name that matches several, and LINK.OUT_OF_SCOPE for a link we do not watch.
 */
export async function requestManualReset(
  deps: RemediationDeps,
  reference: string,
  options: {
    readonly dryRun: boolean;
    readonly requestedBy: string;
    readonly claimedBy?: string;
    readonly subscription?: string;
  },
  now: Date,
): Promise<ManualResetResult> {
  // Keys cannot be decoded to ids: only a link the poller has recorded can be named (LINK.NOT_FOUND otherwise).
  const state = await resolveLink({ links: deps.linkStates }, reference, {
    subscription: options.subscription,
  });
  const linkId = state.id;
  const linkKey = state.key;
  if (!deps.settings.scopes.some((s) => isWithinScope(linkId, s))) {
    throw new TunnelwatchError(
      'LINK.OUT_OF_SCOPE',
      'the link is outside the configured scopes; tunnelwatch will not act on it',
    );
  }
  const request = buildRemediationRequest({
    requestId: deps.newId(),
    kind: 'remediate',
    linkId,
    source: 'operator',
    requestedBy: options.requestedBy.slice(0, 200) || 'operator',
    claimedBy: options.claimedBy?.slice(0, 200) || undefined,
    requestedAt: now,
    dryRun: options.dryRun,
  });
  if (!options.dryRun) {
    if (await enqueueGated(deps, request, linkKey, now)) return { status: 'enqueued', requestId: request.requestId, linkId };
    await audit(deps, request, { linkKey, step: 'decision', action: 'skip', outcome: 'skipped', reason: 'already-queued' });
    return { status: 'already-queued', requestId: request.requestId, linkId };
  }
  const stored = await deps.incidents.get(linkKey);
  const ctx = incidentFor(stored, request, state, linkKey, now, deps.newId);
  // An operator's explicit dry run reads the link fresh (one link) even when a stored fact already refuses, so the
  // answer shows every guard; a queued request is decided on stored facts first.
  const decision = planRemediation(await gatherPlanInput(deps, await gatherStoredInput(deps, request, state, ctx.incident, now)));
  await audit(deps, request, {
    linkKey,
    step: 'dry-run',
    action: decision.action,
    outcome: 'skipped',
    reason: decision.reason,
    guards: decision.guards,
  });
  return { status: 'decided', requestId: request.requestId, linkId, decision };
}
