import type { Incident } from '../../core/remediation/incident';
import type { LinkState } from '../../core/linkState/linkState';
import { buildRemediationRequest, type RemediationRequest } from '../../core/remediation/remediationRequest';
import type { RemediationDeps, Versioned } from './remediationPorts';

/** The incident a request works on: the stored row, or a new one (not yet stored) replacing a closed one. */
export interface IncidentContext {
  readonly incident: Incident;
  /** ETag of the stored row this context was derived from; undefined when no row exists yet. */
  readonly etag?: string;
  /** True when `incident` is a new one that replaces (or creates) the stored row on its first write. */
  readonly isNew: boolean;
}

/**
 * Picks the incident for a request. One row per link: a closed (resolved) incident, or a quarantined one that the
 * poller has since replaced with a new incident id, gives way to a fresh incident that keeps the cooldown facts.
 */
export function incidentFor(
  stored: Versioned<Incident> | undefined,
  request: RemediationRequest,
  state: LinkState | undefined,
  linkKey: string,
  now: Date,
  newId: () => string,
): IncidentContext {
  const row = stored?.value;
  const replace =
    row === undefined ||
    row.state === 'resolved' ||
    (row.state === 'quarantined' && request.incidentId !== undefined && request.incidentId !== row.incidentId);
  if (!replace) return { incident: row, etag: stored?.etag, isNew: false };
  const candidates = [request.incidentId, state?.incidentId].filter((id): id is string => id !== undefined && id !== row?.incidentId);
  const fresh: Incident = {
    linkKey,
    linkId: request.linkId,
    gatewayId: state?.gatewayId ?? row?.gatewayId,
    incidentId: candidates[0] ?? `inc-${newId()}`,
    state: 'open',
    attempts: 0,
    openedAt: now.toISOString(),
    updatedAt: now.toISOString(),
    lastClaimAt: row?.lastClaimAt,
    lastResetAt: row?.lastResetAt,
  };
  return { incident: fresh, etag: stored?.etag, isNew: true };
}

/** Writes a context's incident: insert when no row existed, otherwise conditional on the ETag it was read with. */
export async function writeIncident(deps: RemediationDeps, ctx: IncidentContext, next: Incident): Promise<Versioned<Incident> | undefined> {
  return ctx.etag === undefined ? deps.incidents.create(next) : deps.incidents.replace(next, ctx.etag);
}

/**
 * A write by the holder of a claim: re-reads on conflict and re-applies the change as long as the claim is still
 * ours (other requests may have touched the row); returns undefined once someone else has taken the incident over.
 */
export async function ownerUpdate(
  deps: RemediationDeps,
  linkKey: string,
  claimToken: string,
  change: (current: Incident) => Incident,
): Promise<Versioned<Incident> | undefined> {
  for (let i = 0; i < 5; i++) {
    const current = await deps.incidents.get(linkKey);
    if (!current || current.value.claimedBy !== claimToken) return undefined;
    const written = await deps.incidents.replace({ ...change(current.value), updatedAt: deps.clock.now().toISOString() }, current.etag);
    if (written) return written;
  }
  return undefined;
}

/**
 * Makes sure one delayed re-check is pending for the incident at `at` (no more than one per incident, so
 * duplicate messages that all hit a temporary guard do not multiply). Returns true when it enqueued one.
 */
export async function scheduleFollowUp(
  deps: RemediationDeps,
  ctx: IncidentContext,
  request: RemediationRequest,
  at: Date,
  reason: string,
): Promise<boolean> {
  const now = deps.clock.now();
  const pending = ctx.incident.followUpAt !== undefined && Date.parse(ctx.incident.followUpAt) > now.getTime();
  if (pending) return false;
  const written = await writeIncident(deps, ctx, { ...ctx.incident, followUpAt: at.toISOString(), lastReason: reason, updatedAt: now.toISOString() });
  if (!written) return false;
  await deps.queue.send(followUpRequest(deps, request, written.value.incidentId, 'remediate'), {
    visibilityDelayMs: Math.max(0, at.getTime() - now.getTime()),
  });
  return true;
}

export function followUpRequest(deps: RemediationDeps, origin: RemediationRequest, incidentId: string, kind: RemediationRequest['kind']): RemediationRequest {
  return buildRemediationRequest({
    requestId: deps.newId(),
    kind,
    linkId: origin.linkId,
    source: kind === 'postcheck' ? 'postcheck' : origin.source,
    incidentId,
    requestedAt: deps.clock.now(),
    alertId: origin.alertId,
    requestedBy: origin.requestedBy,
  });
}
