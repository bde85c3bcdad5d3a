import { parseAlert } from '../../core/remediation/parseAlert';
import { ALERT_BOUNDS } from '../../core/remediation/alertBounds';
import { buildRemediationRequest, type RemediationRequest } from '../../core/remediation/remediationRequest';
import type { RemediationQueue } from '../ports';
import { mapAlertToLinks, type AlertMapping, type MappedLink } from './mapAlertToLinks';
import { ALERT_CLAIM_STALE_MS, type AlertDedup, type AuditStore, type LinkStateRanges, type RequestGate, type TokenValidator } from './remediationPorts';
import { enqueueGated } from './enqueueGated';

export interface AlertDeps {
  readonly linkStates: LinkStateRanges;
  readonly queue: RemediationQueue;
  readonly requestGate: RequestGate;
  readonly dedup: AlertDedup;
  readonly audit: AuditStore;
  readonly scopes: readonly string[];
  readonly downStatuses: readonly string[];
  readonly newId: () => string;
  /** Links one alert may queue (default ALERT_BOUNDS.maxQueuedLinks). */
  readonly maxQueuedLinks?: number;
}

/** What the webhook edge needs around the use case: body limit, optional token check, clock. */
export interface AlertHttpDeps extends AlertDeps {
  readonly maxBodyBytes: number;
  /** Present when TW_ALERT_AAD_TENANT_ID is set: Azure Monitor secure webhook tokens are then required too. */
  readonly tokenValidator?: TokenValidator;
  readonly clock: { now(): Date };
}

export interface AlertAcceptance {
  /**
   * accepted: requests enqueued; duplicate: a retry of a delivery already completed; ignored: nothing to do;
   * retry: not done yet (an earlier attempt is still in flight, or no link state exists yet): the sender must retry.
   */
  readonly status: 'accepted' | 'duplicate' | 'ignored' | 'retry';
  readonly reason: string;
  readonly alertId: string;
  readonly monitorCondition: string;
  readonly linkIds: readonly string[];
  /** Links whose request was not queued because one is already queued for them (the link's request gate). */
  readonly alreadyQueued?: number;
  /** With status retry: when the sender's retry can complete the delivery. */
  readonly retryAfterSeconds?: number;
}

const RETRY_AFTER_SECONDS = Math.ceil(ALERT_CLAIM_STALE_MS / 1000);

/**
 * The webhook use case: parse, dedupe on alert id + monitor condition, map to links the poller knows (a gateway or
 * connection to its links stored as down, bounded), enqueue one request per link unless one is already queued for
 * it, and answer. It never calls ARM: the actuator decides (an alert is a hint), and targets link state does not know
 * are audited, not queued, so a forged alert costs no ARM read.
 * A delivery is acknowledged as done only once it completed: a claim still in flight, a failure (claim released)
 * and an alert before the first poll (no link state at all) ask the sender to retry.
 * Throws REQUEST.INVALID for bodies that are not alerts at all (the function answers 400).
 */
