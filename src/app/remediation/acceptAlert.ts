import { parseAlert } from '../../core/remediation/parseAlert';
import { buildRemediationRequest, type RemediationRequest } from '../../core/remediationRequest';
import type { LinkStateReader, RemediationQueue } from '../ports';
import { mapAlertToLinks } from './mapAlertToLinks';
import { ALERT_CLAIM_STALE_MS, type AlertDedup, type AuditStore, type TokenValidator } from './remediationPorts';

export interface AlertDeps {
  readonly linkStates: LinkStateReader;
  readonly queue: RemediationQueue;
  readonly dedup: AlertDedup;
  readonly audit: AuditStore;
  readonly scopes: readonly string[];
  readonly newId: () => string;
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
  /** With status retry: when the sender's retry can complete the delivery. */
  readonly retryAfterSeconds?: number;
}

const RETRY_AFTER_SECONDS = Math.ceil(ALERT_CLAIM_STALE_MS / 1000);

/**
 * The webhook use case: parse, dedupe on alert id + monitor condition, map to links the poller knows, enqueue one
 * request per link and answer. It never calls ARM: the actuator decides on fresh state (an alert is a hint), and
 * targets link state does not know are audited, not queued, so a forged alert costs no ARM read.
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
    const states = await deps.linkStates.list();
    if (states.length === 0) {
      await deps.dedup.release(dedupKey);
      return await record('retry', 'no-link-state-yet');
    }
    const mapping = mapAlertToLinks(alert.targets, states, deps.scopes);
    for (const link of mapping.links) await deps.queue.send(requestFor(deps, alert.alertId, link, now));
    await deps.dedup.markEnqueued(dedupKey);
    const unknown =
      mapping.unknown.length > 0
        ? `; ${mapping.unknown.length} target(s) unknown to link state, not queued`
        : '';
    if (mapping.links.length > 0)
      return await record(
        'accepted',
        'enqueued',
        mapping.links.map((l) => l.linkId),
        unknown,
      );
    return await record(
      'ignored',
      mapping.unknown.length > 0 ? 'no-known-links' : 'out-of-scope',
      [],
      unknown,
    );
  } catch (error) {
    await deps.dedup.release(dedupKey).catch(() => undefined);
    throw error;
  }
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