export async function acceptAlert(deps: AlertDeps, body: unknown, now: Date): Promise<AlertAcceptance> {
  const alert = parseAlert(body);
  const base = { alertId: alert.alertId, monitorCondition: alert.monitorCondition, linkIds: [] as string[] };
  const record = async (
    status: AlertAcceptance['status'],
    reason: string,
    linkIds: readonly string[] = [],
    detail = '',
  ): Promise<AlertAcceptance> => {
    await deps.audit.append({
      id: deps.newId(),
      at: now.toISOString(),
      source: 'alert',
      actor: alert.alertId || 'unidentified alert',
      step: 'webhook',
      action: status === 'accepted' ? 'enqueue' : 'acknowledge',
      outcome: status === 'accepted' ? 'enqueued' : status === 'retry' ? 'busy' : 'ignored',
      reason: (linkIds.length > 0 ? `${reason}: ${linkIds.length} link(s)` : reason) + detail,
    });
    return {
      ...base,
      status,
      reason,
      linkIds,
      ...(status === 'retry' && { retryAfterSeconds: RETRY_AFTER_SECONDS }),
    };
  };
  if (alert.kind === 'ignored') return record('ignored', alert.reason);
  const dedupKey = `${alert.alertId}|${alert.monitorCondition}`;
  const claim = await deps.dedup.claim(dedupKey, now);
  if (claim === 'duplicate') return { ...base, status: 'duplicate', reason: 'already-enqueued' };
  if (claim === 'in-flight')
    return { ...base, status: 'retry', reason: 'in-flight', retryAfterSeconds: RETRY_AFTER_SECONDS };
  try {
    const maxLinks = deps.maxQueuedLinks ?? ALERT_BOUNDS.maxQueuedLinks;
    const mapping = await mapAlertToLinks(alert.targets, deps.linkStates, { scopes: deps.scopes, downStatuses: deps.downStatuses, maxLinks });
    if (mapping.links.length === 0 && mapping.unknown.length > 0 && !(await deps.linkStates.anyRecorded())) {
      await deps.dedup.release(dedupKey);
      return await record('retry', 'no-link-state-yet');
    }
    const queued: string[] = [];
    let alreadyQueued = 0;
    for (const link of mapping.links) {
      const request = requestFor(deps, alert.alertId, link, now);
      if (await enqueueGated(deps, request, link.linkKey, now)) queued.push(link.linkId);
      else {
        alreadyQueued++;
        await auditAlreadyQueued(deps, alert.alertId, link, request.requestId, now);
      }
    }
    await deps.dedup.markEnqueued(dedupKey);
    const detail = mappingDetail(mapping, maxLinks, alreadyQueued);
    const counted = alreadyQueued > 0 ? { alreadyQueued } : {};
    if (queued.length > 0) return { ...(await record('accepted', 'enqueued', queued, detail)), ...counted };
    const reason = alreadyQueued > 0 ? 'already-queued' : mapping.unknown.length > 0 ? 'no-known-links' : mapping.notDown > 0 ? 'no-down-links' : 'out-of-scope';
    return { ...(await record('ignored', reason, [], detail)), ...counted };
  } catch (error) {
    await deps.dedup.release(dedupKey).catch(() => undefined);
    throw error;
  }
}

/** One row per link the request gate refused: its request is queued already, this alert adds none. */
async function auditAlreadyQueued(deps: AlertDeps, alertId: string, link: MappedLink, requestId: string, now: Date): Promise<void> {
  await deps.audit.append({
    id: deps.newId(),
    at: now.toISOString(),
    source: 'alert',
    actor: alertId || 'unidentified alert',
    linkId: link.linkId,
    linkKey: link.linkKey,
    requestId,
    step: 'webhook',
    action: 'acknowledge',
    outcome: 'ignored',
    reason: 'already-queued',
  });
}

/** What the one webhook audit row adds about links not queued. */
function mappingDetail(mapping: AlertMapping, maxLinks: number, alreadyQueued: number): string {
  const parts = [
    mapping.unknown.length > 0 && `${mapping.unknown.length} target(s) unknown to link state, not queued`,
    mapping.notDown > 0 && `${mapping.notDown} link(s) not stored as down, not queued`,
    mapping.overCap > 0 && `${mapping.overCap} down link(s) over the cap of ${maxLinks}, not queued`,
    alreadyQueued > 0 && `${alreadyQueued} link(s) already queued`,
  ].filter((p): p is string => typeof p === 'string');
  return parts.map((p) => `; ${p}`).join('');
}

function requestFor(
  deps: AlertDeps,
  alertId: string,
  link: { linkId: string; incidentId?: string },
  now: Date,
): RemediationRequest {
  return buildRemediationRequest({
    requestId: deps.newId(),
    kind: 'remediate',
    linkId: link.linkId,
    source: 'alert',
    alertId,
    requestedAt: now,
    incidentId: link.incidentId,
  });
}
